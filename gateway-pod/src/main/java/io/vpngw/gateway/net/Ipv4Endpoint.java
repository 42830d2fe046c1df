package io.vpngw.gateway.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 address and UDP port. The address is an {@code int} whose most significant octet is
 * the first of the dotted quad ({@code 10.0.0.1} is {@code 0x0A000001}), so the packet path can
 * compare and store endpoints without allocating.
 */
public record Ipv4Endpoint(int address, int port) implements InetEndpoint {

    public static final int ANY_ADDRESS = 0;
    public static final int LOOPBACK_ADDRESS = 0x7F000001;

    public Ipv4Endpoint {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
    }

    /** {@code of("192.0.2.1", 4500)}; the address must be a dotted quad, never a host name. */
    public static Ipv4Endpoint of(String dottedQuad, int port) {
        return new Ipv4Endpoint(parseAddress(dottedQuad), port);
    }

    /** The loopback address with {@code port}. */
    public static Ipv4Endpoint loopback(int port) {
        return new Ipv4Endpoint(LOOPBACK_ADDRESS, port);
    }

    /** The wildcard address 0.0.0.0 with {@code port}. */
    public static Ipv4Endpoint anyAddress(int port) {
        return new Ipv4Endpoint(ANY_ADDRESS, port);
    }

    /** Parses a strict dotted quad ({@code "10.200.0.1"}): four decimal octets, no leading zeros, no names. */
    public static int parseAddress(String dottedQuad) {
        String[] parts = dottedQuad.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + dottedQuad + "' is not a dotted-quad IPv4 address");
        }
        int address = 0;
        for (String part : parts) {
            boolean digits = !part.isEmpty() && part.length() <= 3 && part.chars().allMatch(c -> c >= '0' && c <= '9');
            if (!digits || (part.length() > 1 && part.charAt(0) == '0') || Integer.parseInt(part) > 255) {
                throw new IllegalArgumentException("'" + dottedQuad + "' is not a dotted-quad IPv4 address");
            }
            address = address << 8 | Integer.parseInt(part);
        }
        return address;
    }

    /** {@code 0x0A000001} as {@code "10.0.0.1"}. */
    public static String formatAddress(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
    }

    @Override
    public InetSocketAddress toSocketAddress() {
        byte[] octets = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
        try {
            return new InetSocketAddress(InetAddress.getByAddress(octets), port);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("four octets are always a valid address", impossible);
        }
    }

    @Override
    public String toString() {
        return formatAddress(address) + ":" + port;
    }
}
