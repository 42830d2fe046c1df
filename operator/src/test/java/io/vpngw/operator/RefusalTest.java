package io.vpngw.operator;

import static io.vpngw.operator.Fixtures.connection;
import static io.vpngw.operator.Fixtures.gateway;
import static io.vpngw.operator.Fixtures.secret;
import static io.vpngw.operator.Fixtures.site;
import static io.vpngw.operator.TestCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.vpngw.api.v1alpha1.Condition;
import io.vpngw.api.v1alpha1.Connection;
import io.vpngw.api.v1alpha1.LocalNetworkGateway;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import io.vpngw.gateway.config.GatewayConfig;
import io.vpngw.operator.status.Conditions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What CEL cannot check ends Stalled with a reason and a message saying what to change, and an Event. */
class RefusalTest {
    private TestCluster cluster;

    @BeforeEach
    void start() {
        cluster = new TestCluster().startKubelet().startOperator();
        cluster.apply(gateway("gw", "VpnGw1", "10.1.0.0/16"), "default");
        cluster.apply(site("site", "203.0.113.10", "10.2.0.0/16"), "default");
        cluster.apply(secret("psk", "sharedKey", "a-pre-shared-key-long-enough-to-be-sensible"), "default");
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private Condition stalled(String connection) {
        Connection c = eventually(() -> cluster.client.resources(Connection.class).inNamespace("default").withName(connection).get(),
                x -> x.getStatus() != null && Conditions.isTrue(x.getStatus().getConditions(), Conditions.STALLED));
        return c.getStatus().getConditions().stream().filter(x -> x.getType().equals(Conditions.STALLED)).findFirst().orElseThrow();
    }

    private Condition ready(String connection) {
        Connection c = eventually(() -> cluster.client.resources(Connection.class).inNamespace("default").withName(connection).get(),
                x -> x.getStatus() != null && Conditions.isTrue(x.getStatus().getConditions(), Conditions.READY));
        return c.getStatus().getConditions().stream().filter(x -> x.getType().equals(Conditions.READY)).findFirst().orElseThrow();
    }

    private List<Event> events(String name, String reason) {
        return eventually(() -> cluster.client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getName().equals(name) && e.getReason().equals(reason)).toList(), l -> !l.isEmpty());
    }

    private GatewayConfig config() {
        var cm = cluster.client.configMaps().inNamespace("default").withName("gw-vpngw-config").get();
        return cm == null ? null : GatewayConfig.fromJson(cm.getData().get(GatewayConfig.CONFIG_MAP_KEY));
    }

    @Test
    void missingSiteIsReportedWithWhatToDo() {
        cluster.apply(connection("c1", "gw", "nowhere", "psk"), "default");
        Condition c = stalled("c1");
        assertThat(c.getReason()).isEqualTo("ReferenceNotFound");
        assertThat(c.getMessage()).contains("LocalNetworkGateway nowhere not found in namespace default").contains("spec.localNetworkGateway2.name");
        assertThat(events("c1", "ReferenceNotFound").getFirst().getType()).isEqualTo("Warning");
    }

    @Test
    void missingGatewayIsReported() {
        cluster.apply(connection("c1", "no-such-gateway", "site", "psk"), "default");
        assertThat(stalled("c1").getMessage()).contains("VirtualNetworkGateway no-such-gateway not found");
    }

    @Test
    void missingSecretAndKeyAreReported() {
        cluster.apply(connection("c1", "gw", "site", "absent"), "default");
        assertThat(stalled("c1").getMessage()).contains("Secret absent not found in namespace default");
        cluster.apply(secret("absent", "wrongKey", "x"), "default");
        eventually(() -> stalled("c1").getMessage(), m -> m.contains("has no key sharedKey"));
        cluster.apply(secret("absent", "sharedKey", "now-it-is-there-and-long-enough"), "default");
        assertThat(ready("c1").getReason()).isEqualTo("Configured");
    }

