package io.vpngw.gateway.routing;

/**
 * The Internet checksum (RFC 1071) and its incremental update (RFC 1624), as IPv4, TCP, UDP and
 * ICMP use it. Sums are kept as non-negative {@code int}s and folded to 16 bits at the end.
 */
public final class InternetChecksum {

    private InternetChecksum() {
    }

    /**
     * The one's complement sum of {@code data[offset, offset + length)} as 16-bit big-endian
     * words, an odd last octet padded with zero, added to {@code initial}; not yet folded or
     * complemented.
     */
    public static int sum(byte[] data, int offset, int length, int initial) {
        long sum = initial & 0xFFFF_FFFFL;
        int end = offset + length;
        int i = offset;
        for (; i + 1 < end; i += 2) {
            sum += (data[i] & 0xFF) << 8 | data[i + 1] & 0xFF;
        }
        if (i < end) {
            sum += (data[i] & 0xFF) << 8;
        }
        return fold(sum);
    }

    /** The sum of the TCP/UDP pseudo-header for IPv4 (RFC 793 §3.1): addresses, protocol, segment length. */
    public static int ipv4PseudoHeaderSum(int source, int destination, int protocol, int segmentLength) {
        long sum = (source >>> 16) + (source & 0xFFFF) + (destination >>> 16) + (destination & 0xFFFF)
                + protocol + segmentLength;
        return fold(sum);
    }

    /** The checksum field's value for a sum: the one's complement of the folded sum. */
    public static int finish(int sum) {
        return ~fold(sum & 0xFFFF_FFFFL) & 0xFFFF;
    }

    /**
     * A checksum after one 16-bit word it covers changed from {@code oldWord} to {@code newWord},
     * by RFC 1624 equation 3: HC' = ~(~HC + ~m + m'). Unlike equation 2 of RFC 1141, this one never
     * turns a correct checksum into the wrong representation of zero.
     */
    public static int update(int checksum, int oldWord, int newWord) {
        long sum = (~checksum & 0xFFFF) + (~oldWord & 0xFFFF) + (newWord & 0xFFFF);
        return ~fold(sum) & 0xFFFF;
    }

    private static int fold(long sum) {
        while (sum >>> 16 != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) sum;
    }
}
