package io.vpngw.operator;

import static io.vpngw.operator.TestCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.vpngw.api.v1alpha1.Condition;
import io.vpngw.api.v1alpha1.Connection;
import io.vpngw.api.v1alpha1.LocalNetworkGateway;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import io.vpngw.api.validation.Manifests;
import io.vpngw.gateway.config.GatewayConfig;
import io.vpngw.operator.status.Conditions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every example of examples/ through its whole life against the operator: applied, reconciled to
 * the state it should reach (Ready, or Stalled with NotSupported where it asks for what the
 * gateway cannot honour yet), then deleted with nothing left behind.
 */
class ExamplesLifecycleTest {
    private TestCluster cluster;

    @BeforeEach
    void start() {
        cluster = new TestCluster().startKubelet().startLoadBalancer().startOperator();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // example, gateway namespace/name=expected Ready reason or Stalled reason
        "site-to-site,             default/gw-hub=Ready",
        "multi-site,               default/gw-hub=Ready",
        "vnet-to-vnet,             vnet-east/gw-east=Ready;vnet-west/gw-west=Ready",
        "point-to-site,            default/gw-p2s=Ready",
        "policy-based,             default/gw-legacy=NotSupported",
        "expressroute-coexistence, default/gw-er=NotSupported;default/gw-vpn=NotSupported",
        "custom-ipsec-policy,      default/gw-hub=Ready",
    })
    void exampleLivesAndDies(String example, String expectations) throws Exception {
        var client = cluster.client;
        cluster.applyExample(example);
        for (String e : expectations.split(";")) {
            String[] nsName = e.split("=")[0].split("/");
            String outcome = e.split("=")[1];
            VirtualNetworkGateway gw = eventually(() -> client.resources(VirtualNetworkGateway.class).inNamespace(nsName[0]).withName(nsName[1]).get(),
                    g -> g.getStatus() != null && (Conditions.isTrue(g.getStatus().getConditions(), Conditions.READY)
                            || Conditions.isTrue(g.getStatus().getConditions(), Conditions.STALLED)));
            Condition headline = gw.getStatus().getConditions().stream().filter(c -> "True".equals(c.getStatus())).findFirst().orElseThrow();
            if (outcome.equals("Ready")) {
                assertThat(headline.getType()).as(e).isEqualTo(Conditions.READY);
                assertThat(gw.getStatus().getPublicIpAddresses()).as("public address of %s", e).isNotEmpty();
            } else {
                assertThat(headline.getType()).as(e).isEqualTo(Conditions.STALLED);
                assertThat(headline.getReason()).as(e).isEqualTo(outcome);
                assertThat(headline.getMessage()).as(e).contains("not supported yet");
                assertThat(client.pods().inNamespace(nsName[0]).withLabel(Names.LABEL_GATEWAY, nsName[1]).list().getItems())
                        .as("a refused gateway starts nothing").isEmpty();
            }
        }
        for (Connection c : client.resources(Connection.class).inAnyNamespace().list().getItems()) {
            Connection settled = eventually(() -> client.resources(Connection.class).inNamespace(c.getMetadata().getNamespace())
                            .withName(c.getMetadata().getName()).get(),
                    x -> x.getStatus() != null && (Conditions.isTrue(x.getStatus().getConditions(), Conditions.READY)
                            || Conditions.isTrue(x.getStatus().getConditions(), Conditions.STALLED)));
            assertThat(settled.getStatus().getObservedGeneration()).isEqualTo(settled.getMetadata().getGeneration());
        }
        if (example.equals("vnet-to-vnet")) {
            // each side's configuration reaches the other side's public address
            for (String[] side : List.of(new String[] {"vnet-east", "gw-east", "vnet-west", "gw-west"},
                    new String[] {"vnet-west", "gw-west", "vnet-east", "gw-east"})) {
                String peerIp = client.resources(VirtualNetworkGateway.class).inNamespace(side[2]).withName(side[3]).get()
                        .getStatus().getPublicIpAddresses().getFirst();
                GatewayConfig cfg = eventually(() -> config(side[0], side[1]), c -> !c.connections().getFirst().peer().addresses().isEmpty());
                assertThat(cfg.connections().getFirst().peer().addresses()).containsExactly(peerIp);
            }
        }

        // delete everything the example made, as kubectl delete -f would
        List<Manifests.Manifest> manifests = Manifests.read(List.of(Path.of(System.getProperty("vpngw.examples.dir"), example)));
        for (Manifests.Manifest m : manifests.reversed()) {
            HasMetadata r = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(m.object().toString());
            r.getMetadata().setNamespace(m.namespace());
            if (!r.getKind().equals("Namespace")) {
                client.resource(r).inNamespace(m.namespace()).delete();
            }
        }
        eventually(() -> client.resources(VirtualNetworkGateway.class).inAnyNamespace().list().getItems().size()
                + client.resources(LocalNetworkGateway.class).inAnyNamespace().list().getItems().size()
                + client.resources(Connection.class).inAnyNamespace().list().getItems().size(), n -> n == 0);
        Map<String, String> managed = Map.of(Names.LABEL_MANAGED_BY, Names.MANAGED_BY);
        eventually(() -> client.pods().inAnyNamespace().withLabels(managed).list().getItems().size()
                + client.services().inAnyNamespace().withLabels(managed).list().getItems().size()
                + client.configMaps().inAnyNamespace().withLabels(managed).list().getItems().size()
                + client.secrets().inAnyNamespace().withLabels(managed).list().getItems().size()
                + client.rbac().roles().inAnyNamespace().withLabels(managed).list().getItems().size()
                + client.rbac().roleBindings().inAnyNamespace().withLabels(managed).list().getItems().size()
                + client.serviceAccounts().inAnyNamespace().withLabels(managed).list().getItems().size()
                + client.policy().v1().podDisruptionBudget().inAnyNamespace().withLabels(managed).list().getItems().size(), n -> n == 0);
    }

    private GatewayConfig config(String ns, String gateway) {
        var cm = cluster.client.configMaps().inNamespace(ns).withName(gateway + "-vpngw-config").get();
        return GatewayConfig.fromJson(cm.getData().get(GatewayConfig.CONFIG_MAP_KEY));
    }
}
