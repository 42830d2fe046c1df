package io.vpngw.gateway.routing;

/**
 * One side of a traffic selector for IPv4 (RFC 4301 §4.4.1, RFC 7296 §3.13.1): an address range,
 * an IP protocol (0 for any) and a port range, all inclusive.
 *
 * <p>Ports follow IKEv2: 0..65535 is ANY, which also matches packets whose ports cannot be read
 * (later fragments, protocols without ports); start 65535 with end 0 is OPAQUE, which matches
 * only those. For ICMP the 16-bit "port" is type and code, type in the high octet; by this
 * package's convention it is matched against the remote side's selector, the local side seeing
 * no port (as RFC 4301 §4.4.1.1 gives ICMP a single type/code selector).
 *
 * @param startAddress first address, {@link Ipv4Address} form
 * @param endAddress   last address, not below the first (unsigned)
 * @param protocol     IP protocol 0..255, 0 for any
 * @param startPort    first port 0..65535
 * @param endPort      last port 0..65535, not below the first except for OPAQUE
 */
public record Ipv4Selector(int startAddress, int endAddress, int protocol, int startPort, int endPort) {

    public static final int ANY_PROTOCOL = 0;
    private static final int MAX_PORT = 0xFFFF;

    public Ipv4Selector {
        if (Integer.compareUnsigned(startAddress, endAddress) > 0) {
            throw new IllegalArgumentException("address range " + Ipv4Address.format(startAddress) + ".."
                    + Ipv4Address.format(endAddress) + " is backwards");
        }
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("protocol " + protocol + " is outside 0..255");
        }
        if (startPort < 0 || startPort > MAX_PORT || endPort < 0 || endPort > MAX_PORT) {
            throw new IllegalArgumentException("ports " + startPort + ".." + endPort + " are outside 0..65535");
        }
        if (startPort > endPort && !(startPort == MAX_PORT && endPort == 0)) {
            throw new IllegalArgumentException("port range " + startPort + ".." + endPort + " is backwards and not OPAQUE");
        }
    }

    /** Every address, protocol and port. */
    public static Ipv4Selector any() {
        return new Ipv4Selector(0, -1, ANY_PROTOCOL, 0, MAX_PORT);
    }

    /** Every protocol and port to or from a prefix: what Azure's prefix-pair selectors are. */
    public static Ipv4Selector of(Ipv4Prefix prefix) {
        return new Ipv4Selector(prefix.network(), prefix.last(), ANY_PROTOCOL, 0, MAX_PORT);
    }

    /** A prefix, one protocol, and a port range. */
    public static Ipv4Selector of(Ipv4Prefix prefix, int protocol, int startPort, int endPort) {
        return new Ipv4Selector(prefix.network(), prefix.last(), protocol, startPort, endPort);
    }

    public boolean isAnyPort() {
        return startPort == 0 && endPort == MAX_PORT;
    }

    public boolean isOpaquePort() {
        return startPort > endPort;
    }

    /** Whether {@code address} is in the range. */
    public boolean matchesAddress(int address) {
        return Integer.compareUnsigned(address, startAddress) >= 0 && Integer.compareUnsigned(address, endAddress) <= 0;
    }

    public boolean matchesProtocol(int packetProtocol) {
        return protocol == ANY_PROTOCOL || protocol == packetProtocol;
    }

    /** Whether the port matches; {@link Ipv4Packet#PORT_UNAVAILABLE} for a packet whose port cannot be read. */
    public boolean matchesPort(int port) {
        if (port < 0) {
            return isAnyPort() || isOpaquePort();
        }
        return port >= startPort && port <= endPort;
    }

    /** Whether the packet's address, protocol and port on this side all match. */
    public boolean matches(int address, int packetProtocol, int port) {
        return matchesAddress(address) && matchesProtocol(packetProtocol) && matchesPort(port);
    }

    /** How many addresses the range holds, 1..2^32. */
    public long addressCount() {
        return Integer.toUnsignedLong(endAddress) - Integer.toUnsignedLong(startAddress) + 1;
    }

    /** How many ports the selector admits; 0 for OPAQUE. */
    int portCount() {
        return isOpaquePort() ? 0 : endPort - startPort + 1;
    }

    @Override
    public String toString() {
        String ports = isAnyPort() ? "" : isOpaquePort() ? " port OPAQUE" : " port " + startPort + ".." + endPort;
        String proto = protocol == ANY_PROTOCOL ? "" : " proto " + protocol;
        return Ipv4Address.format(startAddress) + ".." + Ipv4Address.format(endAddress) + proto + ports;
    }
}
