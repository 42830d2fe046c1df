package io.vpngw.gateway.metrics;

import java.util.function.LongSupplier;

/**
 * Throughput from a growing byte total sampled at each scrape: the rate over the interval since
 * the previous sample, once that interval is at least {@link #MIN_INTERVAL_NANOS} (scrapes closer
 * together keep the last rate rather than divide by a tiny interval). A total that goes backwards
 * (a connection removed and its counters gone) restarts the window instead of reporting a
 * negative rate.
 */
final class ThroughputWindow {
    static final long MIN_INTERVAL_NANOS = 1_000_000_000L;

    private final LongSupplier nanoTime;
    private long sampledAt;
    private long sampledBytes = -1;
    private volatile double bitsPerSecond;

    ThroughputWindow(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    synchronized void sample(long totalBytes) {
        long now = nanoTime.getAsLong();
        if (sampledBytes < 0 || totalBytes < sampledBytes) {
            sampledAt = now;
            sampledBytes = totalBytes;
            bitsPerSecond = 0;
            return;
        }
        long interval = now - sampledAt;
        if (interval < MIN_INTERVAL_NANOS) {
            return;
        }
        bitsPerSecond = (totalBytes - sampledBytes) * 8.0 * 1e9 / interval;
        sampledAt = now;
        sampledBytes = totalBytes;
    }

    double bitsPerSecond() {
        return bitsPerSecond;
    }
}
