package io.vpngw.operator;

import static io.vpngw.operator.Fixtures.connection;
import static io.vpngw.operator.Fixtures.secret;
import static io.vpngw.operator.Fixtures.site;
import static io.vpngw.operator.TestCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.api.v1alpha1.Connection;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import io.vpngw.gateway.config.GatewayConfig;
import io.vpngw.operator.status.Conditions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An operator stopped midway and started again converges to the state one uninterrupted run reaches. */
class RestartTest {
    private TestCluster cluster;

    @BeforeEach
    void start() {
        cluster = new TestCluster().startKubelet();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private VirtualNetworkGateway ready() {
        return eventually(() -> cluster.client.resources(VirtualNetworkGateway.class).inNamespace("default").withName("gw-hub").get(),
                g -> g.getStatus() != null && g.getMetadata().getGeneration().equals(g.getStatus().getObservedGeneration())
                        && Conditions.isTrue(g.getStatus().getConditions(), Conditions.READY));
    }

    /** Finished reconciles of all controllers, from the JOSDK's Micrometer metrics. */
    private double reconciliations() {
        return cluster.registry.getMeters().stream()
                .filter(m -> m instanceof io.micrometer.core.instrument.Counter && m.getId().getName().contains("reconciliations.success"))
                .mapToDouble(m -> ((io.micrometer.core.instrument.Counter) m).count()).sum();
    }

    private GatewayConfig config() {
        return GatewayConfig.fromJson(cluster.client.configMaps().inNamespace("default").withName("gw-hub-vpngw-config").get()
                .getData().get(GatewayConfig.CONFIG_MAP_KEY));
    }

    @Test
    void stoppedMidwayThenRestartedConvergesWithoutRestartingInstances() throws Exception {
        cluster.startOperator();
        cluster.applyExample("multi-site");
        // stop as soon as the first instance exists: the rest of the work is left half done
        eventually(() -> cluster.client.pods().inNamespace("default").withLabel(Names.LABEL_GATEWAY, "gw-hub").list().getItems().size(), n -> n > 0);
        cluster.stopOperator();

        // while no operator runs, the user adds a third site
        cluster.apply(site("site-c", "198.51.100.30", "10.30.0.0/16"), "default");
        cluster.apply(secret("site-c-psk", "sharedKey", "a-pre-shared-key-long-enough-to-be-sensible"), "default");
        cluster.apply(connection("hub-to-site-c", "gw-hub", "site-c", "site-c-psk"), "default");

        cluster.startOperator();
        ready();
        GatewayConfig cfg = eventually(this::config, c -> c.connections().size() == 3);
        assertThat(cfg.connections()).extracting(c -> c.name())
                .containsExactly("default/hub-to-site-a", "default/hub-to-site-b", "default/hub-to-site-c");
        for (String c : List.of("hub-to-site-a", "hub-to-site-b", "hub-to-site-c")) {
            eventually(() -> cluster.client.resources(Connection.class).inNamespace("default").withName(c).get(),
                    x -> x.getStatus() != null && Conditions.isTrue(x.getStatus().getConditions(), Conditions.READY));
        }

        // a second restart with nothing changed changes nothing
        String configVersion = cluster.client.configMaps().inNamespace("default").withName("gw-hub-vpngw-config").get().getMetadata().getResourceVersion();
        String secretVersion = cluster.client.secrets().inNamespace("default").withName("gw-hub-vpngw").get().getMetadata().getResourceVersion();
        Map<String, String> podUids = Map.of(
                "0", cluster.client.pods().inNamespace("default").withName("gw-hub-vpngw-0").get().getMetadata().getUid(),
                "1", cluster.client.pods().inNamespace("default").withName("gw-hub-vpngw-1").get().getMetadata().getUid());
        double before = reconciliations();
        cluster.stopOperator();
        cluster.startOperator();
        // the restarted operator reconciles every resource once at start
        eventually(this::reconciliations, after -> after >= before + 6);
        ready();
        assertThat(cluster.client.configMaps().inNamespace("default").withName("gw-hub-vpngw-config").get().getMetadata().getResourceVersion())
                .isEqualTo(configVersion);
        assertThat(cluster.client.secrets().inNamespace("default").withName("gw-hub-vpngw").get().getMetadata().getResourceVersion())
                .isEqualTo(secretVersion);
        assertThat(cluster.client.pods().inNamespace("default").withName("gw-hub-vpngw-0").get().getMetadata().getUid()).isEqualTo(podUids.get("0"));
        assertThat(cluster.client.pods().inNamespace("default").withName("gw-hub-vpngw-1").get().getMetadata().getUid()).isEqualTo(podUids.get("1"));
    }
}
