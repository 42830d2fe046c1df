package io.vpngw.gateway.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.vpngw.gateway.status.DataPlaneSnapshot;
import io.vpngw.gateway.status.NegotiatedAlgorithms;
import io.vpngw.gateway.status.TunnelState;
import io.vpngw.gateway.status.TunnelStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Events from an instance land on its gateway, count repeats, and follow role and tunnel changes. */
class GatewayEventsTest {
    private final MockApi api = new MockApi();
    private GatewayEvents events;
    private InstanceChangeNotifier notifier;

    @AfterEach
    void close() {
        if (notifier != null) {
            notifier.close();
        }
        if (events != null) {
            events.close();
        }
        api.close();
    }

    private void ownedPod(String name) {
        api.client.pods().inNamespace(MockApi.NAMESPACE).resource(new PodBuilder().withNewMetadata().withName(name)
                .addNewOwnerReference().withApiVersion("vpngw.io/v1alpha1").withKind("VirtualNetworkGateway")
                .withName("gw").withUid("uid-of-gw").withController(true).endOwnerReference().endMetadata()
                .withNewSpec().addNewContainer().withName("gateway").withImage("vpngw").endContainer().endSpec().build())
                .create();
    }

    private List<Event> events(String reason) {
        return api.client.v1().events().inNamespace(MockApi.NAMESPACE).list().getItems().stream()
                .filter(e -> reason.equals(e.getReason())).toList();
    }

    @Test
    void eventsGoOnTheOwningGatewayAndRepeatsRaiseTheCount() {
        ownedPod("gw-vpngw-0");
        events = new GatewayEvents(api.newClient(), MockApi.NAMESPACE, "gw-vpngw-0", Clock.systemUTC());
        events.normal("TunnelConnected", "connection vpn/to-site connected on instance gw-vpngw-0");
        await().atMost(Duration.ofSeconds(10)).until(() -> events("TunnelConnected").size() == 1);
        Event e = events("TunnelConnected").getFirst();
        assertThat(e.getInvolvedObject().getKind()).isEqualTo("VirtualNetworkGateway");
        assertThat(e.getInvolvedObject().getName()).isEqualTo("gw");
        assertThat(e.getInvolvedObject().getUid()).isEqualTo("uid-of-gw");
        assertThat(e.getType()).isEqualTo("Normal");
        assertThat(e.getSource().getComponent()).isEqualTo(GatewayEvents.COMPONENT);

        events.normal("TunnelConnected", "connection vpn/to-site connected on instance gw-vpngw-0");
        await().atMost(Duration.ofSeconds(10)).until(() -> events("TunnelConnected").getFirst().getCount() == 2);
        assertThat(events("TunnelConnected")).hasSize(1);
    }

    @Test
    void aPodWithoutAnOwnerHasTheEventsItself() {
        api.pod("lonely-0");
        events = new GatewayEvents(api.newClient(), MockApi.NAMESPACE, "lonely-0", Clock.systemUTC());
        events.warning("LeaseNotRenewed", "instance lonely-0 could not renew its Lease");
        await().atMost(Duration.ofSeconds(10)).until(() -> events("LeaseNotRenewed").size() == 1);
        assertThat(events("LeaseNotRenewed").getFirst().getInvolvedObject().getKind()).isEqualTo("Pod");
        assertThat(events("LeaseNotRenewed").getFirst().getType()).isEqualTo("Warning");
    }

    @Test
    void roleAndTunnelChangesBecomeEventsAndAskForAReport() {
        ownedPod("gw-vpngw-1");
        events = new GatewayEvents(api.newClient(), MockApi.NAMESPACE, "gw-vpngw-1", Clock.systemUTC());
        AtomicReference<InstanceRole> role = new AtomicReference<>(InstanceRole.STANDBY);
        AtomicReference<DataPlaneSnapshot> dataPlane = new AtomicReference<>(snapshot(TunnelState.NotConnected));
        AtomicInteger reports = new AtomicInteger();
        notifier = new InstanceChangeNotifier("gw-vpngw-1", role::get, dataPlane::get, events, reports::incrementAndGet,
                Duration.ofMillis(20)).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> reports.get() >= 1);

        role.set(InstanceRole.ACTIVE);
        await().atMost(Duration.ofSeconds(10)).until(() -> events("InstanceActive").size() == 1);
        dataPlane.set(snapshot(TunnelState.Connected));
        await().atMost(Duration.ofSeconds(10)).until(() -> events("TunnelConnected").size() == 1);
        assertThat(events("TunnelConnected").getFirst().getMessage())
                .isEqualTo("connection vpn/to-site connected on instance gw-vpngw-1 (IKE AES_GCM_16_256 ECP_384, ESP AES_GCM_16_256)");
        dataPlane.set(snapshot(TunnelState.Connecting));
        await().atMost(Duration.ofSeconds(10)).until(() -> events("TunnelDisconnected").size() == 1);
        assertThat(events("TunnelDisconnected").getFirst().getType()).isEqualTo("Warning");
        assertThat(reports.get()).isGreaterThanOrEqualTo(4);
        int settled = reports.get();
        // nothing changes: no more reports asked for, no more events
        long calm = System.nanoTime() + Duration.ofMillis(200).toNanos();
        await().atMost(Duration.ofSeconds(2)).until(() -> System.nanoTime() > calm);
        assertThat(reports.get()).isEqualTo(settled);
        assertThat(api.client.v1().events().inNamespace(MockApi.NAMESPACE).list().getItems()).hasSize(3);
    }

    private static DataPlaneSnapshot snapshot(TunnelState state) {
        var algorithms = state == TunnelState.Connected
                ? new NegotiatedAlgorithms("AES_GCM_16_256", null, "ECP_384", "AES_GCM_16_256", null) : null;
        return new DataPlaneSnapshot(true, List.of(new TunnelStatus("vpn/to-site", state, 0, 0, 0, 0, null, algorithms)),
                Map.of(), Map.of());
    }
}
