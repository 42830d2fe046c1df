package io.vpngw.gateway.net;

/**
 * An IPv4 address with a prefix length, as {@code ip} writes it: {@code 10.200.0.1/30} is an
 * interface address on a /30, {@code 10.200.0.0/30} a route's destination. The address keeps its
 * host bits, since an interface address needs them.
 */
public record Ipv4Prefix(int address, int length) {

    public Ipv4Prefix {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length " + length + " is outside 0..32");
        }
    }

    /** Parses {@code "10.200.0.1/30"}; a bare address means /32. */
    public static Ipv4Prefix parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new Ipv4Prefix(Ipv4Endpoint.parseAddress(text), 32);
        }
        String length = text.substring(slash + 1);
        if (length.isEmpty() || length.length() > 2 || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + text + "' has no prefix length 0..32 after '/'");
        }
        return new Ipv4Prefix(Ipv4Endpoint.parseAddress(text.substring(0, slash)), Integer.parseInt(length));
    }

    /** The network mask, e.g. {@code 0xFFFFFFFC} for /30. */
    public int mask() {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    /** The prefix with its host bits cleared: the route destination it covers. */
    public Ipv4Prefix network() {
        return new Ipv4Prefix(address & mask(), length);
    }

    public boolean contains(int ipv4) {
        return (ipv4 & mask()) == (address & mask());
    }

    @Override
    public String toString() {
        return Ipv4Endpoint.formatAddress(address) + "/" + length;
    }
}
