package io.vpngw.cli.p2s;

import io.vpngw.gateway.net.Ipv4Prefix;
import io.vpngw.gateway.sstp.HashProtocol;
import io.vpngw.gateway.sstp.PointToSiteSettings;
import io.vpngw.gateway.sstp.SstpClient;
import io.vpngw.gateway.sstp.SstpClientRunner;
import io.vpngw.operator.pki.CertifiedKey;
import io.vpngw.operator.pki.Pem;
import io.vpngw.operator.pki.Pkcs12;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vpngw p2s connect}: the project's SSTP client. One session prints the address and DNS
 * the gateway assigned and, with {@code --tun}, carries traffic for {@code --route} prefixes;
 * {@code --sessions N} opens N at once and reports setup times, as a load tool.
 */
@Command(name = "connect",
        description = "Connect to a gateway over SSTP with a client certificate; print the assigned address and DNS; "
                + "run until Ctrl-C (or --duration). --sessions N opens N concurrent sessions and reports setup times.")
final class ConnectCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "HOST[:PORT]",
            description = "The gateway's public name or address (port 443 unless given; [v6]:port for IPv6).")
    String server;

    @Option(names = "--ca", required = true, paramLabel = "FILE",
            description = "PEM of the CA (or chain) the gateway's SSTP certificate must chain to, e.g. from `vpngw p2s profile`.")
    Path ca;

    @Option(names = "--cert", paramLabel = "FILE", description = "Client certificate chain (PEM).")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "Client private key (PEM).")
    Path key;

    @Option(names = "--pkcs12", paramLabel = "FILE", description = "Client certificate and key as PKCS#12, instead of --cert/--key.")
    Path pkcs12;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File whose first line is the PKCS#12 password.")
    Path passwordFile;

    @Option(names = "--tun", paramLabel = "NAME", description = "Bridge a TUN device of this name (needs NET_ADMIN).")
    String tun;

    @Option(names = "--route", paramLabel = "PREFIX", split = ",", description = "Prefixes to route through the TUN device.")
    List<String> routes = new ArrayList<>();

    @Option(names = "--sessions", paramLabel = "N", description = "Open N concurrent sessions (load); default ${DEFAULT-VALUE}.")
    int sessions = 1;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Disconnect after this long (e.g. 30s, 5m, PT1H; 0 = right after setup); default: until Ctrl-C.")
    Duration duration;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a session's setup may take (default: 60s).")
    Duration connectTimeout = Duration.ofSeconds(60);

    @Option(names = "--no-hostname-check", description = "Accept a gateway certificate that does not name --server (testing only).")
    boolean noHostnameCheck;

    /** Completed to end the run; tests complete it themselves instead of sending Ctrl-C. */
    final CompletableFuture<Void> stop = new CompletableFuture<>();

    @Override
    public Integer call() throws Exception {
        return UserErrors.run(spec, this::connect);
    }

    private int connect() throws Exception {
        if (sessions < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sessions must be at least 1");
        }
        if (sessions > 1 && tun != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tun bridges one session; leave it out with --sessions");
        }
        if (!routes.isEmpty() && tun == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--route needs --tun");
        }
        HostPort target = HostPort.parse(server, PointToSiteSettings.SSTP_PORT);
        CertifiedKey identity = clientIdentity();
        List<Ipv4Prefix> prefixes = routes.stream().map(String::strip).map(Ipv4Prefix::parse).toList();
        SstpClient.Settings settings = new SstpClient.Settings(target.host(), target.port(), Pem.decodeCertificates(Files.readString(ca)),
                !noHostnameCheck, identity.privateKey(), identity.chain(), identity.certificate().getSubjectX500Principal().getName(),
                HashProtocol.SHA256, false);

        Thread hook = Thread.ofPlatform().unstarted(() -> stop.complete(null));
        Runtime.getRuntime().addShutdownHook(hook);
        if (duration != null) {
            stop.completeOnTimeout(null, duration.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        }
        try {
            SstpClientRunner runner = new SstpClientRunner(spec.commandLine().getOut(), spec.commandLine().getErr());
            if (sessions == 1) {
                return runner.runSession(new SstpClientRunner.Session(settings, tun, prefixes, connectTimeout), stop);
            }
            SstpClientRunner.LoadReport report = runner.runLoad(settings, sessions, connectTimeout, stop);
            return report.established() == sessions ? 0 : 1;
        } finally {
            removeHook(hook);
        }
    }

    private CertifiedKey clientIdentity() throws Exception {
        boolean pem = cert != null || key != null;
        if (pem == (pkcs12 != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give the client certificate as --cert FILE --key FILE or as --pkcs12 FILE --password-file FILE");
        }
        if (pem) {
            if (cert == null || key == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--cert and --key go together");
            }
            return CertifiedKey.fromPem(Files.readString(cert), Files.readString(key));
        }
        if (passwordFile == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--pkcs12 needs --password-file FILE (the password is never taken on the command line)");
        }
        char[] password = SecretFiles.readPassword(passwordFile);
        try {
            return Pkcs12.read(Files.readAllBytes(pkcs12), password);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting because of Ctrl-C: the hook has run
        }
    }

    /** {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port}. */
    record HostPort(String host, int port) {
        static HostPort parse(String text, int defaultPort) {
            String t = text.strip();
            if (t.startsWith("[")) {
                int close = t.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("--server " + text + ": missing ]");
                }
                String rest = t.substring(close + 1);
                return new HostPort(t.substring(1, close), rest.isEmpty() ? defaultPort : port(rest.substring(1), text));
            }
            int colon = t.indexOf(':');
            if (colon >= 0 && colon == t.lastIndexOf(':')) {
                return new HostPort(t.substring(0, colon), port(t.substring(colon + 1), text));
            }
            return new HostPort(t, defaultPort); // a bare name, IPv4 address or unbracketed IPv6 address
        }

        private static int port(String digits, String text) {
            try {
                int p = Integer.parseInt(digits);
                if (p >= 1 && p <= 65535) {
                    return p;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("--server " + text + ": the port must be 1 to 65535");
        }
    }
}
