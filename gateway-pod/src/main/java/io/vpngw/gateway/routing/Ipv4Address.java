package io.vpngw.gateway.routing;

/**
 * IPv4 addresses as the data plane holds them: an {@code int} in network order (the first
 * octet in the high bits), compared unsigned. Parsing is strict dotted-quad and never consults
 * DNS, unlike {@link java.net.InetAddress#getByName}.
 */
public final class Ipv4Address {

    private Ipv4Address() {
    }

    /**
     * Parses {@code a.b.c.d}: four decimal octets 0..255 without leading zeros (which some parsers
     * read as octal).
     *
     * @throws IllegalArgumentException if it is anything else
     */
    public static int parse(String text) {
        int address = 0;
        int octets = 0;
        int i = 0;
        int length = text.length();
        while (octets < 4) {
            int start = i;
            int value = 0;
            while (i < length && i - start < 3 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                value = value * 10 + (text.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            address = address << 8 | value;
            octets++;
            if (octets < 4) {
                if (i >= length || text.charAt(i) != '.') {
                    throw new IllegalArgumentException("not an IPv4 address: " + text);
                }
                i++;
            }
        }
        if (i != length) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        return address;
    }

    /** {@code a.b.c.d}. */
    public static String format(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
    }

    /** Compares as unsigned 32-bit numbers: 128.0.0.0 is above 127.255.255.255. */
    public static int compare(int a, int b) {
        return Integer.compareUnsigned(a, b);
    }
}
