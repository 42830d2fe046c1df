package io.vpngw.gateway.net;

import java.net.InetSocketAddress;

/**
 * Where a datagram comes from or goes to: an IP address and a UDP port. IPv4 only for now; an
 * IPv6 endpoint joins as another permitted record, and code that switches over this type will
 * then be pointed at every place that must learn it.
 */
public sealed interface InetEndpoint permits Ipv4Endpoint {

    /** The port, 0..65535. */
    int port();

    /** The same endpoint as a JDK socket address, for APIs outside the packet path. */
    InetSocketAddress toSocketAddress();

    /** Converts a resolved JDK socket address; refuses unresolved names and address families not yet supported. */
    static InetEndpoint of(InetSocketAddress address) {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException(address + " is an unresolved name; give an address");
        }
        byte[] octets = address.getAddress().getAddress();
        if (octets.length != 4) {
            throw new IllegalArgumentException(address + " is not IPv4; only IPv4 endpoints are supported");
        }
        int ipv4 = (octets[0] & 0xFF) << 24 | (octets[1] & 0xFF) << 16 | (octets[2] & 0xFF) << 8 | (octets[3] & 0xFF);
        return new Ipv4Endpoint(ipv4, address.getPort());
    }
}
