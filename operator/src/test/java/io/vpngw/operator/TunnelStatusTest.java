package io.vpngw.operator;

import static io.vpngw.operator.TestCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vpngw.api.v1alpha1.Connection;
import io.vpngw.api.v1alpha1.ConnectionState;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import io.vpngw.gateway.kube.InstanceStatus;
import io.vpngw.gateway.kube.StatusReporter;
import io.vpngw.gateway.status.NegotiatedAlgorithms;
import io.vpngw.operator.status.Conditions;
import io.vpngw.gateway.kube.InstanceRole;
import io.vpngw.gateway.status.DataPlaneSnapshot;
import io.vpngw.gateway.status.TunnelState;
import io.vpngw.gateway.status.TunnelStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway instances report their tunnels in their status ConfigMaps; the operator relays that
 * into each Connection's status (one writer per field: the instances own their documents, the
 * Connection reconciler owns the Connection's status).
 */
class TunnelStatusTest {
    private TestCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = new TestCluster().startKubelet().startOperator();
        cluster.applyExample("site-to-site");
        eventually(() -> cluster.client.resources(VirtualNetworkGateway.class).inNamespace("default").withName("gw-hub").get(),
                g -> g.getStatus() != null && Conditions.isTrue(g.getStatus().getConditions(), Conditions.READY));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private void report(int instance, String role, String state, long in, long out) throws Exception {
        var line = new InstanceStatus.Connection("default/hub-to-branch-office", state, in, out,
                state.equals("Connected") ? "2026-11-27T01:00:00Z" : null,
                state.equals("Connected") ? new NegotiatedAlgorithms("ENCR_AES_GCM_16_256", null, "CURVE25519", "ENCR_AES_GCM_16_256", null) : null);
        String json = JsonMapper.builder().build().writeValueAsString(new InstanceStatus(role, true, true, 1, List.of(line)));
        cluster.client.configMaps().inNamespace("default").withName("gw-hub-vpngw-status-" + instance)
                .edit(cm -> {
                    cm.setData(Map.of(StatusReporter.STATUS_KEY, json));
                    return cm;
                });
    }

    private Connection connection() {
        return cluster.client.resources(Connection.class).inNamespace("default").withName("hub-to-branch-office").get();
    }

    @Test
    void instancesReportsReachTheConnectionsStatus() throws Exception {
        report(0, "active", "Connected", 1000, 2000);
        report(1, "standby", "NotConnected", 0, 0);
        Connection c = eventually(this::connection, x -> x.getStatus() != null && x.getStatus().getConnectionStatus() == ConnectionState.Connected);
        assertThat(c.getStatus().getIngressBytesTransferred()).isEqualTo(1000);
        assertThat(c.getStatus().getEgressBytesTransferred()).isEqualTo(2000);
        assertThat(c.getStatus().getTunnelConnectionStatus()).extracting(t -> t.getTunnel() + "=" + t.getConnectionStatus())
                .containsExactlyInAnyOrder("gw-hub-vpngw-0=Connected", "gw-hub-vpngw-1=NotConnected");
        assertThat(c.getStatus().getNegotiated().getIkeEncryption()).isEqualTo("ENCR_AES_GCM_16_256");
        assertThat(c.getStatus().getNegotiated().getDhGroup()).isEqualTo("CURVE25519");

        // the active instance loses its tunnel; a standby's Connected line would not count
        report(0, "active", "Connecting", 1000, 2100);
        report(1, "standby", "Connected", 0, 0);
        c = eventually(this::connection, x -> x.getStatus().getConnectionStatus() == ConnectionState.Connecting);
        assertThat(c.getStatus().getEgressBytesTransferred()).isEqualTo(2100);
    }

    /**
     * The whole relay with the instance's own reporter at the pod's period (5 s): a tunnel that
     * comes up or goes down shows in the Connection's status within 10 s (the bound).
     */
    @Test
    void aTunnelChangeReachesTheConnectionWithinTenSeconds() throws Exception {
        AtomicReference<DataPlaneSnapshot> dataPlane = new AtomicReference<>(tunnel(TunnelState.Connecting, 0));
        try (StatusReporter reporter = new StatusReporter(cluster.client, "default", "gw-hub-vpngw-status-0",
                () -> InstanceStatus.of(InstanceRole.ACTIVE, true, 1, dataPlane.get()), Duration.ofSeconds(5)).start()) {
            eventually(this::connection, x -> x.getStatus() != null && x.getStatus().getConnectionStatus() == ConnectionState.Connecting);

            long up = System.nanoTime();
            dataPlane.set(tunnel(TunnelState.Connected, 4096));
            Connection c = eventually(this::connection, x -> x.getStatus().getConnectionStatus() == ConnectionState.Connected);
            Duration toConnected = Duration.ofNanos(System.nanoTime() - up);
            assertThat(c.getStatus().getEgressBytesTransferred()).isEqualTo(4096);

            long down = System.nanoTime();
            dataPlane.set(tunnel(TunnelState.Connecting, 4096));
            eventually(this::connection, x -> x.getStatus().getConnectionStatus() == ConnectionState.Connecting);
            Duration toConnecting = Duration.ofNanos(System.nanoTime() - down);
            System.out.printf("tunnel change -> Connection status: up %d ms, down %d ms%n", toConnected.toMillis(), toConnecting.toMillis());
            assertThat(toConnected).isLessThan(Duration.ofSeconds(10));
            assertThat(toConnecting).isLessThan(Duration.ofSeconds(10));
        }
    }

    private static DataPlaneSnapshot tunnel(TunnelState state, long bytesOut) {
        return new DataPlaneSnapshot(true, List.of(new TunnelStatus("default/hub-to-branch-office", state, 0, bytesOut, 0,
                bytesOut / 1024, state == TunnelState.Connected ? Instant.parse("2026-11-27T01:00:00Z") : null, null)),
                Map.of(), Map.of());
    }
}
