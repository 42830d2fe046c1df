package io.vpngw.gateway.sku;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Holds a gateway's aggregate throughput — every tunnel, both directions, site-to-site and
 * point-to-site together, as Azure's SKUs share it — to its SKU's figure.
 *
 * <p>A token bucket in its virtual-scheduling form (GCRA): each packet moves a "theoretical
 * arrival time" forward by its transmission time at the SKU rate; a packet that would run ahead
 * of it by more than the burst allowance is paced: the caller waits the difference. Pacing rather
 * than dropping keeps TCP close to the rate instead of sawing under it. Lock-free: one
 * compare-and-set per batch of packets, from any number of packet threads.
 */
public final class SkuBandwidthLimiter {
    /** How far ahead of the rate a burst may run: enough for a batch at line rate, short enough to stay smooth. */
    static final long BURST_NANOS = 5_000_000;

    private final double nanosPerByte;
    private final LongSupplier nanoClock;
    private final AtomicLong theoreticalArrival;

    /**
     * @param bitsPerSecond the SKU's aggregate throughput
     * @param nanoClock     {@link System#nanoTime} in production, a fake in tests
     */
    public SkuBandwidthLimiter(long bitsPerSecond, LongSupplier nanoClock) {
        if (bitsPerSecond <= 0) {
            throw new IllegalArgumentException("throughput must be positive, got " + bitsPerSecond);
        }
        this.nanosPerByte = 8e9 / bitsPerSecond;
        this.nanoClock = nanoClock;
        this.theoreticalArrival = new AtomicLong(nanoClock.getAsLong());
    }

    public static SkuBandwidthLimiter ofMegabits(int megabitsPerSecond) {
        return new SkuBandwidthLimiter(megabitsPerSecond * 1_000_000L, System::nanoTime);
    }

    /**
     * Accounts {@code bytes} of inner traffic.
     *
     * @return how long the caller should wait before passing them on, in nanoseconds; 0 when within the rate
     */
    public long reserve(long bytes) {
        long cost = (long) (bytes * nanosPerByte);
        while (true) {
            long now = nanoClock.getAsLong();
            long current = theoreticalArrival.get();
            long next = Math.max(current, now) + cost;
            if (theoreticalArrival.compareAndSet(current, next)) {
                return Math.max(0, next - now - BURST_NANOS);
            }
        }
    }
}
