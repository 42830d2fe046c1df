package io.vpngw.gateway.sku;

import io.vpngw.api.v1alpha1.GatewaySku;
import io.vpngw.api.v1alpha1.VpnGatewayGeneration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a VPN gateway SKU allows, as Azure's SKU table gives it (Azure VPN Gateway documentation,
 * "Gateway SKUs"; reference/azure-facts.md). The one source of these numbers in the code: the
 * operator sizes pods and counts tunnels with it, the gateway shapes bandwidth and admits
 * sessions with it.
 *
 * @param siteToSiteTunnels    site-to-site and VNet-to-VNet tunnels
 * @param sstpSessions         concurrent SSTP point-to-site sessions
 * @param ikev2Sessions        concurrent IKEv2 point-to-site sessions; 0 where IKEv2 P2S is not offered
 * @param throughputMbps       aggregate throughput of all tunnels together, S2S and P2S, in Mbit/s
 * @param bgp                  whether BGP is supported
 */
public record SkuLimits(int siteToSiteTunnels, int sstpSessions, int ikev2Sessions, int throughputMbps, boolean bgp) {

    private record Row(int tunnels, int sstp, int ikev2, int gen1Mbps, int gen2Mbps, boolean bgp) {}

    private static final Map<GatewaySku, Row> TABLE = new EnumMap<>(GatewaySku.class);

    static {
        row(new Row(10, 128, 0, 100, 0, false), GatewaySku.Basic);
        row(new Row(30, 128, 250, 650, 0, true), GatewaySku.VpnGw1, GatewaySku.VpnGw1AZ);
        row(new Row(30, 128, 500, 1000, 1250, true), GatewaySku.VpnGw2, GatewaySku.VpnGw2AZ);
        row(new Row(30, 128, 1000, 1250, 2500, true), GatewaySku.VpnGw3, GatewaySku.VpnGw3AZ);
        row(new Row(100, 128, 5000, 0, 5000, true), GatewaySku.VpnGw4, GatewaySku.VpnGw4AZ);
        row(new Row(100, 128, 10000, 0, 10000, true), GatewaySku.VpnGw5, GatewaySku.VpnGw5AZ);
    }

    private static void row(Row row, GatewaySku... skus) {
        for (GatewaySku sku : skus) {
            TABLE.put(sku, row);
        }
    }

    /**
     * The limits of a SKU in a generation; empty when Azure does not offer that combination
     * (e.g. VpnGw4 in Generation1) or the SKU is not a VPN SKU (ErGw).
     */
    public static Optional<SkuLimits> of(GatewaySku sku, VpnGatewayGeneration generation) {
        Row r = TABLE.get(sku);
        if (r == null) {
            return Optional.empty();
        }
        int mbps = generation == VpnGatewayGeneration.Generation2 ? r.gen2Mbps() : r.gen1Mbps();
        if (mbps == 0) {
            return Optional.empty();
        }
        return Optional.of(new SkuLimits(r.tunnels(), r.sstp(), r.ikev2(), mbps, r.bgp()));
    }

    /** Aggregate throughput in bits per second. */
    public long throughputBitsPerSecond() {
        return throughputMbps * 1_000_000L;
    }

    public boolean ikev2PointToSite() {
        return ikev2Sessions > 0;
    }
}
