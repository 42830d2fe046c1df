package io.vpngw.gateway.routing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads the fields of an IPv4 packet (RFC 791) in place in a byte array, without allocating.
 * Call {@link #isWellFormed} first: the other readers trust the header it checked, and only
 * the transport-layer readers look past it, each checking that what it reads is there.
 */
public final class Ipv4Packet {

    public static final int MIN_HEADER_LENGTH = 20;
    public static final int PROTOCOL_ICMP = 1;
    public static final int PROTOCOL_TCP = 6;
    public static final int PROTOCOL_UDP = 17;
    public static final int PROTOCOL_DCCP = 33;
    public static final int PROTOCOL_SCTP = 132;
    public static final int PROTOCOL_UDP_LITE = 136;
    /** A port that is not there to read: another protocol, a later fragment, a truncated header. */
    public static final int PORT_UNAVAILABLE = -1;

    private static final VarHandle BIG_ENDIAN_SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BIG_ENDIAN_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private Ipv4Packet() {
    }

    /**
     * Whether {@code packet[offset, offset + length)} starts with a sound IPv4 header: version 4,
     * header length at least 20 and within the buffer, total length covering the header and
     * within the buffer (octets after the total length, such as link padding, are allowed).
     */
    public static boolean isWellFormed(byte[] packet, int offset, int length) {
        if (length < MIN_HEADER_LENGTH || offset < 0 || offset + length > packet.length || offset + length < 0) {
            return false;
        }
        int versionAndIhl = packet[offset] & 0xFF;
        int headerLength = (versionAndIhl & 0x0F) * 4;
        int totalLength = u16(packet, offset + 2);
        return versionAndIhl >>> 4 == 4 && headerLength >= MIN_HEADER_LENGTH && headerLength <= totalLength
                && totalLength <= length;
    }

    /** The version nibble of any IP packet: 4 or 6 for what a TUN device delivers. */
    public static int version(byte[] packet, int offset) {
        return (packet[offset] & 0xFF) >>> 4;
    }

    public static int headerLength(byte[] packet, int offset) {
        return (packet[offset] & 0x0F) * 4;
    }

    public static int totalLength(byte[] packet, int offset) {
        return u16(packet, offset + 2);
    }

    public static int protocol(byte[] packet, int offset) {
        return packet[offset + 9] & 0xFF;
    }

    public static int source(byte[] packet, int offset) {
        return (int) BIG_ENDIAN_INT.get(packet, offset + 12);
    }

    public static int destination(byte[] packet, int offset) {
        return (int) BIG_ENDIAN_INT.get(packet, offset + 16);
    }

    /** The fragment offset in octets. */
    public static int fragmentOffset(byte[] packet, int offset) {
        return (u16(packet, offset + 6) & 0x1FFF) * 8;
    }

    /** Whether this is a fragment other than the first, which carries no transport header. */
    public static boolean isLaterFragment(byte[] packet, int offset) {
        return (u16(packet, offset + 6) & 0x1FFF) != 0;
    }

    /** Whether this is a fragment (first or later) rather than a whole datagram. */
    public static boolean isFragment(byte[] packet, int offset) {
        return (u16(packet, offset + 6) & 0x3FFF) != 0;
    }

    /** The source port of TCP, UDP, UDP-Lite, SCTP or DCCP, or {@link #PORT_UNAVAILABLE}. */
    public static int sourcePort(byte[] packet, int offset) {
        return transportU16(packet, offset, 0, true);
    }

    /** The destination port of TCP, UDP, UDP-Lite, SCTP or DCCP, or {@link #PORT_UNAVAILABLE}. */
    public static int destinationPort(byte[] packet, int offset) {
        return transportU16(packet, offset, 2, true);
    }

    /**
     * For ICMP, type and code as one 16-bit number, type in the high octet: the form traffic
     * selectors match it in (RFC 4301 §4.4.1.1, RFC 7296 §3.13.1); otherwise {@link #PORT_UNAVAILABLE}.
     */
    public static int icmpTypeAndCode(byte[] packet, int offset) {
        return protocol(packet, offset) == PROTOCOL_ICMP ? transportU16(packet, offset, 0, false) : PORT_UNAVAILABLE;
    }

    /** Whether the protocol's header starts with a source and a destination port. */
    public static boolean hasPorts(int protocol) {
        return protocol == PROTOCOL_TCP || protocol == PROTOCOL_UDP || protocol == PROTOCOL_SCTP
                || protocol == PROTOCOL_UDP_LITE || protocol == PROTOCOL_DCCP;
    }

    private static int transportU16(byte[] packet, int offset, int at, boolean needPorts) {
        if (needPorts && !hasPorts(protocol(packet, offset))) {
            return PORT_UNAVAILABLE;
        }
        if (isLaterFragment(packet, offset)) {
            return PORT_UNAVAILABLE;
        }
        int field = headerLength(packet, offset) + at;
        if (field + 2 > totalLength(packet, offset)) {
            return PORT_UNAVAILABLE;
        }
        return u16(packet, offset + field);
    }

    static int u16(byte[] packet, int at) {
        return (short) BIG_ENDIAN_SHORT.get(packet, at) & 0xFFFF;
    }

    static void putU16(byte[] packet, int at, int value) {
        BIG_ENDIAN_SHORT.set(packet, at, (short) value);
    }
}
