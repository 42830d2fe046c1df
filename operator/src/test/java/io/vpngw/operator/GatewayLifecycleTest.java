package io.vpngw.operator;

import static io.vpngw.operator.TestCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.vpngw.api.v1alpha1.Connection;
import io.vpngw.api.v1alpha1.LocalNetworkGateway;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import io.vpngw.gateway.config.GatewayConfig;
import io.vpngw.operator.status.Conditions;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatewayLifecycleTest {
    private TestCluster cluster;

    @BeforeEach
    void start() {
        cluster = new TestCluster().startKubelet().startOperator();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void siteToSiteExampleBecomesReadyWithEveryChild() throws Exception {
        cluster.applyExample("site-to-site");
        var client = cluster.client;
        VirtualNetworkGateway gw = eventually(() -> client.resources(VirtualNetworkGateway.class).inNamespace("default").withName("gw-hub").get(),
                g -> g.getStatus() != null && Conditions.isTrue(g.getStatus().getConditions(), Conditions.READY));
        assertThat(gw.getStatus().getObservedGeneration()).isEqualTo(gw.getMetadata().getGeneration());
        assertThat(gw.getStatus().getInstances()).hasSize(2);

        ConfigMap cm = client.configMaps().inNamespace("default").withName("gw-hub-vpngw-config").get();
        GatewayConfig config = GatewayConfig.fromJson(cm.getData().get(GatewayConfig.CONFIG_MAP_KEY));
        assertThat(config.connections()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("default/hub-to-branch-office");
            assertThat(c.peer().addresses()).containsExactly("203.0.113.10");
            assertThat(c.peer().prefixes()).containsExactly("10.2.0.0/16");
        });
        assertThat(cm.getData().get(GatewayConfig.CONFIG_MAP_KEY)).doesNotContain("replace-me");

        Secret secret = client.secrets().inNamespace("default").withName("gw-hub-vpngw").get();
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("psk.hub-to-branch-office"))))
                .isEqualTo("replace-me-with-a-random-key-of-at-least-32-characters");
        var identity = io.vpngw.operator.pki.Pem.decodeCertificate(
                new String(Base64.getDecoder().decode(secret.getData().get("identity.crt"))));
        assertThat(identity.getSubjectX500Principal().getName()).contains("CN=gw-hub");
        assertThat(identity.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).toList()).contains("gw-hub-vpngw.default.svc");
        assertThat(secret.getData()).containsKey("identity.key").doesNotContainKey("p2s-ca.crt");
        assertThat(cm.getData().get(GatewayConfig.CONFIG_MAP_KEY)).doesNotContain("PRIVATE KEY");
        Service svc = client.services().inNamespace("default").withName("gw-hub-vpngw").get();
        assertThat(svc.getSpec().getPorts()).extracting(p -> p.getProtocol() + "/" + p.getPort()).containsExactly("UDP/500", "UDP/4500");
        assertThat(client.pods().inNamespace("default").withLabel(Names.LABEL_GATEWAY, "gw-hub").list().getItems()).hasSize(2);
        assertThat(client.policy().v1().podDisruptionBudget().inNamespace("default").withName("gw-hub-vpngw").get()).isNotNull();
        assertThat(client.rbac().roles().inNamespace("default").withName("gw-hub-vpngw").get().getRules())
                .allSatisfy(r -> assertThat(r.getVerbs()).doesNotContain("*"));

        Connection conn = eventually(() -> client.resources(Connection.class).inNamespace("default").withName("hub-to-branch-office").get(),
                c -> c.getStatus() != null && Conditions.isTrue(c.getStatus().getConditions(), Conditions.READY));
        assertThat(conn.getStatus().getPeer()).isEqualTo("branch-office");
        LocalNetworkGateway lng = eventually(() -> client.resources(LocalNetworkGateway.class).inNamespace("default").withName("branch-office").get(),
                l -> l.getStatus() != null && l.getStatus().getResolvedAddresses() != null);
        assertThat(lng.getStatus().getResolvedAddresses()).containsExactly("203.0.113.10");
    }

    @Test
    void activeActiveZoneRedundantGatewayGetsAServicePerInstanceAndZoneSpread() {
        cluster.apply("""
                {"apiVersion":"vpngw.io/v1alpha1","kind":"VirtualNetworkGateway","metadata":{"name":"aa"},
                 "spec":{"sku":"VpnGw2AZ","activeActive":true,"publicEndpoint":{"serviceType":"NodePort"},
                   "virtualNetwork":{"addressSpace":["10.7.0.0/16"]}}}""", "default");
        var client = cluster.client;
        eventually(() -> client.resources(VirtualNetworkGateway.class).inNamespace("default").withName("aa").get(),
                g -> g.getStatus() != null && Conditions.isTrue(g.getStatus().getConditions(), Conditions.READY));
        for (int i = 0; i < 2; i++) {
            Service svc = client.services().inNamespace("default").withName("aa-vpngw-" + i).get();
            assertThat(svc.getSpec().getType()).isEqualTo("NodePort");
            assertThat(svc.getSpec().getSelector()).containsEntry(Names.LABEL_GATEWAY_INSTANCE, String.valueOf(i))
                    .doesNotContainKey(Names.LABEL_ROLE);
            assertThat(svc.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
        }
        assertThat(client.services().inNamespace("default").withName("aa-vpngw").get()).isNull();
        var pod = client.pods().inNamespace("default").withName("aa-vpngw-0").get();
        var anti = pod.getSpec().getAffinity().getPodAntiAffinity();
        assertThat(anti.getRequiredDuringSchedulingIgnoredDuringExecution()).singleElement()
                .satisfies(t -> assertThat(t.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone"));
        var container = pod.getSpec().getContainers().getFirst();
        assertThat(container.getSecurityContext().getCapabilities().getAdd()).containsExactlyInAnyOrder("NET_ADMIN", "NET_BIND_SERVICE");
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(pod.getSpec().getVolumes()).anySatisfy(v -> assertThat(v.getHostPath().getPath()).isEqualTo("/dev/net/tun"));
    }
}
