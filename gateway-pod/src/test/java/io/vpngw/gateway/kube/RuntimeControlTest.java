package io.vpngw.gateway.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.config.ConnectionConfig;
import io.vpngw.gateway.config.GatewayConfig;
import io.vpngw.gateway.net.PrivilegedNetworking;
import io.vpngw.gateway.net.TestNamespace;
import io.vpngw.gateway.status.DataPlaneSnapshot;
import io.vpngw.gateway.status.TunnelState;
import io.vpngw.gateway.status.TunnelStatus;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The runtime under the instance's control, in a namespace of the test's own: warm from the first
 * configuration whether serving or not, silent until it serves, and configuration changes applied
 * to the same runtime (the TUN device is never re-created).
 */
@Timeout(60)
class RuntimeControlTest {
    private static final String TUN = "vpngwrc0";
    private static final String PEER_A = "127.0.0.2";
    private static final String PEER_B = "127.0.0.3";

    @BeforeAll
    static void privileges() {
        PrivilegedNetworking.requireRootTunAndIp();
    }

    private static ConnectionConfig connection(String name, String peer, String prefix) {
        return new ConnectionConfig(name, "IPsec", "IKEv2", "Default", new ConnectionConfig.Peer(List.of(peer), null,
                List.of(prefix)), "psk." + name, 45, 0, false, List.of(), null);
    }

    private static GatewayConfiguration configuration(long generation, ConnectionConfig... connections) {
        GatewayConfig config = new GatewayConfig(GatewayConfig.API_VERSION, "test/gw", generation, "VpnGw1",
                new GatewayConfig.Limits(30, 128, 250, 650, true), "RouteBased", false, List.of("10.2.0.0/16"), null,
                null, List.of(connections));
        Map<String, String> keys = List.of(connections).stream()
                .collect(Collectors.toMap(ConnectionConfig::pskKey, c -> "key-of-" + c.name()));
        return new GatewayConfiguration(config, keys);
    }

    private static Map<String, TunnelState> states(DataPlaneSnapshot snapshot) {
        return snapshot.tunnels().stream().collect(Collectors.toMap(TunnelStatus::connection, TunnelStatus::state));
    }

    /** The TUN device's interface index: a rebuilt runtime would have opened a new device. */
    private static String tunIndex(TestNamespace ns) {
        return ns.ip("-o", "link", "show", TUN).split(":")[0];
    }

    /** Waits (bounded) for an IKE datagram at the fake peer; null when none came. */
    private static byte[] receive(DatagramSocket socket, int timeoutMillis) throws Exception {
        socket.setSoTimeout(timeoutMillis);
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        try {
            socket.receive(packet);
            return java.util.Arrays.copyOf(packet.getData(), packet.getLength());
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    @Test
    void aStandbyIsWarmAndSilentServesOnRequestAndTakesConfigurationChangesInPlace() throws Exception {
        try (TestNamespace ns = TestNamespace.create()) {
            RuntimeControl control = new RuntimeControl("127.0.0.1", TUN);
            DatagramSocket peerA = ns.call(() -> new DatagramSocket(new InetSocketAddress(InetAddress.getByName(PEER_A), 500)));
            DatagramSocket peerB = ns.call(() -> new DatagramSocket(new InetSocketAddress(InetAddress.getByName(PEER_B), 500)));
            try (peerA; peerB) {
                ns.call(() -> {
                    control.configurationChanged(configuration(1, connection("test/a", PEER_A, "10.1.0.0/16")));
                    return null;
                });
                assertThat(control.ready()).as("warm while standing by").isTrue();
                assertThat(control.live()).isTrue();
                DataPlaneSnapshot standby = control.snapshot();
                assertThat(standby.running()).isTrue();
                assertThat(states(standby)).containsExactly(Map.entry("test/a", TunnelState.NotConnected));
                assertThat(ns.ip("route")).contains("10.1.0.0/16 dev " + TUN);
                assertThat(receive(peerA, 1)).as("the standby sent IKE").isNull();
                String index = tunIndex(ns);

                ns.call(() -> {
                    control.startServing();
                    return null;
                });
                byte[] init = receive(peerA, 10_000);
                assertThat(init).as("IKE_SA_INIT once serving").isNotNull();
                assertThat(init[18]).as("exchange type IKE_SA_INIT").isEqualTo((byte) 34);
                assertThat(states(control.snapshot())).containsExactly(Map.entry("test/a", TunnelState.Connecting));

                control.configurationChanged(configuration(2, connection("test/a", PEER_A, "10.1.0.0/16"),
                        connection("test/b", PEER_B, "10.3.0.0/16")));
                assertThat(receive(peerB, 10_000)).as("the added connection initiates").isNotNull();
                assertThat(states(control.snapshot())).containsOnlyKeys("test/a", "test/b");
                assertThat(ns.ip("route")).contains("10.3.0.0/16 dev " + TUN);

                control.configurationChanged(configuration(3, connection("test/b", PEER_B, "10.3.0.0/16")));
                assertThat(states(control.snapshot())).as("a removed connection disappears").containsOnlyKeys("test/b");
                assertThat(ns.ip("route")).doesNotContain("10.1.0.0/16").contains("10.3.0.0/16 dev " + TUN);
                assertThat(tunIndex(ns)).as("the same runtime, not a rebuilt one").isEqualTo(index);

                control.stopServing();
                assertThat(states(control.snapshot())).containsExactly(Map.entry("test/b", TunnelState.NotConnected));
                assertThat(control.ready()).as("still warm").isTrue();
                assertThat(tunIndex(ns)).isEqualTo(index);
            } finally {
                control.close();
            }
        }
    }
}