    @Test
    void overlappingPrefixesAreRefused() {
        cluster.apply(site("overlap", "203.0.113.11", "10.1.128.0/24"), "default");
        cluster.apply(connection("c1", "gw", "overlap", "psk"), "default");
        Condition c = stalled("c1");
        assertThat(c.getReason()).isEqualTo("PrefixOverlap");
        assertThat(c.getMessage()).contains("10.1.128.0/24 of LocalNetworkGateway overlap overlaps 10.1.0.0/16");
    }

    @Test
    void theEleventhTunnelOnBasicIsRefused() {
        cluster.apply(gateway("basic", "Basic", "10.50.0.0/16"), "default");
        for (int i = 1; i <= 11; i++) {
            cluster.apply(site("s" + i, "203.0.113." + (100 + i), "10.60." + i + ".0/24"), "default");
            cluster.apply(connection("b" + String.format("%02d", i), "basic", "s" + i, "psk"), "default");
        }
        Condition c = stalled("b11");
        assertThat(c.getReason()).isEqualTo("SkuLimitExceeded");
        assertThat(c.getMessage()).contains("sku Basic allows 10 tunnels");
        for (int i = 1; i <= 10; i++) {
            assertThat(ready("b" + String.format("%02d", i)).getReason()).isEqualTo("Configured");
        }
        var cm = eventually(() -> cluster.client.configMaps().inNamespace("default").withName("basic-vpngw-config").get(), x -> x != null);
        eventually(() -> GatewayConfig.fromJson(cluster.client.configMaps().inNamespace("default").withName("basic-vpngw-config").get()
                .getData().get(GatewayConfig.CONFIG_MAP_KEY)).connections().size(), n -> n == 10);
        assertThat(cm).isNotNull();
        assertThat(events("b11", "SkuLimitExceeded")).isNotEmpty();
    }

    @Test
    void customPolicyOnBasicIsRefused() {
        cluster.apply(gateway("basic", "Basic", "10.50.0.0/16"), "default");
        cluster.apply("""
                {"apiVersion":"vpngw.io/v1alpha1","kind":"Connection","metadata":{"name":"c1"},
                 "spec":{"connectionType":"IPsec","virtualNetworkGateway1":{"name":"basic"},"localNetworkGateway2":{"name":"site"},
                   "sharedKeySecretRef":{"name":"psk"},
                   "ipsecPolicies":[{"ikeEncryption":"AES256","ikeIntegrity":"SHA256","dhGroup":"ECP256","ipsecEncryption":"AES256",
                     "ipsecIntegrity":"SHA256","pfsGroup":"None","saLifeTimeSeconds":27000,"saDataSizeKilobytes":102400000}]}}""", "default");
        Condition c = stalled("c1");
        assertThat(c.getReason()).isEqualTo("PolicyNotAllowed");
        assertThat(c.getMessage()).contains("sku Basic does not take custom IPsec policies");
    }

    @Test
    void ikev1IsRefusedAsNotSupported() {
        cluster.apply("""
                {"apiVersion":"vpngw.io/v1alpha1","kind":"Connection","metadata":{"name":"c1"},
                 "spec":{"connectionType":"IPsec","connectionProtocol":"IKEv1","virtualNetworkGateway1":{"name":"gw"},
                   "localNetworkGateway2":{"name":"site"},"sharedKeySecretRef":{"name":"psk"}}}""", "default");
        Condition c = stalled("c1");
        assertThat(c.getReason()).isEqualTo("NotSupported");
        assertThat(c.getMessage()).contains("IKEv1 is not supported yet");
    }

