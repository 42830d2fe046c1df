package io.vpngw.gateway.esp;

/** One direction of a CHILD_SA as the data plane holds it. */
public sealed interface SecurityAssociation permits InboundSa, OutboundSa {

    /** The SPI packets of this SA carry: chosen by us for inbound, by the peer for outbound. */
    int spi();

    /**
     * The outbound path this SA belongs to: a small non-negative number that the routing tables
     * name and that the wiring assigns per CHILD_SA lineage (a connection, or one traffic
     * selector pair of a policy-based connection). Rekeyed SAs keep it.
     */
    int tunnelId();

    SaLifetime lifetime();

    /** Compares the SA's age with its time limits and reports a crossing to its listener. */
    LifetimeVerdict checkTime(long nowNanos);
}
