package io.vpngw.gateway.esp;

/** What an inbound SA decides about an authenticated packet. */
public enum InboundVerdict {
    /** Marked in the window and accounted: deliver the packet. */
    ACCEPTED,
    /** Another copy was accepted since the pre-check. */
    DUPLICATE,
    /** The window moved past it since the pre-check. */
    TOO_OLD,
    /** The SA is past a hard lifetime limit. */
    EXPIRED
}
