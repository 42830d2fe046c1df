package io.vpngw.operator;

import static io.vpngw.operator.Fixtures.connection;
import static io.vpngw.operator.Fixtures.gateway;
import static io.vpngw.operator.Fixtures.secret;
import static io.vpngw.operator.Fixtures.site;
import static io.vpngw.operator.TestCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import io.vpngw.gateway.config.GatewayConfig;
import io.vpngw.operator.status.Conditions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spec changes re-render the configuration, and pod changes roll standby first: a handover, not an outage. */
class RollingUpdateTest {
    private TestCluster cluster;

    @BeforeEach
    void start() {
        cluster = new TestCluster().startKubelet().startOperator();
        cluster.apply(gateway("gw", "VpnGw1", "10.1.0.0/16"), "default");
        cluster.apply(site("site", "203.0.113.10", "10.2.0.0/16"), "default");
        cluster.apply(secret("psk", "sharedKey", "a-pre-shared-key-long-enough-to-be-sensible"), "default");
        cluster.apply(connection("c1", "gw", "site", "psk"), "default");
        readyGateway();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private VirtualNetworkGateway readyGateway() {
        return eventually(() -> cluster.client.resources(VirtualNetworkGateway.class).inNamespace("default").withName("gw").get(),
                g -> g.getStatus() != null && g.getMetadata().getGeneration().equals(g.getStatus().getObservedGeneration())
                        && Conditions.isTrue(g.getStatus().getConditions(), Conditions.READY));
    }

    private static String hash(Pod p) {
        return p.getMetadata().getAnnotations() == null ? null : p.getMetadata().getAnnotations().get(Names.ANNOTATION_POD_HASH);
    }

    private Pod pod(int i) {
        return cluster.client.pods().inNamespace("default").withName("gw-vpngw-" + i).get();
    }

    @Test
    void aSiteChangeReRendersTheConfigurationWithoutRestartingInstances() {
        String uid0 = pod(0).getMetadata().getUid();
        cluster.apply(site("site", "203.0.113.10", "10.3.0.0/16"), "default");
        GatewayConfig cfg = eventually(() -> GatewayConfig.fromJson(cluster.client.configMaps().inNamespace("default")
                .withName("gw-vpngw-config").get().getData().get(GatewayConfig.CONFIG_MAP_KEY)),
                c -> c.connections().getFirst().peer().prefixes().equals(List.of("10.3.0.0/16")));
        assertThat(cfg.connections()).hasSize(1);
        assertThat(pod(0).getMetadata().getUid()).as("the instances reload their configuration; no restart").isEqualTo(uid0);
    }

    @Test
    void aSkuChangeRollsTheStandbyFirstThenHandsOver() {
        // the gateway pods elect their roles; here instance 0 holds the lease
        cluster.client.pods().inNamespace("default").withName("gw-vpngw-0").edit(p -> {
            p.getMetadata().getLabels().put(Names.LABEL_ROLE, Names.ROLE_ACTIVE);
            return p;
        });
        cluster.client.pods().inNamespace("default").withName("gw-vpngw-1").edit(p -> {
            p.getMetadata().getLabels().put(Names.LABEL_ROLE, Names.ROLE_STANDBY);
            return p;
        });
        String oldHash = pod(0).getMetadata().getAnnotations().get(Names.ANNOTATION_POD_HASH);
        List<String> deletions = new CopyOnWriteArrayList<>();
        List<Boolean> standbyReadyAndNewAtActiveDeletion = new CopyOnWriteArrayList<>();
        try (Watch w = cluster.client.pods().inNamespace("default").withLabel(Names.LABEL_GATEWAY, "gw").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod p) {
                if (action == Action.DELETED) {
                    deletions.add(p.getMetadata().getName());
                    if (p.getMetadata().getName().equals("gw-vpngw-0")) {
                        Pod standby = pod(1);
                        standbyReadyAndNewAtActiveDeletion.add(standby != null && TestCluster.InstanceReady.isReady(standby)
                                && !oldHash.equals(hash(standby)));
                    }
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            cluster.apply(gateway("gw", "VpnGw3", "10.1.0.0/16"), "default");
            eventually(() -> java.util.Arrays.asList(pod(0), pod(1)), pods -> pods.stream().allMatch(p -> p != null
                    && hash(p) != null && !oldHash.equals(hash(p))
                    && TestCluster.InstanceReady.isReady(p)));
            VirtualNetworkGateway gw = readyGateway();
            assertThat(deletions).containsExactly("gw-vpngw-1", "gw-vpngw-0");
            assertThat(standbyReadyAndNewAtActiveDeletion).containsExactly(true);
            assertThat(pod(0).getSpec().getContainers().getFirst().getResources().getRequests().get("cpu").toString())
                    .as("VpnGw3 (1,250 Mbit/s in Generation1) asks for more CPU than VpnGw1").isEqualTo("1000m");
            assertThat(gw.getStatus().getInstances()).hasSize(2);
            var events = cluster.client.v1().events().inNamespace("default").list().getItems().stream()
                    .filter(e -> e.getReason().equals("Rolling")).map(e -> e.getMessage()).toList();
            assertThat(events).contains("replacing standby instance gw-vpngw-1", "replacing active instance gw-vpngw-0");
        }
    }
}