    @Test
    void bgpGatewayIsRefusedAndNothingStarts() {
        cluster.apply("""
                {"apiVersion":"vpngw.io/v1alpha1","kind":"VirtualNetworkGateway","metadata":{"name":"bgp"},
                 "spec":{"sku":"VpnGw1","enableBgp":true,"virtualNetwork":{"addressSpace":["10.9.0.0/16"]}}}""", "default");
        VirtualNetworkGateway gw = eventually(() -> cluster.client.resources(VirtualNetworkGateway.class).inNamespace("default").withName("bgp").get(),
                g -> g.getStatus() != null && Conditions.isTrue(g.getStatus().getConditions(), Conditions.STALLED));
        assertThat(gw.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getReason()).isEqualTo("NotSupported");
            assertThat(c.getMessage()).contains("enableBgp is not supported yet");
        });
        assertThat(gw.getStatus().getProvisioningState().name()).isEqualTo("Failed");
        assertThat(events("bgp", "NotSupported")).isNotEmpty();
        assertThat(cluster.client.pods().inNamespace("default").withLabel(Names.LABEL_GATEWAY, "bgp").list().getItems()).isEmpty();
    }

    @Test
    void weakButAllowedAlgorithmsRaiseAWarningEvent() {
        cluster.apply("""
                {"apiVersion":"vpngw.io/v1alpha1","kind":"Connection","metadata":{"name":"c1"},
                 "spec":{"connectionType":"IPsec","virtualNetworkGateway1":{"name":"gw"},"localNetworkGateway2":{"name":"site"},
                   "sharedKeySecretRef":{"name":"psk"},
                   "ipsecPolicies":[{"ikeEncryption":"DES3","ikeIntegrity":"SHA1","dhGroup":"DHGroup2","ipsecEncryption":"AES256",
                     "ipsecIntegrity":"SHA256","pfsGroup":"None","saLifeTimeSeconds":27000,"saDataSizeKilobytes":102400000}]}}""", "default");
        ready("c1");
        Event e = events("c1", "WeakAlgorithm").getFirst();
        assertThat(e.getType()).isEqualTo("Warning");
        assertThat(e.getMessage()).contains("ikeEncryption DES3", "ikeIntegrity SHA1", "dhGroup DHGroup2");
    }

    @Test
    void aBrokenEditKeepsTheLastGoodConfigurationInForce() {
        cluster.apply(connection("c1", "gw", "site", "psk"), "default");
        ready("c1");
        eventually(this::config, cfg -> cfg != null && cfg.connections().size() == 1);
        // the edit points at a Secret that does not exist
        cluster.apply(connection("c1", "gw", "site", "typo"), "default");
        Condition c = stalled("c1");
        assertThat(c.getMessage()).contains("Secret typo not found").contains("previous configuration of this Connection stays in force");
        assertThat(config().connections()).singleElement().satisfies(cc -> assertThat(cc.name()).isEqualTo("default/c1"));
        assertThat(cluster.client.secrets().inNamespace("default").withName("gw-vpngw").get().getData()).containsKey("psk.c1");
    }

    @Test
    void aSiteInUseIsNotSilentlyDeleted() {
        cluster.apply(connection("c1", "gw", "site", "psk"), "default");
        ready("c1");
        eventually(() -> cluster.client.resources(LocalNetworkGateway.class).inNamespace("default").withName("site").get(),
                l -> l.getMetadata().getFinalizers() != null && !l.getMetadata().getFinalizers().isEmpty());
        cluster.client.resources(LocalNetworkGateway.class).inNamespace("default").withName("site").delete();
        LocalNetworkGateway lng = eventually(() -> cluster.client.resources(LocalNetworkGateway.class).inNamespace("default").withName("site").get(),
                l -> l.getStatus() != null && Conditions.isTrue(l.getStatus().getConditions(), Conditions.STALLED));
        assertThat(lng.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getReason()).isEqualTo("StillReferenced");
            assertThat(c.getMessage()).contains("still used by Connection c1");
        });
        assertThat(config().connections()).hasSize(1);
        cluster.client.resources(Connection.class).inNamespace("default").withName("c1").delete();
        eventually(() -> cluster.client.resources(LocalNetworkGateway.class).inNamespace("default").withName("site").get() == null, gone -> gone);
    }
}
