package io.vpngw.gateway.interop;

import io.vpngw.gateway.config.ConnectionConfig;
import io.vpngw.gateway.config.GatewayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Our gateway as a process in a namespace, run from a configuration document as
 * {@code vpngw gateway} does outside Kubernetes, with helpers for the documents and its output.
 */
final class OurGateway {
    private final NamespaceProcess process;
    private final Path directory;

    private OurGateway(NamespaceProcess process, Path directory) {
        this.process = process;
        this.directory = directory;
    }

    /** One connection as the operator would render it, with Azure's default policy unless given. */
    static ConnectionConfig connection(String name, String mode, String peerAddress, List<String> peerPrefixes,
                                       int dpdTimeoutSeconds, ConnectionConfig.Policy policy) {
        return new ConnectionConfig(name, "IPsec", "IKEv2", mode,
                new ConnectionConfig.Peer(peerAddress == null ? List.of() : List.of(peerAddress), null, peerPrefixes),
                pskKey(name), dpdTimeoutSeconds, 0, false, List.of(), policy);
    }

    /** The Secret key holding a connection's PSK. */
    static String pskKey(String connectionName) {
        return "psk." + connectionName.replace('/', '.');
    }

    static GatewayConfig config(String gatewayName, List<String> addressSpace, List<ConnectionConfig> connections) {
        return new GatewayConfig(GatewayConfig.API_VERSION, gatewayName, 1, "VpnGw1",
                new GatewayConfig.Limits(30, 128, 250, 650, true), "RouteBased", false, addressSpace, null, null,
                connections);
    }

    /**
     * Starts the gateway bound to {@code bind} with every connection's PSK set to {@code psk};
     * {@code extraArguments} are further {@code --option value} pairs.
     */
    static OurGateway start(NetworkNamespace ns, GatewayConfig config, String psk, String bind, String... extraArguments)
            throws Exception {
        return start(ns, config, psk, bind, List.of(), extraArguments);
    }

    /**
     * As {@link #start(NetworkNamespace, GatewayConfig, String, String, String...)}, with
     * {@code jvmOptions} (e.g. the heap and GC options the operator ships in the pod) before the
     * class path.
     */
    static OurGateway start(NetworkNamespace ns, GatewayConfig config, String psk, String bind, List<String> jvmOptions,
                            String... extraArguments) throws Exception {
        Path dir = directory(ns);
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("gateway.json"), config.toJson());
        for (ConnectionConfig c : config.connections()) {
            Files.writeString(dir.resolve("secrets").resolve(c.pskKey()), psk);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.vpngw.gateway.runtime.GatewayMain",
                "--config", dir.resolve("gateway.json").toString(), "--secrets", dir.resolve("secrets").toString(),
                "--bind", bind, "--tun", "vpngw0", "--stats-seconds", "1"));
        command.addAll(List.of(extraArguments));
        NamespaceProcess gateway = ns.start("gateway", command, Map.of());
        gateway.awaitOutput("gateway ready", Duration.ofSeconds(30));
        return new OurGateway(gateway, dir);
    }

    private static Path directory(NetworkNamespace ns) {
        return ns.logDirectory().resolve("gateway");
    }

    /**
     * Starts the gateway as a warm standby: its role file says {@code standby} until
     * {@link #setRole} changes it.
     */
    static OurGateway startStandby(NetworkNamespace ns, GatewayConfig config, String psk, String bind) throws Exception {
        Path role = directory(ns).resolve("role");
        Files.createDirectories(role.getParent());
        Files.writeString(role, "standby\n");
        return start(ns, config, psk, bind, "--role-file", role.toString());
    }

    /** Writes the role file ({@code active} or {@code standby}) as one atomic replacement. */
    void setRole(String role) throws IOException {
        writeAtomically(directory.resolve("role"), role + "\n");
    }

    /**
     * Rewrites the configuration (and every connection's PSK as {@code psk}) in place, as a
     * ConfigMap update would, and waits (bounded) until the gateway reports it applied.
     */
    void reconfigure(GatewayConfig config, String psk) throws IOException {
        for (ConnectionConfig c : config.connections()) {
            writeAtomically(directory.resolve("secrets").resolve(c.pskKey()), psk);
        }
        writeAtomically(directory.resolve("gateway.json"), config.toJson());
        awaitOutput("config applied generation=" + config.generation() + " ", Duration.ofSeconds(20));
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(temporary, content);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** How many times a line of the output contains {@code text}. */
    long countOutputLines(String text) {
        return output().lines().filter(l -> l.contains(text)).count();
    }

    /** A per-connection counter of the newest {@code stats} line, e.g. {@code packetsIn}; absent: -1. */
    long tunnelStat(String connection, String counter) {
        return stats().getOrDefault("tunnel." + connection + "." + counter, -1L);
    }

    /** The newest {@code stats} line as printed. */
    Optional<String> lastStatsLine() {
        return output().lines().filter(l -> l.startsWith("stats ")).reduce((a, b) -> b);
    }

    /**
     * Waits (bounded) until the stats line has not changed for {@code quiet}: no packet crossed
     * the data plane meanwhile, so its counters are final for now. Fails if it never settles.
     */
    Map<String, Long> awaitQuietStats(Duration quiet, Duration timeout) {
        long[] since = {System.nanoTime()};
        String[] last = {lastStatsLine().orElse("")};
        boolean settled = BoundedWait.until(timeout, () -> {
            String now = lastStatsLine().orElse("");
            if (!now.equals(last[0])) {
                last[0] = now;
                since[0] = System.nanoTime();
                return false;
            }
            return System.nanoTime() - since[0] >= quiet.toNanos();
        });
        if (!settled) {
            throw new AssertionError("the gateway's counters kept changing for " + timeout + "; last: " + last[0]);
        }
        return stats();
    }

    String output() {
        return process.output();
    }

    NamespaceProcess process() {
        return process;
    }

    /** Waits (bounded) for the output to contain the text. */
    void awaitOutput(String text, Duration timeout) {
        process.awaitOutput(text, timeout);
    }

    /** The counters of the newest {@code stats} line: name → value. */
    Map<String, Long> stats() {
        Optional<String> last = output().lines().filter(l -> l.startsWith("stats ")).reduce((a, b) -> b);
        Map<String, Long> counters = new LinkedHashMap<>();
        last.ifPresent(line -> {
            for (String field : line.substring("stats ".length()).split(" ")) {
                int eq = field.indexOf('=');
                if (eq > 0) {
                    counters.put(field.substring(0, eq), Long.parseLong(field.substring(eq + 1)));
                }
            }
        });
        return counters;
    }

    long stat(String name) {
        return stats().getOrDefault(name, 0L);
    }

    /** Waits (bounded) until a counter reaches at least {@code atLeast}. */
    void awaitStat(String name, long atLeast, Duration timeout) {
        if (!BoundedWait.until(timeout, () -> stat(name) >= atLeast)) {
            throw new AssertionError(name + " stayed at " + stat(name) + " (wanted >= " + atLeast + ") for "
                    + timeout + "; gateway output:\n" + output());
        }
    }

    /** strongSwan installs a CHILD_SA a moment before libipsec routes through it: one echo first. */
    static void awaitPath(NetworkNamespace from, String source, String destination) {
        if (!BoundedWait.until(Duration.ofSeconds(10), () -> Traffic.ping(from, source, destination, 1).lossPercent() == 0)) {
            throw new AssertionError("no echo from " + destination + " within 10 s");
        }
    }
}
