package io.vpngw.gateway.interop;

/**
 * One veth pair: the end in the namespace that made it and the end in the peer (another namespace
 * or the host). Addresses are in CIDR notation as configured, e.g. {@code 192.0.2.1/24}.
 */
public record VethLink(String localInterface, String localCidr, String peerInterface, String peerCidr) {

    /** The local address without its prefix length. */
    public String localAddress() {
        return Addresses.withoutPrefix(localCidr);
    }

    /** The peer's address without its prefix length. */
    public String peerAddress() {
        return Addresses.withoutPrefix(peerCidr);
    }
}
