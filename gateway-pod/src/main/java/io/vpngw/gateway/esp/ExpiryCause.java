package io.vpngw.gateway.esp;

/** Which limit of an SA ran out. */
public enum ExpiryCause {
    /** Seconds since the SA was installed. */
    TIME,
    /** Octets of inner packets protected. */
    BYTES,
    /** Packets protected. */
    PACKETS,
    /** The sender's sequence number space (RFC 4303 §3.3.3). */
    SEQUENCE_NUMBERS
}
