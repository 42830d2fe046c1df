package io.vpngw.gateway.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A real strongSwan charon in its own network namespace, configured from
 * {@link StrongSwanConnection} records and driven through swanctl over its own vici socket.
 *
 * <p>Everything lives in the site's directory: strongswan.conf, swanctl.conf, {@code charon.log},
 * {@code charon.vici}, and {@code run/}, which is bind-mounted over {@code /run} in charon's
 * private mount namespace because charon 5.9 insists on {@code /var/run/charon.pid} and would
 * refuse to start next to another charon.
 */
public final class StrongSwanSite implements AutoCloseable {

    public static final Path CHARON = Path.of("/usr/lib/ipsec/charon");
    public static final Path SWANCTL = Path.of("/usr/sbin/swanctl");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    /** swanctl's own wait for initiate/terminate; the command itself gets a little longer. */
    private static final int SWANCTL_WAIT_SECONDS = 15;
    private static final Duration SWANCTL_TIMEOUT = Duration.ofSeconds(SWANCTL_WAIT_SECONDS + 10);
    private static final int LOG_LINES_IN_FAILURES = 60;
    /** sun_path: 108 bytes including the terminating NUL. */
    private static final int LONGEST_SOCKET_PATH = 107;

    private final String name;
    private final NetworkNamespace namespace;
    private final Path directory;
    private final List<StrongSwanConnection> connections;
    private NamespaceProcess charon;
    /** A swanctl.conf written as given instead of from {@link #connections}, for a road warrior; null otherwise. */
    private String roadWarriorConf;

    StrongSwanSite(String name, NetworkNamespace namespace, Path directory, List<StrongSwanConnection> connections) {
        this.name = SwanctlSyntax.requireName(name);
        this.namespace = namespace;
        this.directory = directory;
        this.connections = List.copyOf(connections);
        if (this.connections.stream().map(StrongSwanConnection::name).distinct().count() != this.connections.size()) {
            throw new IllegalArgumentException("site " + name + " has two connections of the same name");
        }
        if (viciSocket().toString().length() > LONGEST_SOCKET_PATH) {
            throw new IllegalArgumentException("the vici socket path is too long for a unix socket ("
                    + viciSocket().toString().length() + " > " + LONGEST_SOCKET_PATH + "): " + viciSocket());
        }
    }

    public String name() {
        return name;
    }

    public NetworkNamespace namespace() {
        return namespace;
    }

    public Path directory() {
        return directory;
    }

    public List<StrongSwanConnection> connections() {
        return connections;
    }

    public Path viciSocket() {
        return directory.resolve("charon.vici");
    }

    public Path charonLogFile() {
        return directory.resolve("charon.log");
    }

    public Path strongswanConf() {
        return directory.resolve("strongswan.conf");
    }

    public Path swanctlConf() {
        return directory.resolve("swanctl.conf");
    }

