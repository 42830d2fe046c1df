package io.vpngw.gateway.ike.roadwarrior;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The SKU's limit on concurrent IKEv2 point-to-site sessions, with a count of refusals. Thread-safe. */
public final class SessionSlots {
    private final int limit;
    private final AtomicInteger inUse = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();

    public SessionSlots(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("session limit must not be negative: " + limit);
        }
        this.limit = limit;
    }

    /** Takes a slot; false (and counted) when all are taken. */
    public boolean tryAcquire() {
        while (true) {
            int now = inUse.get();
            if (now >= limit) {
                refused.incrementAndGet();
                return false;
            }
            if (inUse.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    public void release() {
        inUse.updateAndGet(n -> Math.max(0, n - 1));
    }

    public int inUse() {
        return inUse.get();
    }

    public int limit() {
        return limit;
    }

    /** Sessions refused because the limit was reached. */
    public long refused() {
        return refused.get();
    }
}
