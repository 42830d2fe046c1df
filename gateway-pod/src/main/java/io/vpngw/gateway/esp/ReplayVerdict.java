package io.vpngw.gateway.esp;

/** What the anti-replay window says about a sequence number (RFC 4303 §3.4.3). */
public enum ReplayVerdict {
    /** Never accepted before, and inside the window or ahead of it: go on with the packet. */
    FRESH,
    /** Inside the window and already accepted: a replay (or a duplicate the network made). */
    DUPLICATE,
    /** Left of the window, so it can no longer be told apart from a replay; also sequence number 0. */
    TOO_OLD
}
