package io.vpngw.operator;

import static io.vpngw.operator.TestCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import io.vpngw.gateway.config.GatewayConfig;
import io.vpngw.gateway.kube.InstanceStatus;
import io.vpngw.gateway.kube.StatusReporter;
import io.vpngw.operator.status.Conditions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Point-to-site from the operator's side: SSTP and IKEv2 are rendered for the gateway (its server
 * certificate and CA in the Secret, the pool, roots and the SKU's session limits in the
 * configuration document), and the sessions the serving instances report reach the gateway's status.
 */
class PointToSiteTest {
    private TestCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = new TestCluster().startKubelet().startLoadBalancer().startOperator();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private VirtualNetworkGateway gateway() {
        return cluster.client.resources(VirtualNetworkGateway.class).inNamespace("default").withName("gw-p2s").get();
    }

    @Test
    void sstpIsServedAndTheServingInstancesSessionsReachTheGatewaysStatus() throws Exception {
        cluster.applyExample("point-to-site");
        eventually(this::gateway, g -> g.getStatus() != null && Conditions.isTrue(g.getStatus().getConditions(), Conditions.READY));

        var secret = cluster.client.secrets().inNamespace("default").withName("gw-p2s-vpngw").get();
        assertThat(secret.getData()).containsKeys("p2s-server.crt", "p2s-server.key", "p2s-ca.crt");
        GatewayConfig config = GatewayConfig.fromJson(cluster.client.configMaps().inNamespace("default")
                .withName("gw-p2s-vpngw-config").get().getData().get(GatewayConfig.CONFIG_MAP_KEY));
        assertThat(config.pointToSite().protocols()).containsExactly("SSTP", "IkeV2");
        assertThat(config.pointToSite().addressPool()).containsExactly("172.16.201.0/24");
        assertThat(config.pointToSite().dnsServers()).containsExactly("10.1.0.4");
        assertThat(config.pointToSite().revokedThumbprints()).containsExactly("2F0B5D7C9E1A3B4C5D6E7F8091A2B3C4D5E6F708");

        report(0, "active", 3);
        report(1, "standby", 0);
        eventually(this::gateway, g -> Integer.valueOf(3).equals(g.getStatus().getP2sSessions()));
        // a standby's count does not add (it serves none); both add when active-active
        report(1, "standby", 5);
        report(0, "active", 4);
        eventually(this::gateway, g -> Integer.valueOf(4).equals(g.getStatus().getP2sSessions()));
    }

    @Test
    void ikev2PointToSiteIsServedBesideSstp() {
        cluster.apply("""
                {"apiVersion":"vpngw.io/v1alpha1","kind":"VirtualNetworkGateway","metadata":{"name":"gw-p2s"},
                 "spec":{"sku":"VpnGw1","virtualNetwork":{"addressSpace":["10.1.0.0/16"]},
                   "vpnClientConfiguration":{"vpnClientAddressPool":{"addressPrefixes":["172.16.201.0/24"]},
                     "vpnClientProtocols":["SSTP","IkeV2"]}}}""", "default");
        eventually(this::gateway, x -> x.getStatus() != null && Conditions.isTrue(x.getStatus().getConditions(), Conditions.READY));
        GatewayConfig config = GatewayConfig.fromJson(cluster.client.configMaps().inNamespace("default")
                .withName("gw-p2s-vpngw-config").get().getData().get(GatewayConfig.CONFIG_MAP_KEY));
        assertThat(config.pointToSite().protocols()).containsExactly("SSTP", "IkeV2");
        assertThat(config.limits().ikev2Sessions()).isEqualTo(250);
    }

    private void report(int instance, String role, int sessions) throws Exception {
        String json = JsonMapper.builder().build().writeValueAsString(new InstanceStatus(role, true, true, 1, List.of(), sessions));
        cluster.client.configMaps().inNamespace("default").withName("gw-p2s-vpngw-status-" + instance)
                .edit(cm -> {
                    cm.setData(Map.of(StatusReporter.STATUS_KEY, json));
                    return cm;
                });
    }
}
