package io.vpngw.gateway.esp;

/**
 * The outcome of accounting one packet, or one look at the clock, against an SA's lifetime. The
 * two "reached" values come exactly once per SA each, to whichever caller crossed the limit, so
 * that exactly one rekey request and one deletion follow.
 */
public enum LifetimeVerdict {
    /** Nothing new: the packet may pass. */
    WITHIN_LIMITS,
    /** This packet (or this tick) crossed the soft limit: the packet passes, the SA should be rekeyed now. */
    SOFT_LIMIT_REACHED,
    /** This packet (or this tick) crossed the hard limit: the packet is dropped, the SA must go. */
    HARD_LIMIT_REACHED,
    /** The SA was already past its hard limit: the packet is dropped. */
    EXPIRED;

    /** Whether the packet that got this verdict may still be sent or delivered. */
    public boolean permitsPacket() {
        return this == WITHIN_LIMITS || this == SOFT_LIMIT_REACHED;
    }
}
