package io.vpngw.operator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.vpngw.api.v1alpha1.GatewaySku;
import io.vpngw.api.v1alpha1.Placement;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import io.vpngw.api.v1alpha1.VirtualNetworkGatewaySpec;
import io.vpngw.api.v1alpha1.VpnGatewayGeneration;
import io.vpngw.operator.GatewayDefaults;
import io.vpngw.operator.OperatorSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An installation's gateway defaults (the Helm chart's gateway.placement and gateway.resources,
 * passed as --gateway-node-selector, --gateway-toleration and --gateway-resources): a gateway's own
 * placement wins, a SKU's override replaces the footprint of that SKU only.
 */
class GatewayDefaultsTest {
    private static final GatewayDefaults DEFAULTS = new GatewayDefaults(
            Map.of("vpngw.io/gateway-node", "true"),
            List.of(GatewayDefaults.parseToleration("vpngw.io/gateway-node:NoSchedule")),
            Map.of(GatewaySku.VpnGw2, GatewayDefaults.parseResources("VpnGw2=1500m/384Mi", GatewayChildren.PodResources.minimumMemoryMi()).getValue()));

    @Test
    void gatewaysWithoutPlacementGetTheInstallationsDefault() {
        Pod pod = new GatewayChildren(OperatorSettings.defaults().withGatewayDefaults(DEFAULTS)).pod(gateway(GatewaySku.VpnGw1, null), 0);

        assertThat(pod.getSpec().getNodeSelector()).containsExactly(Map.entry("vpngw.io/gateway-node", "true"));
        assertThat(pod.getSpec().getTolerations()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo("vpngw.io/gateway-node");
            assertThat(t.getOperator()).isEqualTo("Exists");
            assertThat(t.getValue()).isNull();
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
    }

    @Test
    void aGatewaysOwnPlacementWins() {
        Placement own = new Placement();
        own.setNodeSelector(Map.of("topology.kubernetes.io/zone", "westeurope-1"));
        io.vpngw.api.v1alpha1.Toleration t = new io.vpngw.api.v1alpha1.Toleration();
        t.setKey("dedicated");
        t.setOperator("Equal");
        t.setValue("vpn");
        t.setEffect("NoExecute");
        own.setTolerations(List.of(t));

        Pod pod = new GatewayChildren(OperatorSettings.defaults().withGatewayDefaults(DEFAULTS)).pod(gateway(GatewaySku.VpnGw1, own), 0);

        assertThat(pod.getSpec().getNodeSelector()).containsExactly(Map.entry("topology.kubernetes.io/zone", "westeurope-1"));
        assertThat(pod.getSpec().getTolerations()).extracting(Toleration::getKey).containsExactly("dedicated");
    }

    @Test
    void withoutDefaultsThePodHasNoPlacement() {
        Pod pod = new GatewayChildren(OperatorSettings.defaults()).pod(gateway(GatewaySku.VpnGw1, null), 0);
        assertThat(pod.getSpec().getNodeSelector()).isNullOrEmpty();
        assertThat(pod.getSpec().getTolerations()).isNullOrEmpty();
    }

    @Test
    void aSkuOverrideReplacesCpuAndMemoryAndTheJvmFollowsTheCpu() {
        GatewayChildren children = new GatewayChildren(OperatorSettings.defaults().withGatewayDefaults(DEFAULTS));
        Container overridden = children.pod(gateway(GatewaySku.VpnGw2, null), 0).getSpec().getContainers().getFirst();
        Container footprint = children.pod(gateway(GatewaySku.VpnGw1, null), 0).getSpec().getContainers().getFirst();

        assertThat(overridden.getResources().getRequests()).containsEntry("cpu", new Quantity("1500m")).containsEntry("memory", new Quantity("384Mi"));
        assertThat(overridden.getResources().getLimits()).containsOnlyKeys("memory").containsEntry("memory", new Quantity("384Mi"));
        assertThat(javaToolOptions(overridden)).contains("-XX:ActiveProcessorCount=2", "-Xmx80m");
        // VpnGw1 keeps its measured footprint (GatewayPodSizingTest)
        assertThat(footprint.getResources().getRequests()).containsEntry("cpu", new Quantity("750m")).containsEntry("memory", new Quantity("288Mi"));
    }

    @Test
    void podsChangeWhenTheDefaultsChangeSoThatInstancesAreRolled() {
        VirtualNetworkGateway gw = gateway(GatewaySku.VpnGw2, null);
        String before = new GatewayChildren(OperatorSettings.defaults()).pod(gw, 0).getMetadata().getAnnotations().get("vpngw.io/pod-spec-hash");
        String after = new GatewayChildren(OperatorSettings.defaults().withGatewayDefaults(DEFAULTS)).pod(gw, 0)
                .getMetadata().getAnnotations().get("vpngw.io/pod-spec-hash");
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void resourcesAreParsedInCoresOrMillicoresAndMiOrGi() {
        assertThat(GatewayDefaults.parseResources("VpnGw5AZ=2/1Gi", 160).getValue()).isEqualTo(new GatewayDefaults.Resources(2000, 1024));
        assertThat(GatewayDefaults.parseResources("Basic=0.5/200Mi", 160)).isEqualTo(Map.entry(GatewaySku.Basic, new GatewayDefaults.Resources(500, 200)));
    }

    @Test
    void badResourcesAreRefusedWithWhatToWrite() {
        assertThatThrownBy(() -> GatewayDefaults.parseResources("VpnGw9=1/512Mi", 160)).hasMessageContaining("unknown SKU VpnGw9");
        assertThatThrownBy(() -> GatewayDefaults.parseResources("VpnGw1=1/512MB", 160)).hasMessageContaining("SKU=CPU/MEMORY");
        assertThatThrownBy(() -> GatewayDefaults.parseResources("VpnGw1=1/128Mi", GatewayChildren.PodResources.minimumMemoryMi()))
                .hasMessageContaining("at least 160Mi");
        assertThatThrownBy(() -> GatewayDefaults.parseResources("VpnGw1=0m/512Mi", 160)).hasMessageContaining("positive");
    }

    @Test
    void tolerationsReadLikeKubectlTaint() {
        assertThat(GatewayDefaults.parseToleration("dedicated=vpn:NoExecute")).satisfies(t -> {
            assertThat(t.getOperator()).isEqualTo("Equal");
            assertThat(t.getValue()).isEqualTo("vpn");
            assertThat(t.getEffect()).isEqualTo("NoExecute");
        });
        assertThat(GatewayDefaults.parseToleration("dedicated=vpn:").getEffect()).as("all effects").isNull();
        assertThat(GatewayDefaults.parseToleration(":")).satisfies(t -> {
            assertThat(t.getKey()).isNull();
            assertThat(t.getOperator()).as("tolerates every taint").isEqualTo("Exists");
        });
        assertThatThrownBy(() -> GatewayDefaults.parseToleration("dedicated")).hasMessageContaining("key=value:Effect");
        assertThatThrownBy(() -> GatewayDefaults.parseToleration("a:NoWay")).hasMessageContaining("key=value:Effect");
        assertThatThrownBy(() -> GatewayDefaults.parseToleration("=vpn:NoSchedule")).hasMessageContaining("a value needs a key");
    }

    private static String javaToolOptions(Container c) {
        return c.getEnv().stream().filter(e -> e.getName().equals("JAVA_TOOL_OPTIONS")).findFirst().orElseThrow().getValue();
    }

    private static VirtualNetworkGateway gateway(GatewaySku sku, Placement placement) {
        VirtualNetworkGateway gw = new VirtualNetworkGateway();
        gw.setMetadata(new ObjectMetaBuilder().withName("gw").withNamespace("tenant").withUid("00000000-0000-0000-0000-000000000002").build());
        VirtualNetworkGatewaySpec spec = new VirtualNetworkGatewaySpec();
        spec.setSku(sku);
        spec.setVpnGatewayGeneration(VpnGatewayGeneration.Generation1);
        spec.setPlacement(placement);
        io.vpngw.api.v1alpha1.VirtualNetwork vnet = new io.vpngw.api.v1alpha1.VirtualNetwork();
        vnet.setAddressSpace(List.of("10.1.0.0/16"));
        spec.setVirtualNetwork(vnet);
        gw.setSpec(spec);
        return gw;
    }
}
