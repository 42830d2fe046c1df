package io.vpngw.gateway.esp;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The sender's sequence number counter of one outbound SA (RFC 4303 §3.3.3). It starts at 0, so
 * the first packet carries 1, and it never cycles: a sender must not send a packet whose number
 * would wrap, so the SA has to be rekeyed first. The counter marks a soft limit, whose packet
 * tells the SA to ask for a rekey, and refuses numbers past the hard limit, 2^32 - 1 without ESN
 * and 2^64 - 1 with it.
 *
 * <p>Thread-safe and lock-free: parallel senders on one SA each get a distinct number. Numbers may
 * reach the wire out of order, which the peer's window absorbs.
 */
public final class OutboundSequence {

    /** Returned by {@link #next()} once the hard limit is used up. Never a valid sequence number. */
    public static final long EXHAUSTED = 0;
    /** The last number a 32-bit SA may send. */
    public static final long LAST_32_BIT = 0xFFFF_FFFFL;
    /** The last number an ESN SA may send, 2^64 - 1 (unsigned). */
    public static final long LAST_64_BIT = -1L;

    private final AtomicLong lastIssued;
    private final long hardLimit;
    private final long softLimit;

    /**
     * @param extendedSequenceNumbers whether the SA negotiated ESN
     * @param softLimit  the number whose issue signals that the SA should be rekeyed (unsigned,
     *                   1..hard limit)
     * @param lastIssued the number to continue after: 0 for a new SA; a standby that takes over a
     *                   live SA passes a number safely above any the active one may have used
     */
    public OutboundSequence(boolean extendedSequenceNumbers, long softLimit, long lastIssued) {
        this.hardLimit = extendedSequenceNumbers ? LAST_64_BIT : LAST_32_BIT;
        if (softLimit == 0 || Long.compareUnsigned(softLimit, hardLimit) > 0) {
            throw new IllegalArgumentException("soft limit " + Long.toUnsignedString(softLimit)
                    + " is outside 1.." + Long.toUnsignedString(hardLimit));
        }
        if (Long.compareUnsigned(lastIssued, hardLimit) > 0) {
            throw new IllegalArgumentException("last issued " + Long.toUnsignedString(lastIssued)
                    + " is past the hard limit " + Long.toUnsignedString(hardLimit));
        }
        this.softLimit = softLimit;
        this.lastIssued = new AtomicLong(lastIssued);
    }

    /**
     * A counter for a new SA, whose soft limit leaves the last sixteenth of the number space
     * for the rekey: about 268 million packets without ESN, minutes even at line rate.
     */
    public static OutboundSequence forNewSa(boolean extendedSequenceNumbers) {
        long hard = extendedSequenceNumbers ? LAST_64_BIT : LAST_32_BIT;
        return new OutboundSequence(extendedSequenceNumbers, hard - (hard >>> 4), 0);
    }

    /**
     * The number for the next packet, or {@link #EXHAUSTED} once the hard limit was handed out.
     * Stays exhausted: it never wraps to reuse a number.
     */
    public long next() {
        // A compare-and-set loop rather than an increment so that the counter stops at the limit
        // instead of wrapping past 2^64 - 1 and reissuing numbers.
        while (true) {
            long current = lastIssued.get();
            if (current == hardLimit) {
                return EXHAUSTED;
            }
            if (lastIssued.compareAndSet(current, current + 1)) {
                return current + 1;
            }
        }
    }

    /** Whether {@code sequence}, as returned by {@link #next()}, is the one that signals rekeying. Exactly one number is. */
    public boolean isSoftLimit(long sequence) {
        return sequence == softLimit;
    }

    /** The last number handed out, unsigned; 0 before the first. */
    public long lastIssued() {
        return lastIssued.get();
    }

    /** Numbers left before the counter is exhausted, unsigned. */
    public long remaining() {
        return hardLimit - lastIssued.get();
    }

    public long softLimit() {
        return softLimit;
    }

    public long hardLimit() {
        return hardLimit;
    }

    @Override
    public String toString() {
        return "OutboundSequence[last=" + Long.toUnsignedString(lastIssued()) + ", soft="
                + Long.toUnsignedString(softLimit) + ", hard=" + Long.toUnsignedString(hardLimit) + "]";
    }
}
