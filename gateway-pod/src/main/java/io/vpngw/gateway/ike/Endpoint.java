package io.vpngw.gateway.ike;

import java.net.InetAddress;
import java.util.Objects;

/** A UDP address and port: where an IKE datagram comes from or goes to. */
public record Endpoint(InetAddress address, int port) {

    public Endpoint {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    @Override
    public String toString() {
        return address.getHostAddress() + ":" + port;
    }
}
