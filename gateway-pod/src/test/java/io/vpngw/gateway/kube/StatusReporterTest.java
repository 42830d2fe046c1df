package io.vpngw.gateway.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.vpngw.gateway.status.DataPlaneSnapshot;
import io.vpngw.gateway.status.NegotiatedAlgorithms;
import io.vpngw.gateway.status.TunnelState;
import io.vpngw.gateway.status.TunnelStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatusReporterTest {
    private static final String STATUS = "gw-vpngw-status-0";
    private final MockApi api = new MockApi();
    private final AtomicReference<DataPlaneSnapshot> dataPlane = new AtomicReference<>(snapshot(TunnelState.Connecting, 0));
    private final StatusReporter reporter = new StatusReporter(api.newClient(), MockApi.NAMESPACE, STATUS,
            () -> InstanceStatus.of(InstanceRole.ACTIVE, true, 7, dataPlane.get()), Duration.ofMillis(100));

    @AfterEach
    void close() {
        reporter.close();
        api.close();
    }

    private static DataPlaneSnapshot snapshot(TunnelState state, long bytes) {
        var algorithms = state == TunnelState.Connected
                ? new NegotiatedAlgorithms("AES_GCM_16_256", null, "ECP_384", "AES_GCM_16_256", null) : null;
        var established = state == TunnelState.Connected ? Instant.parse("2026-01-02T03:04:05Z") : null;
        return new DataPlaneSnapshot(true, List.of(new TunnelStatus("to-site", state, bytes, bytes * 2, 1, 1,
                established, algorithms)), Map.of(), Map.of());
    }

    private String written() {
        var cm = api.client.configMaps().inNamespace(MockApi.NAMESPACE).withName(STATUS).get();
        return cm.getData() == null ? null : cm.getData().get(StatusReporter.STATUS_KEY);
    }

    private String resourceVersion() {
        return api.client.configMaps().inNamespace(MockApi.NAMESPACE).withName(STATUS).get().getMetadata().getResourceVersion();
    }

    @Test
    void writesTheDocumentThenOnlyChanges() {
        api.client.configMaps().inNamespace(MockApi.NAMESPACE)
                .resource(new ConfigMapBuilder().withNewMetadata().withName(STATUS).endMetadata().build()).create();
        reporter.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> written() != null);
        assertThat(written()).isEqualToIgnoringWhitespace("""
                {"role":"active","leaseRenewed":true,"ready":true,"generation":7,
                 "connections":[{"name":"to-site","state":"Connecting","ingressBytes":0,"egressBytes":0}]}""");

        String version = resourceVersion();
        // several periods pass with nothing new: no write
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> resourceVersion().equals(version));

        dataPlane.set(snapshot(TunnelState.Connected, 1500));
        reporter.reportNow();
        await().atMost(Duration.ofSeconds(5)).until(() -> written().contains("Connected"));
        assertThat(written()).isEqualToIgnoringWhitespace("""
                {"role":"active","leaseRenewed":true,"ready":true,"generation":7,
                 "connections":[{"name":"to-site","state":"Connected","ingressBytes":1500,"egressBytes":3000,
                   "lastEstablished":"2026-01-02T03:04:05Z",
                   "algorithms":{"ikeEncryption":"AES_GCM_16_256","ikeIntegrity":null,"dhGroup":"ECP_384",
                                 "ipsecEncryption":"AES_GCM_16_256","ipsecIntegrity":null}}]}""");
    }
}