    /**
     * Writes the configuration and starts charon; returns once charon answers on its vici socket.
     * Fails with charon's output and log if it exits or does not answer within 10 s.
     */
    public synchronized StrongSwanSite start() {
        if (charon != null && charon.isAlive()) {
            throw new IllegalStateException("charon of " + name + " is already running: " + charon);
        }
        Path runDirectory = directory.resolve("run");
        try {
            Files.createDirectories(runDirectory);
            Files.deleteIfExists(viciSocket());
            Files.deleteIfExists(runDirectory.resolve("charon.pid"));
            Files.writeString(strongswanConf(), strongswanConfText());
            Files.writeString(swanctlConf(), roadWarriorConf != null ? roadWarriorConf : SwanctlSyntax.swanctlConf(connections));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + directory, e);
        }
        charon = namespace.start("charon-" + name,
                List.of("sh", "-c", "mount --bind \"$1\" /run && exec \"$2\"", "sh", runDirectory.toString(), CHARON.toString()),
                Map.of("STRONGSWAN_CONF", strongswanConf().toString()));
        NamespaceProcess started = charon;
        boolean listening = BoundedWait.until(START_TIMEOUT, () -> {
            if (!started.isAlive()) {
                throw new IllegalStateException("charon of " + name + " exited during start-up" + diagnostics());
            }
            return Files.exists(viciSocket());
        });
        if (!listening) {
            throw new IllegalStateException("charon of " + name + " did not open " + viciSocket() + " within "
                    + START_TIMEOUT + diagnostics());
        }
        // The socket appears while plugins load, before charon may still abort its initialisation;
        // a served request proves the daemon is up.
        requireSuccess(swanctl("--stats"), "asking the freshly started charon for its statistics");
        return this;
    }

    /**
     * Makes this site a road warrior: {@code swanctlConf} (with certificates and {@code vips}) is
     * loaded as written, and charon installs the virtual IP it is given, so traffic can come
     * from it. Call before {@link #start()}.
     */
    public StrongSwanSite roadWarrior(String swanctlConf) {
        this.roadWarriorConf = swanctlConf;
        return this;
    }

    /** Loads swanctl.conf (connections and secrets) into charon. */
    public StrongSwanSite load() {
        requireSuccess(swanctl("--load-all", "--file", swanctlConf().toString()), "loading " + swanctlConf());
        return this;
    }

    /** Starts and loads. */
    public StrongSwanSite startAndLoad() {
        return start().load();
    }

    /**
     * Initiates the IKE_SA {@code ike} with the CHILD_SA {@code child} and waits until both are up;
     * fails with swanctl's account and charon's log when they are not.
     */
    public CommandResult initiate(String ike, String child) {
        return requireSuccess(swanctl("--initiate", "--ike", ike, "--child", child,
                "--timeout", Integer.toString(SWANCTL_WAIT_SECONDS)), "initiating " + ike + "/" + child);
    }

    /** Deletes the IKE_SA {@code ike} and its children, waiting for the peer to confirm. */
    public CommandResult terminate(String ike) {
        return requireSuccess(swanctl("--terminate", "--ike", ike, "--timeout", Integer.toString(SWANCTL_WAIT_SECONDS)),
                "terminating " + ike);
    }

    /** Deletes the CHILD_SA {@code child}, keeping its IKE_SA. */
    public CommandResult terminateChild(String child) {
        return requireSuccess(swanctl("--terminate", "--child", child, "--timeout", Integer.toString(SWANCTL_WAIT_SECONDS)),
                "terminating child " + child);
    }

    /**
     * Asks charon to rekey the CHILD_SA {@code child} (with a key exchange when its proposal names
     * a PFS group). swanctl returns at once; wait for the result with {@link #awaitIkeSa}.
     */
    public CommandResult rekeyChild(String child) {
        return requireSuccess(swanctl("--rekey", "--child", child), "rekeying child " + child);
    }

    /** Every IKE_SA charon has now, with their CHILD_SAs. */
    public List<IkeSaStatus> listSas() {
        CommandResult result = requireSuccess(swanctl("--list-sas", "--pretty"), "listing SAs");
        return IkeSaStatus.parseListSas(result.stdout());
    }

    /** The IKE_SA of that connection name, if there is one. */
    public Optional<IkeSaStatus> ikeSa(String ike) {
        return listSas().stream().filter(sa -> sa.name().equals(ike)).findFirst();
    }

    /** Waits until an IKE_SA of that name satisfies the condition; fails with the SAs and the log. */
    public IkeSaStatus awaitIkeSa(String ike, Predicate<IkeSaStatus> condition, Duration timeout) {
        return BoundedWait.poll(timeout, () -> ikeSa(ike).filter(condition)).orElseThrow(() -> new AssertionError(
                "IKE_SA " + ike + " of " + name + " did not reach the expected state within " + timeout
                        + "; now: " + listSas() + diagnostics()));
    }

    /** Waits until no IKE_SA of that name is left. */
    public void awaitNoIkeSa(String ike, Duration timeout) {
        if (!BoundedWait.until(timeout, () -> ikeSa(ike).isEmpty())) {
            throw new AssertionError("IKE_SA " + ike + " of " + name + " still exists after " + timeout
                    + ": " + ikeSa(ike) + diagnostics());
        }
    }

    /** Runs {@code swanctl COMMAND --uri <this charon> ARGS...}; the result is returned as is. */
    public CommandResult swanctl(String command, String... arguments) {
        List<String> line = new ArrayList<>(List.of(SWANCTL.toString(), command, "--uri", "unix://" + viciSocket()));
        line.addAll(List.of(arguments));
        return Commands.run(line, Map.of("STRONGSWAN_CONF", strongswanConf().toString()), SWANCTL_TIMEOUT);
    }

    /** charon's log so far (IKE at level 2), for failure messages. */
    public String log() {
        try {
            return Files.exists(charonLogFile()) ? Files.readString(charonLogFile(), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of charon's log. */
    public String logTail(int lines) {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    public boolean isRunning() {
        return charon != null && charon.isAlive();
    }

    /** charon's PID. */
    public long pid() {
        if (charon == null) {
            throw new IllegalStateException("charon of " + name + " was never started");
        }
        return charon.pid();
    }

    /** Stops charon: SIGTERM, then SIGKILL after a grace period. */
    public synchronized void stop() {
        if (charon != null) {
            charon.stop();
        }
    }

    /** Kills charon at once (SIGKILL), as a crashed peer would vanish. */
    public synchronized void kill() {
        if (charon != null) {
            charon.kill();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private CommandResult requireSuccess(CommandResult result, String what) {
        if (!result.succeeded()) {
            throw new IllegalStateException(name + ": " + what + " failed: " + result.describe() + diagnostics());
        }
        return result;
    }

    private String diagnostics() {
        String output = charon == null ? "" : charon.output().strip();
        return (output.isEmpty() ? "" : "\n--- charon output (" + name + ") ---\n" + output)
                + "\n--- last " + LOG_LINES_IN_FAILURES + " lines of " + charonLogFile() + " ---\n" + logTail(LOG_LINES_IN_FAILURES);
    }

    private String strongswanConfText() {
        try (InputStream template = StrongSwanSite.class.getResourceAsStream("/interop/strongswan.conf")) {
            if (template == null) {
                throw new IllegalStateException("the strongswan.conf template /interop/strongswan.conf is not on the test classpath");
            }
            return new String(template.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@VICI_SOCKET@", viciSocket().toString())
                    .replace("@CHARON_LOG@", charonLogFile().toString())
                    .replace("install_virtual_ip = no", "install_virtual_ip = " + (roadWarriorConf != null ? "yes" : "no"))
                    .replace("load = pem pkcs1 x509 pubkey random nonce", roadWarriorConf != null
                            ? "load = pem pkcs1 pkcs8 openssl x509 pubkey random nonce" : "load = pem pkcs1 x509 pubkey random nonce");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "strongSwan site " + name + " in " + namespace;
    }
}
