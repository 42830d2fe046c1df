package io.vpngw.gateway.runtime;

/** Why the data plane dropped a packet; each reason is counted. */
enum PacketDrop {
    /** An inner packet no tunnel routes. */
    NO_ROUTE,
    /** A routed inner packet whose tunnel has no outbound SA (yet). */
    NO_SA,
    /** The outbound SA refused (sequence space or lifetime exhausted). */
    SA_REFUSED,
    /** ESP with an SPI we do not have. */
    UNKNOWN_SPI,
    /** ESP replayed or too old for the window. */
    REPLAY,
    /** ESP whose ICV or padding did not verify. */
    INTEGRITY,
    /** Decrypted traffic outside the SA's traffic selectors, or not IPv4. */
    SELECTOR,
    /** A UDP 4500 datagram that is neither ESP, IKE nor a keepalive, or is truncated. */
    MALFORMED,
    /** The TUN or the socket would not take the packet. */
    SEND_FAILED,
    /** Handling the packet failed unexpectedly (a bug): logged, counted, and the loop goes on. */
    PROCESSING_ERROR
}
