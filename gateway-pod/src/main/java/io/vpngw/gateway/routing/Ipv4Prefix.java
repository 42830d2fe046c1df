package io.vpngw.gateway.routing;

/**
 * An IPv4 prefix, {@code network/length}, with no bits set past the length.
 *
 * @param network the first address, in {@link Ipv4Address} form
 * @param length  0..32
 */
public record Ipv4Prefix(int network, int length) implements Comparable<Ipv4Prefix> {

    public Ipv4Prefix {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length " + length + " is outside 0..32");
        }
        if ((network & ~mask(length)) != 0) {
            throw new IllegalArgumentException(Ipv4Address.format(network) + "/" + length
                    + " has host bits set; the prefix is " + Ipv4Address.format(network & mask(length)) + "/" + length);
        }
    }

    /** Every address. */
    public static Ipv4Prefix all() {
        return new Ipv4Prefix(0, 0);
    }

    /** The prefix of {@code length} that contains {@code address}. */
    public static Ipv4Prefix containing(int address, int length) {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length " + length + " is outside 0..32");
        }
        return new Ipv4Prefix(address & mask(length), length);
    }

    /**
     * Parses {@code a.b.c.d/len}, or a bare address as a /32. Host bits must be clear: a
     * configuration that says 10.1.2.3/16 is a mistake worth refusing, not guessing about.
     *
     * @throws IllegalArgumentException if the text is not such a prefix (IPv6 included)
     */
    public static Ipv4Prefix parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new Ipv4Prefix(Ipv4Address.parse(text), 32);
        }
        String lengthText = text.substring(slash + 1);
        if (lengthText.isEmpty() || lengthText.length() > 2 || !lengthText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not an IPv4 prefix: " + text);
        }
        return new Ipv4Prefix(Ipv4Address.parse(text.substring(0, slash)), Integer.parseInt(lengthText));
    }

    /** Whether the text is an IPv4 prefix or address (a configuration may mix in IPv6 ones). */
    public static boolean isIpv4(String text) {
        return text.indexOf(':') < 0;
    }

    /** The netmask of a prefix length: the length's high bits set. */
    public static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    public boolean contains(int address) {
        return (address & mask(length)) == network;
    }

    /** Whether every address of {@code other} is in this prefix. */
    public boolean contains(Ipv4Prefix other) {
        return other.length >= length && contains(other.network);
    }

    /** The last address. */
    public int last() {
        return network | ~mask(length);
    }

    /** How many addresses, 1..2^32. */
    public long size() {
        return 1L << (32 - length);
    }

    /** By first address (unsigned), then shorter first: the order of a walk that meets containers before what they contain. */
    @Override
    public int compareTo(Ipv4Prefix other) {
        int byNetwork = Integer.compareUnsigned(network, other.network);
        return byNetwork != 0 ? byNetwork : Integer.compare(length, other.length);
    }

    @Override
    public String toString() {
        return Ipv4Address.format(network) + "/" + length;
    }
}
