package io.vpngw.operator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.vpngw.api.v1alpha1.GatewaySku;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import io.vpngw.api.v1alpha1.VirtualNetworkGatewaySpec;
import io.vpngw.api.v1alpha1.VpnGatewayGeneration;
import io.vpngw.operator.OperatorSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gateway pod is sized from the measured footprint per SKU (bench/README.md, "Gateway
 * footprint"): memory request = limit, a CPU request without a limit, and the heap fixed in
 * JAVA_TOOL_OPTIONS well inside the memory limit.
 */
class GatewayPodSizingTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        // sku, generation, cpu, memory, heap
        "Basic,    Generation1, 500m,  288Mi, 80m",
        "VpnGw1,   Generation1, 750m,  288Mi, 80m",
        "VpnGw2,   Generation2, 1000m, 288Mi, 80m",
        "VpnGw3AZ, Generation2, 1500m, 288Mi, 80m",
        "VpnGw5,   Generation2, 2250m, 288Mi, 80m",
    })
    void podResourcesFollowTheMeasuredFootprint(GatewaySku sku, VpnGatewayGeneration generation, String cpu, String memory,
                                                String heap) {
        Container gateway = new GatewayChildren(OperatorSettings.defaults()).pod(gateway(sku, generation), 0)
                .getSpec().getContainers().getFirst();

        assertThat(gateway.getResources().getRequests()).containsEntry("cpu", new Quantity(cpu))
                .containsEntry("memory", new Quantity(memory));
        assertThat(gateway.getResources().getLimits()).as("memory limit = request; no CPU limit")
                .containsOnlyKeys("memory").containsEntry("memory", new Quantity(memory));
        String javaToolOptions = gateway.getEnv().stream().filter(e -> e.getName().equals("JAVA_TOOL_OPTIONS"))
                .map(EnvVar::getValue).findFirst().orElseThrow();
        assertThat(javaToolOptions.split(" ")).contains("-XX:+UseSerialGC", "-Xms" + heap, "-Xmx" + heap,
                "--enable-native-access=ALL-UNNAMED").noneMatch(o -> o.startsWith("-XX:MaxRAMPercentage"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Basic, Generation1", "VpnGw1AZ, Generation1", "VpnGw4, Generation2", "VpnGw5AZ, Generation2"})
    void theHeapLeavesAtLeastHalfOfTheMemoryLimitToTheRestOfTheProcess(GatewaySku sku, VpnGatewayGeneration generation) {
        Container gateway = new GatewayChildren(OperatorSettings.defaults()).pod(gateway(sku, generation), 0)
                .getSpec().getContainers().getFirst();
        long limitBytes = Quantity.getAmountInBytes(gateway.getResources().getLimits().get("memory")).longValueExact();
        String xmx = gateway.getEnv().stream().filter(e -> e.getName().equals("JAVA_TOOL_OPTIONS")).findFirst().orElseThrow()
                .getValue().replaceAll(".*-Xmx(\\d+)m.*", "$1");
        // measured: the heap is about half of the resident memory under load (bench/README.md)
        assertThat(Long.parseLong(xmx) * 1024 * 1024).isLessThanOrEqualTo(limitBytes / 2);
    }

    private static VirtualNetworkGateway gateway(GatewaySku sku, VpnGatewayGeneration generation) {
        VirtualNetworkGateway gw = new VirtualNetworkGateway();
        gw.setMetadata(new ObjectMetaBuilder().withName("gw").withNamespace("default").withUid("uid-1").build());
        VirtualNetworkGatewaySpec spec = new VirtualNetworkGatewaySpec();
        spec.setSku(sku);
        spec.setVpnGatewayGeneration(generation);
        gw.setSpec(spec);
        return gw;
    }
}
