package io.vpngw.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.config.GatewayConfig;
import io.vpngw.gateway.status.DataPlaneSnapshot;
import io.vpngw.gateway.status.TunnelState;
import io.vpngw.gateway.status.TunnelStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicReference<DataPlaneSnapshot> snapshot = new AtomicReference<>(snapshotWith(0, 0));
    private final AtomicReference<GatewayConfig> config = new AtomicReference<>(config("VpnGw1", 650));
    private final GatewayMetrics metrics = new GatewayMetrics(snapshot::get, () -> true,
            () -> Optional.ofNullable(config.get()), nanos::get);

    private static DataPlaneSnapshot snapshotWith(long bytesIn, long bytesOut) {
        return new DataPlaneSnapshot(true, List.of(
                new TunnelStatus("ns/to-site", TunnelState.Connected, bytesIn, bytesOut, 1, 1, null, null),
                new TunnelStatus("ns/to-other", TunnelState.Connecting, 0, 0, 0, 0, null, null)),
                Map.of(), Map.of());
    }

    private static GatewayConfig config(String sku, int mbps) {
        return new GatewayConfig(GatewayConfig.API_VERSION, "ns/gw", 1, sku,
                new GatewayConfig.Limits(30, 128, 250, mbps, true), "RouteBased", false, List.of("10.1.0.0/16"),
                null, null, List.of());
    }

    @Test
    void skuMetersCarryTheSkuAndItsLimits() {
        String text = metrics.scrape();
        assertThat(text)
                .contains("vpngw_gateway_throughput_limit_bits_per_second{sku=\"VpnGw1\"} 6.5E8")
                .contains("vpngw_gateway_tunnel_limit{sku=\"VpnGw1\"} 30.0")
                .contains("vpngw_p2s_session_limit{protocol=\"SSTP\",sku=\"VpnGw1\"} 128.0")
                .contains("vpngw_p2s_session_limit{protocol=\"IKEv2\",sku=\"VpnGw1\"} 250.0")
                .contains("vpngw_gateway_tunnels_connected 1.0")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void pointToSiteSessionsAndRefusalsAreMetered() {
        assertThat(metrics.scrape()).contains("vpngw_p2s_sessions{protocol=\"SSTP\"} 0.0");
        snapshot.set(snapshot.get().withPointToSite(java.util.Map.of("SSTP", 3), java.util.Map.of("session_limit", 2L)));
        assertThat(metrics.scrape())
                .contains("vpngw_p2s_sessions{protocol=\"SSTP\"} 3.0")
                .contains("vpngw_p2s_refusals_total{reason=\"session_limit\"} 2.0");
    }

    @Test
    void throughputAndUtilisationFollowTheBytesBetweenScrapes() {
        metrics.scrape();
        // 65 MB both ways in two seconds: 260 Mbit/s of a 650 Mbit/s SKU
        snapshot.set(snapshotWith(32_500_000, 32_500_000));
        nanos.addAndGet(2_000_000_000L);
        String text = metrics.scrape();
        assertThat(text)
                .contains("vpngw_gateway_throughput_bits_per_second{sku=\"VpnGw1\"} 2.6E8")
                .contains("vpngw_gateway_throughput_utilisation_ratio{sku=\"VpnGw1\"} 0.4");
    }

    @Test
    void aScrapeSoonAfterTheLastKeepsTheRateRatherThanDividingByAMoment() {
        metrics.scrape();
        snapshot.set(snapshotWith(1_000_000, 0));
        nanos.addAndGet(1_000_000_000L);
        metrics.scrape();
        snapshot.set(snapshotWith(9_000_000, 0));
        nanos.addAndGet(1_000_000L);
        assertThat(metrics.scrape()).contains("vpngw_gateway_throughput_bits_per_second{sku=\"VpnGw1\"} 8000000.0");
    }

    @Test
    void aResizedGatewayIsMeteredUnderItsNewSkuOnly() {
        metrics.scrape();
        config.set(config("VpnGw2", 1000));
        String text = metrics.scrape();
        assertThat(text).contains("vpngw_gateway_throughput_limit_bits_per_second{sku=\"VpnGw2\"} 1.0E9")
                .doesNotContain("sku=\"VpnGw1\"");
    }

    @Test
    void countersThatGoBackwardsRestartTheWindowInsteadOfANegativeRate() {
        snapshot.set(snapshotWith(5_000_000, 0));
        metrics.scrape();
        snapshot.set(snapshotWith(0, 0));
        nanos.addAndGet(2_000_000_000L);
        assertThat(metrics.scrape()).contains("vpngw_gateway_throughput_bits_per_second{sku=\"VpnGw1\"} 0.0");
    }

    @Test
    void pointToSiteBytesArePerProtocolAndDirection() {
        snapshot.set(snapshot.get().withPointToSite(java.util.Map.of("SSTP", 1, "IKEv2", 2), java.util.Map.of())
                .withPointToSiteBytes(java.util.Map.of("SSTP/in", 1200L, "SSTP/out", 3400L, "IKEv2/in", 56L, "IKEv2/out", 78L)));
        assertThat(metrics.scrape())
                .contains("vpngw_p2s_bytes_total{direction=\"in\",protocol=\"SSTP\"} 1200.0")
                .contains("vpngw_p2s_bytes_total{direction=\"out\",protocol=\"SSTP\"} 3400.0")
                .contains("vpngw_p2s_bytes_total{direction=\"in\",protocol=\"IKEv2\"} 56.0")
                .contains("vpngw_p2s_bytes_total{direction=\"out\",protocol=\"IKEv2\"} 78.0")
                .contains("vpngw_p2s_sessions{protocol=\"IKEv2\"} 2.0");
    }
}
