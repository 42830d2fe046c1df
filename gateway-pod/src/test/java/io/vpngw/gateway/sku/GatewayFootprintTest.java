package io.vpngw.gateway.sku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vpngw.api.v1alpha1.GatewaySku;
import io.vpngw.api.v1alpha1.VpnGatewayGeneration;
import org.junit.jupiter.api.Test;

/** Pod sizing follows the measured footprint with the stated headroom (bench/README.md, "Gateway footprint"). */
class GatewayFootprintTest {

    @Test
    void everyVpnSkuInEveryGenerationAzureOffersHasASizeWithinTheRules() {
        for (GatewaySku sku : GatewaySku.values()) {
            for (VpnGatewayGeneration generation : VpnGatewayGeneration.values()) {
                SkuLimits.of(sku, generation).ifPresent(limits -> {
                    GatewayFootprint f = GatewayFootprint.forSku(sku, limits);
                    assertThat(f.heapMi()).as("%s heap", sku).isPositive().isEqualTo(f.heapMi() / 16 * 16);
                    assertThat(f.memoryMi()).as("%s memory", sku).isEqualTo(f.memoryMi() / 32 * 32)
                            .isGreaterThanOrEqualTo(2 * f.heapMi());
                    assertThat(f.cpuMillis()).as("%s CPU", sku).isEqualTo(f.cpuMillis() / 250 * 250)
                            .isBetween(250, GatewayFootprint.MAX_USABLE_MILLICORES);
                });
            }
        }
    }

    @Test
    void theAzVariantsShareTheirRow() {
        SkuLimits limits = SkuLimits.of(GatewaySku.VpnGw2, VpnGatewayGeneration.Generation2).orElseThrow();
        assertThat(GatewayFootprint.forSku(GatewaySku.VpnGw2AZ, limits)).isEqualTo(GatewayFootprint.forSku(GatewaySku.VpnGw2, limits));
    }

    @Test
    void cpuFollowsThroughputUpToWhatTheTwoPacketThreadsCanUse() {
        int basic = cpu(GatewaySku.Basic, VpnGatewayGeneration.Generation1);
        int vpnGw1 = cpu(GatewaySku.VpnGw1, VpnGatewayGeneration.Generation1);
        int vpnGw3 = cpu(GatewaySku.VpnGw3, VpnGatewayGeneration.Generation2);
        assertThat(basic).isLessThan(vpnGw1);
        assertThat(vpnGw1).isLessThan(vpnGw3);
        assertThat(cpu(GatewaySku.VpnGw5, VpnGatewayGeneration.Generation2)).isEqualTo(GatewayFootprint.MAX_USABLE_MILLICORES);
    }

    @Test
    void basicIsSizedFromItsMeasuredRow() {
        // measured: 184 MiB peak RSS under load; memory 1.5 x 184 -> 288 (32 MiB steps); heap 2 x 40 MiB
        // (the largest live heap of any row) -> 80; CPU 0.25 + 0.5 x 0.1 Gbit/s -> 500m (250m steps)
        GatewayFootprint f = GatewayFootprint.forSku(GatewaySku.Basic,
                SkuLimits.of(GatewaySku.Basic, VpnGatewayGeneration.Generation1).orElseThrow());
        assertThat(f).isEqualTo(new GatewayFootprint(80, 288, 500));
    }

    @Test
    void theJvmRunsWithAFixedSerialHeapAndTheRequestedProcessors() {
        GatewayFootprint f = new GatewayFootprint(64, 224, 1500);
        assertThat(f.jvmOptions()).containsExactly("-XX:+UseSerialGC", "-Xms64m", "-Xmx64m", "-XX:ActiveProcessorCount=2",
                "-XX:+ExitOnOutOfMemoryError");
        assertThat(new GatewayFootprint(64, 224, 2250).jvmOptions()).contains("-XX:ActiveProcessorCount=3");
    }

    @Test
    void expressRouteSkusHaveNoVpnGatewaySize() {
        SkuLimits any = SkuLimits.of(GatewaySku.VpnGw1, VpnGatewayGeneration.Generation1).orElseThrow();
        assertThatThrownBy(() -> GatewayFootprint.forSku(GatewaySku.ErGw1AZ, any)).isInstanceOf(IllegalArgumentException.class);
    }

    private static int cpu(GatewaySku sku, VpnGatewayGeneration generation) {
        return GatewayFootprint.forSku(sku, SkuLimits.of(sku, generation).orElseThrow()).cpuMillis();
    }
}
