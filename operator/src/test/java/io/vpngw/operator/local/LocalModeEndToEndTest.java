package io.vpngw.operator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.vpngw.api.v1alpha1.Connection;
import io.vpngw.api.v1alpha1.ConnectionState;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local mode end to end, as a user runs it: the VNet-to-VNet example applied to the local API,
 * the operator rendering both gateways, their pods running as processes in namespaces, the tunnel
 * Connected in the resources' status and carrying traffic, then everything deleted and nothing
 * left behind — processes, namespaces, objects.
 */
@Timeout(300)
class LocalModeEndToEndTest {
    @TempDir
    Path state;
    private LocalCluster cluster;

    @BeforeEach
    void start() throws Exception {
        LocalModePreconditions.require();
        cluster = LocalCluster.start(new LocalCluster.Options(state, 0, Duration.ofMinutes(5)));
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
            assertThat(localNamespaces()).as("no namespace left after close").isEmpty();
        }
    }

    @Test
    void vnetToVnetComesUpCarriesTrafficAndLeavesNothingWhenDeleted() throws Exception {
        long applied = System.nanoTime();
        List<HasMetadata> objects = cluster.apply(List.of(examples("vnet-to-vnet")));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                state("vnet-east", "east-to-west") == ConnectionState.Connected
                        && state("vnet-west", "west-to-east") == ConnectionState.Connected);
        System.out.printf("vnet-to-vnet: apply -> both Connections Connected in %.1f s%n", (System.nanoTime() - applied) / 1e9);

        String east = activeNamespace("vnet-east", "gw-east");
        String west = activeNamespace("vnet-west", "gw-west");
        await().atMost(Duration.ofSeconds(20)).until(() -> run(HostCommands.inNamespace(east,
                "ping", "-c", "1", "-W", "1", "-I", "10.1.0.1", "10.2.0.1")).exit() == 0);
        HostCommands.Result ping = run(HostCommands.inNamespace(east, "ping", "-c", "20", "-i", "0.05", "-I", "10.1.0.1", "10.2.0.1"));
        assertThat(ping.output()).contains("20 received");

        long bytes = 8L * 1024 * 1024;
        assertCheckedTransfer(east, "10.1.0.1", west, "10.2.0.1", bytes, 7);

        // /metrics of the active east instance: every named meter, and counters that match an exact ping run
        String podIp = cluster.client().pods().inNamespace("vnet-east").withName(activePod("vnet-east", "gw-east")).get()
                .getStatus().getPodIP();
        String before = scrape(podIp);
        assertThat(before).contains("vpngw_tunnel_bytes_total{connection=\"vnet-east/east-to-west\",direction=\"out\"}",
                "vpngw_tunnel_packets_total{connection=\"vnet-east/east-to-west\",direction=\"in\"}",
                "vpngw_tunnel_state{connection=\"vnet-east/east-to-west\"} 2.0", "vpngw_packet_drops_total{reason=",
                "vpngw_ike_negotiations_total{result=\"success\"}", "vpngw_instance_active 1.0",
                "vpngw_gateway_throughput_bits_per_second{sku=\"VpnGw1\"}",
                "vpngw_gateway_throughput_limit_bits_per_second{sku=\"VpnGw1\"} 6.5E8",
                "vpngw_gateway_throughput_utilisation_ratio{sku=\"VpnGw1\"}", "vpngw_gateway_tunnel_limit{sku=\"VpnGw1\"} 30.0",
                "vpngw_gateway_tunnels_connected 1.0", "vpngw_p2s_session_limit{protocol=\"SSTP\",sku=\"VpnGw1\"} 128.0");
        HostCommands.Result exact = run(HostCommands.inNamespace(east, "ping", "-c", "25", "-i", "0.02", "-s", "1000", "-I", "10.1.0.1", "10.2.0.1"));
        assertThat(exact.output()).contains("25 received");
        String after = scrape(podIp);
        String c = "connection=\"vnet-east/east-to-west\",direction=";
        // 25 echo requests out and 25 replies in, 1028 inner bytes each (20 IP + 8 ICMP + 1000)
        assertThat(meter(after, "vpngw_tunnel_packets_total{" + c + "\"out\"}") - meter(before, "vpngw_tunnel_packets_total{" + c + "\"out\"}")).isEqualTo(25);
        assertThat(meter(after, "vpngw_tunnel_packets_total{" + c + "\"in\"}") - meter(before, "vpngw_tunnel_packets_total{" + c + "\"in\"}")).isEqualTo(25);
        assertThat(meter(after, "vpngw_tunnel_bytes_total{" + c + "\"out\"}") - meter(before, "vpngw_tunnel_bytes_total{" + c + "\"out\"}")).isEqualTo(25 * 1028);
        assertThat(meter(after, "vpngw_tunnel_bytes_total{" + c + "\"in\"}") - meter(before, "vpngw_tunnel_bytes_total{" + c + "\"in\"}")).isEqualTo(25 * 1028);

        // the bytes show in the Connection's status
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            Connection relayed = cluster.client().resources(Connection.class).inNamespace("vnet-east").withName("east-to-west").get();
            return relayed.getStatus().getEgressBytesTransferred() != null && relayed.getStatus().getEgressBytesTransferred() >= bytes;
        });

        for (HasMetadata o : objects.reversed()) {
            cluster.client().resource(o).delete();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                cluster.client().resources(VirtualNetworkGateway.class).inAnyNamespace().list().getItems().isEmpty()
                        && cluster.client().pods().inAnyNamespace().list().getItems().isEmpty()
                        && localNamespaces().isEmpty());
        assertThat(cluster.client().configMaps().inAnyNamespace().list().getItems()).isEmpty();
        assertThat(cluster.client().services().inAnyNamespace().list().getItems()).isEmpty();
    }

    private ConnectionState state(String namespace, String name) {
        Connection c = cluster.client().resources(Connection.class).inNamespace(namespace).withName(name).get();
        return c == null || c.getStatus() == null ? ConnectionState.Unknown : c.getStatus().getConnectionStatus();
    }

    private String activePod(String namespace, String gateway) {
        return cluster.client().resources(VirtualNetworkGateway.class).inNamespace(namespace).withName(gateway).get()
                .getStatus().getActiveInstance();
    }

    static String scrape(String podIp) throws Exception {
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + podIp + ":9090/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    /** The value of one exposition line, e.g. {@code vpngw_tunnel_packets_total{...}}. */
    static long meter(String exposition, String series) {
        return exposition.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> (long) Double.parseDouble(l.substring(series.length() + 1).strip()))
                .orElseThrow(() -> new AssertionError(series + " not in /metrics:\n" + exposition));
    }

    private String activeNamespace(String namespace, String gateway) {
        VirtualNetworkGateway g = cluster.client().resources(VirtualNetworkGateway.class).inNamespace(namespace).withName(gateway).get();
        String pod = g.getStatus().getActiveInstance();
        assertThat(pod).as("active instance of " + gateway).isNotNull();
        return cluster.podNamespaces().get(namespace + "/" + pod);
    }

    static Path examples(String name) {
        return Path.of(System.getProperty("vpngw.examples.dir"), name);
    }

    static List<String> localNamespaces() {
        List<String> out = new ArrayList<>();
        for (String line : HostCommands.attempt("ip", "netns", "list").output().split("\n")) {
            if (line.startsWith(LocalNetwork.NAMESPACE_PREFIX)) {
                out.add(line.split(" ")[0]);
            }
        }
        return out;
    }

    private static HostCommands.Result run(String... command) {
        return HostCommands.attempt(command);
    }

    /** A TCP transfer of seeded bytes from one namespace to another, its SHA-256 checked at both ends. */
    static void assertCheckedTransfer(String senderNamespace, String senderAddress, String receiverNamespace,
                                      String receiverAddress, long bytes, long seed) throws Exception {
        Process server = javaIn(receiverNamespace, TcpCheck.class.getName(), "serve", receiverAddress, "5001");
        try {
            assertThat(new String(server.getInputStream().readNBytes("listening\n".length()), StandardCharsets.UTF_8)).isEqualTo("listening\n");
            Process client = javaIn(senderNamespace, TcpCheck.class.getName(), "send", senderAddress, receiverAddress, "5001",
                    String.valueOf(bytes), String.valueOf(seed));
            assertThat(client.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String sent = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String received = new String(server.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(sent).startsWith("sent " + bytes + " ");
            assertThat(received).isEqualTo(sent.replace("sent", "received"));
        } finally {
            server.destroyForcibly();
        }
    }

    static Process javaIn(String namespace, String mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(HostCommands.inNamespace(namespace,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"), mainClass)));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
