package io.vpngw.gateway.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Traffic between namespaces: ping, a TCP transfer whose every byte is checked, and iperf3.
 * Sources are always bound to an explicit address, so that traffic between LAN addresses takes
 * the tunnel (libipsec's routes in table 220) rather than the underlay.
 */
public final class Traffic {

    private static final Duration TRANSFER_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    private Traffic() {
    }

    /** ping's default payload: 56 bytes, so an 84-byte IPv4 packet. */
    public static final int DEFAULT_PING_PAYLOAD = 56;

    /** {@code count} echo requests 50 ms apart, each given 2 s to be answered. */
    public static PingResult ping(NetworkNamespace from, String sourceAddress, String destinationAddress, int count) {
        return ping(from, sourceAddress, destinationAddress, count, DEFAULT_PING_PAYLOAD);
    }

    /**
     * {@code count} echo requests of {@code payloadBytes} ICMP payload each (an IPv4 packet of
     * 28 bytes more), 50 ms apart, each given 2 s to be answered.
     */
    public static PingResult ping(NetworkNamespace from, String sourceAddress, String destinationAddress, int count,
                                  int payloadBytes) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive");
        }
        if (payloadBytes < 0 || payloadBytes > 65_507) {
            throw new IllegalArgumentException("payload of " + payloadBytes + " bytes");
        }
        int deadlineSeconds = (int) Math.ceil(count * 0.05) + 3;
        CommandResult result = from.exec(List.of("ping", "-n", "-q", "-c", Integer.toString(count), "-i", "0.05",
                        "-s", Integer.toString(payloadBytes), "-W", "2", "-w", Integer.toString(deadlineSeconds),
                        "-I", Addresses.requireIpv4(sourceAddress), Addresses.requireIpv4(destinationAddress)),
                Map.of(), Duration.ofSeconds(deadlineSeconds + 10L));
        // ping exits 1 when replies are missing; that is a result, not an error.
        if (result.exitCode() > 1) {
            throw new IllegalStateException("ping failed: " + result.describe());
        }
        return PingResult.parse(result.stdout());
    }

    /**
     * Sends {@code bytes} of the deterministic stream for {@code seed} from
     * {@code senderAddress} in one namespace to {@code receiverAddress}:{@code port} in another,
     * each end a small JVM started inside its namespace; both ends hash what they handled.
     */
    public static TransferResult tcpTransfer(NetworkNamespace senderNamespace, String senderAddress,
                                             NetworkNamespace receiverNamespace, String receiverAddress,
                                             int port, long bytes, long seed) {
        Addresses.requireIpv4(senderAddress);
        Addresses.requireIpv4(receiverAddress);
        String expected = DeterministicStream.sha256(seed, bytes);
        NamespaceProcess receiver = receiverNamespace.start("tcp-receive-" + port,
                endpointCommand("receive", receiverAddress, Integer.toString(port)), Map.of());
        try {
            receiver.awaitOutput(TcpStreamEndpoint.LISTENING, READY_TIMEOUT);
            long started = System.nanoTime();
            NamespaceProcess sender = senderNamespace.start("tcp-send-" + port, endpointCommand("send",
                    senderAddress, receiverAddress, Integer.toString(port), Long.toString(bytes), Long.toString(seed)), Map.of());
            try {
                int senderExit = sender.awaitExit(TRANSFER_TIMEOUT).orElseThrow(() -> new IllegalStateException(
                        "the sender did not finish within " + TRANSFER_TIMEOUT + ": " + sender.output()));
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                int receiverExit = receiver.awaitExit(READY_TIMEOUT).orElseThrow(() -> new IllegalStateException(
                        "the receiver did not finish: " + receiver.output()));
                if (senderExit != 0 || receiverExit != 0) {
                    throw new IllegalStateException("transfer failed; sender exited " + senderExit + ":\n" + sender.output()
                            + "\nreceiver exited " + receiverExit + ":\n" + receiver.output());
                }
                String[] sent = reportLine(sender.output(), "SENT ");
                String[] received = reportLine(receiver.output(), "RECEIVED ");
                return new TransferResult(bytes, Long.parseLong(sent[1]), Long.parseLong(received[1]),
                        expected, sent[2], received[2], elapsed);
            } finally {
                sender.stop();
            }
        } finally {
            receiver.stop();
        }
    }

    /**
     * One iperf3 TCP test: a one-off server in {@code serverNamespace}, the client in
     * {@code clientNamespace} sending for {@code duration} over {@code streams} streams
     * ({@code reverse}: the server sends).
     */
    public static IperfResult iperf3(NetworkNamespace clientNamespace, String clientAddress,
                                     NetworkNamespace serverNamespace, String serverAddress,
                                     int port, Duration duration, int streams, boolean reverse) {
        NamespaceProcess server = serverNamespace.start("iperf3-server-" + port, List.of("iperf3", "--server", "--one-off",
                "--forceflush", "--bind", Addresses.requireIpv4(serverAddress), "--port", Integer.toString(port)), Map.of());
        try {
            server.awaitOutput("Server listening", READY_TIMEOUT);
            List<String> client = new ArrayList<>(List.of("iperf3", "--client", serverAddress,
                    "--bind", Addresses.requireIpv4(clientAddress), "--port", Integer.toString(port), "--json",
                    "--time", Long.toString(Math.max(1, duration.toSeconds())), "--parallel", Integer.toString(streams)));
            if (reverse) {
                client.add("--reverse");
            }
            CommandResult result = clientNamespace.exec(client, Map.of(), duration.plus(READY_TIMEOUT));
            if (!result.succeeded()) {
                throw new IllegalStateException("iperf3 failed: " + result.describe() + "\nserver:\n" + server.output());
            }
            return parseIperfJson(result.stdout());
        } finally {
            server.stop();
        }
    }

    static IperfResult parseIperfJson(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("iperf3 printed no JSON:\n" + json, e);
        }
        if (root.hasNonNull("error")) {
            throw new IllegalStateException("iperf3: " + root.get("error").asText());
        }
        JsonNode end = root.path("end");
        JsonNode sent = end.path("sum_sent");
        JsonNode received = end.path("sum_received");
        if (sent.isMissingNode() || received.isMissingNode()) {
            throw new IllegalArgumentException("iperf3 JSON without end.sum_sent/sum_received:\n" + json);
        }
        return new IperfResult(received.path("seconds").asDouble(), sent.path("bytes").asLong(), received.path("bytes").asLong(),
                sent.path("bits_per_second").asDouble(), received.path("bits_per_second").asDouble(),
                sent.path("retransmits").asLong(),
                end.path("cpu_utilization_percent").path("host_total").asDouble(),
                end.path("cpu_utilization_percent").path("remote_total").asDouble());
    }

    private static String[] reportLine(String output, String prefix) {
        return output.lines().filter(line -> line.startsWith(prefix)).findFirst()
                .map(line -> line.split(" "))
                .filter(parts -> parts.length == 3)
                .orElseThrow(() -> new IllegalStateException("no \"" + prefix.strip() + "\" report in:\n" + output));
    }

    /** A JVM running {@link TcpStreamEndpoint} from the test classes, tuned to start fast. */
    private static List<String> endpointCommand(String... arguments) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path classes;
        try {
            classes = Path.of(TcpStreamEndpoint.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> command = new ArrayList<>(List.of(java.toString(), "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xmx64m", "-cp", classes.toString(), TcpStreamEndpoint.class.getName()));
        command.addAll(List.of(arguments));
        return command;
    }

    static String megabits(double bitsPerSecond) {
        return String.format(Locale.ROOT, "%.0f Mbit/s", bitsPerSecond / 1e6);
    }
}
