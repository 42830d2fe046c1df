package io.vpngw.gateway.sku;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.api.v1alpha1.GatewaySku;
import io.vpngw.api.v1alpha1.VpnGatewayGeneration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Azure's SKU table (reference/azure-facts.md), row by row. */
class SkuLimitsTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        // sku, generation, tunnels, sstp, ikev2, Mbit/s, bgp
        "Basic,    Generation1, 10,  128, 0,     100,   false",
        "VpnGw1,   Generation1, 30,  128, 250,   650,   true",
        "VpnGw1AZ, Generation1, 30,  128, 250,   650,   true",
        "VpnGw2,   Generation1, 30,  128, 500,   1000,  true",
        "VpnGw2,   Generation2, 30,  128, 500,   1250,  true",
        "VpnGw3,   Generation1, 30,  128, 1000,  1250,  true",
        "VpnGw3AZ, Generation2, 30,  128, 1000,  2500,  true",
        "VpnGw4,   Generation2, 100, 128, 5000,  5000,  true",
        "VpnGw5AZ, Generation2, 100, 128, 10000, 10000, true",
    })
    void matchesAzuresTable(GatewaySku sku, VpnGatewayGeneration gen, int tunnels, int sstp, int ikev2, int mbps, boolean bgp) {
        assertThat(SkuLimits.of(sku, gen)).contains(new SkuLimits(tunnels, sstp, ikev2, mbps, bgp));
    }

    @Test
    void combinationsAzureDoesNotOfferHaveNoLimits() {
        assertThat(SkuLimits.of(GatewaySku.VpnGw4, VpnGatewayGeneration.Generation1)).isEmpty();
        assertThat(SkuLimits.of(GatewaySku.Basic, VpnGatewayGeneration.Generation2)).isEmpty();
        assertThat(SkuLimits.of(GatewaySku.ErGw1AZ, VpnGatewayGeneration.Generation1)).isEmpty();
    }

    @Test
    void basicHasNoIkev2PointToSite() {
        assertThat(SkuLimits.of(GatewaySku.Basic, VpnGatewayGeneration.Generation1).orElseThrow().ikev2PointToSite()).isFalse();
        assertThat(SkuLimits.of(GatewaySku.VpnGw1, VpnGatewayGeneration.Generation1).orElseThrow().throughputBitsPerSecond())
                .isEqualTo(650_000_000L);
    }
}
