package io.vpngw.gateway.tun;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The ones'-complement checksum of IPv4, TCP and UDP (RFC 1071), eight octets at a time: with
 * segmentation offload the gateway computes it for every segment it cuts from a super-packet.
 */
final class InternetChecksum {

    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private InternetChecksum() {}

    /**
     * Adds the 16-bit big-endian words of {@code data[offset, offset + length)} to {@code sum}
     * (an odd last octet counts as the high half of a word). The result is unfolded: pass it on,
     * then {@link #finish} it.
     */
    static long add(long sum, byte[] data, int offset, int length) {
        int i = offset;
        int end = offset + length;
        // Each 64-bit load adds two 32-bit halves; 2^31 of them cannot overflow 64 bits.
        while (end - i >= 8) {
            long word = (long) LONG_BE.get(data, i);
            sum += (word >>> 32) + (word & 0xFFFF_FFFFL);
            i += 8;
        }
        while (end - i >= 2) {
            sum += ((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF);
            i += 2;
        }
        if (i < end) {
            sum += (data[i] & 0xFF) << 8;
        }
        return sum;
    }

    /** Adds a 32-bit value as its two 16-bit words. */
    static long addInt(long sum, int value) {
        return sum + (value >>> 16) + (value & 0xFFFF);
    }

    /** Folds {@code sum} to 16 bits and complements it: the value to store in a checksum field. */
    static int finish(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    /** The checksum of an IPv4 header at {@code packet[offset]} whose own checksum field is zero. */
    static int ipv4Header(byte[] packet, int offset, int headerLength) {
        return finish(add(0, packet, offset, headerLength));
    }

    /** The TCP/UDP pseudo-header sum: addresses, protocol and transport length. */
    static long pseudoHeader(int source, int destination, int protocol, int transportLength) {
        return addInt(addInt(0, source), destination) + protocol + transportLength;
    }
}
