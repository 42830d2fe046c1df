package io.vpngw.gateway.routing;

import java.util.List;

/**
 * The traffic selectors an SA was negotiated for: the set of local selectors (our side) and the
 * set of remote selectors (the peer's side). A packet is the SA's traffic when its local end
 * matches some local selector and its remote end some remote selector (RFC 7296 §2.9: each side
 * is the union of its selectors). Used to drop decrypted packets the peer was not entitled to
 * send through this SA (RFC 4301 §5.2).
 */
public final class SaSelectors {

    private static final SaSelectors ANY = new SaSelectors(List.of(Ipv4Selector.any()), List.of(Ipv4Selector.any()));

    private final List<Ipv4Selector> local;
    private final List<Ipv4Selector> remote;
    private final Ipv4Selector[] localArray;
    private final Ipv4Selector[] remoteArray;

    /**
     * @param local  TSi or TSr, whichever describes our side; not empty
     * @param remote the other; not empty
     */
    public SaSelectors(List<Ipv4Selector> local, List<Ipv4Selector> remote) {
        if (local.isEmpty() || remote.isEmpty()) {
            throw new IllegalArgumentException("an SA needs selectors on both sides");
        }
        this.local = List.copyOf(local);
        this.remote = List.copyOf(remote);
        this.localArray = this.local.toArray(Ipv4Selector[]::new);
        this.remoteArray = this.remote.toArray(Ipv4Selector[]::new);
    }

    /** Any to any: what RouteBased SAs negotiate. */
    public static SaSelectors any() {
        return ANY;
    }

    /**
     * Whether a decrypted packet that arrived on the SA is its traffic: source on the remote side,
     * destination on the local side. Anything that is not a well-formed IPv4 packet is not.
     */
    public boolean allowsInbound(byte[] packet, int offset, int length) {
        if (!Ipv4Packet.isWellFormed(packet, offset, length)) {
            return false;
        }
        int protocol = Ipv4Packet.protocol(packet, offset);
        boolean icmp = protocol == Ipv4Packet.PROTOCOL_ICMP;
        int remotePort = icmp ? Ipv4Packet.icmpTypeAndCode(packet, offset) : Ipv4Packet.sourcePort(packet, offset);
        int localPort = icmp ? Ipv4Packet.PORT_UNAVAILABLE : Ipv4Packet.destinationPort(packet, offset);
        return anyMatches(remoteArray, Ipv4Packet.source(packet, offset), protocol, remotePort)
                && anyMatches(localArray, Ipv4Packet.destination(packet, offset), protocol, localPort);
    }

    /** Whether a packet about to be sent on the SA is its traffic: source on the local side, destination on the remote. */
    public boolean allowsOutbound(byte[] packet, int offset, int length) {
        if (!Ipv4Packet.isWellFormed(packet, offset, length)) {
            return false;
        }
        int protocol = Ipv4Packet.protocol(packet, offset);
        boolean icmp = protocol == Ipv4Packet.PROTOCOL_ICMP;
        int localPort = icmp ? Ipv4Packet.PORT_UNAVAILABLE : Ipv4Packet.sourcePort(packet, offset);
        int remotePort = icmp ? Ipv4Packet.icmpTypeAndCode(packet, offset) : Ipv4Packet.destinationPort(packet, offset);
        return anyMatches(localArray, Ipv4Packet.source(packet, offset), protocol, localPort)
                && anyMatches(remoteArray, Ipv4Packet.destination(packet, offset), protocol, remotePort);
    }

    private static boolean anyMatches(Ipv4Selector[] selectors, int address, int protocol, int port) {
        for (Ipv4Selector selector : selectors) {
            if (selector.matches(address, protocol, port)) {
                return true;
            }
        }
        return false;
    }

    public List<Ipv4Selector> local() {
        return local;
    }

    public List<Ipv4Selector> remote() {
        return remote;
    }

    @Override
    public String toString() {
        return "SaSelectors[local=" + local + ", remote=" + remote + "]";
    }
}
