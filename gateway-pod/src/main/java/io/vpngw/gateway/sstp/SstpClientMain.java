package io.vpngw.gateway.sstp;

import io.vpngw.gateway.net.Ipv4Prefix;
import io.vpngw.gateway.p2s.Pem;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The SSTP client as a bare process, for tests that start it in another network namespace
 * without the command line's dependencies ({@code vpngw p2s connect} is the user's way, and both
 * run {@link SstpClientRunner}): connects with a client certificate, prints the address it was
 * given, and with {@code --tun NAME} bridges a TUN device. Arguments: {@code --server HOST
 * --port N --ca FILE --cert FILE --key FILE [--tun NAME] [--route PREFIX]... [--no-hostname-check]}.
 */
public final class SstpClientMain {
    private SstpClientMain() {}

    public static void main(String[] args) throws Exception {
        String server = null;
        int port = PointToSiteSettings.SSTP_PORT;
        Path ca = null;
        Path cert = null;
        Path key = null;
        String tunName = null;
        boolean hostnameCheck = true;
        List<Ipv4Prefix> routes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--server" -> server = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--ca" -> ca = Path.of(args[++i]);
                case "--cert" -> cert = Path.of(args[++i]);
                case "--key" -> key = Path.of(args[++i]);
                case "--tun" -> tunName = args[++i];
                case "--route" -> routes.add(Ipv4Prefix.parse(args[++i]));
                case "--no-hostname-check" -> hostnameCheck = false;
                default -> usage("unexpected " + args[i]);
            }
        }
        if (server == null || ca == null || cert == null || key == null) {
            usage("--server, --ca, --cert and --key are required");
        }
        var chain = Pem.certificates(Files.readString(cert));
        SstpClient.Settings settings = new SstpClient.Settings(server, port, Pem.certificates(Files.readString(ca)),
                hostnameCheck, Pem.privateKey(Files.readString(key)), chain,
                chain.getFirst().getSubjectX500Principal().getName(), HashProtocol.SHA256, false);
        CompletableFuture<Void> stop = new CompletableFuture<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.complete(null)));
        SstpClientRunner runner = new SstpClientRunner(new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        int code = runner.runSession(new SstpClientRunner.Session(settings, tunName, routes, Duration.ofSeconds(60)), stop);
        if (code != 0) {
            System.exit(code);
        }
    }

    private static void usage(String problem) {
        System.err.println(problem + "\nusage: sstp-client --server HOST [--port N] --ca FILE --cert FILE --key FILE"
                + " [--tun NAME] [--route PREFIX]... [--no-hostname-check]");
        System.exit(2);
    }
}
