package io.vpngw.gateway.sku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SkuBandwidthLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void trafficWithinTheRatePassesWithoutWaiting() {
        SkuBandwidthLimiter limiter = new SkuBandwidthLimiter(100_000_000L, now::get); // Basic: 100 Mbit/s
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.reserve(1250)).isZero(); // 1250 bytes = 100 µs at 100 Mbit/s
            now.addAndGet(100_000);
        }
    }

    @Test
    void aBurstBeyondTheAllowanceIsPacedToTheRate() {
        SkuBandwidthLimiter limiter = new SkuBandwidthLimiter(100_000_000L, now::get);
        long waited = 0;
        // one second's worth of traffic arriving at once
        for (int i = 0; i < 10_000; i++) {
            long wait = limiter.reserve(1250);
            waited = Math.max(waited, wait);
        }
        // 12.5 MB at 100 Mbit/s take one second; the burst allowance comes off the last wait
        assertThat(waited).isBetween(1_000_000_000L - SkuBandwidthLimiter.BURST_NANOS - 200_000, 1_000_000_000L - SkuBandwidthLimiter.BURST_NANOS);
    }

    @Test
    void pacedSendersAchieveTheRateOverTime() {
        SkuBandwidthLimiter limiter = new SkuBandwidthLimiter(650_000_000L, now::get); // VpnGw1
        long start = now.get();
        long bytes = 0;
        while (now.get() - start < 2_000_000_000L) {
            bytes += 1400;
            now.addAndGet(limiter.reserve(1400) + 1_000); // the sender waits as told, plus its own work
        }
        double megabits = bytes * 8 / 2.0 / 1e6;
        assertThat(megabits).isBetween(650 * 0.97, 650 * 1.03);
    }

    @Test
    void refusesANonPositiveRate() {
        assertThatThrownBy(() -> new SkuBandwidthLimiter(0, now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
