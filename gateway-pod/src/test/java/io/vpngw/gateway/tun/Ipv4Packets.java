package io.vpngw.gateway.tun;

/**
 * Builds and reads the IPv4, UDP and ICMP headers the TUN tests exchange with the kernel, with
 * RFC 1071 checksums, so a test can play the remote end of the TUN.
 */
final class Ipv4Packets {

    static final int HEADER = 20;
    static final int UDP_HEADER = 8;
    static final int PROTOCOL_ICMP = 1;
    static final int PROTOCOL_TCP = 6;
    static final int PROTOCOL_UDP = 17;
    static final int ICMP_ECHO_REPLY = 0;
    static final int ICMP_ECHO_REQUEST = 8;

    private Ipv4Packets() {}

    /** Writes an IPv4/UDP packet with valid checksums at {@code out[offset]}; returns its length. */
    static int udp(byte[] out, int offset, int source, int sourcePort, int destination, int destinationPort,
            byte[] payload) {
        int length = HEADER + UDP_HEADER + payload.length;
        writeIpv4Header(out, offset, length, PROTOCOL_UDP, source, destination);
        int udp = offset + HEADER;
        putShort(out, udp, sourcePort);
        putShort(out, udp + 2, destinationPort);
        putShort(out, udp + 4, UDP_HEADER + payload.length);
        putShort(out, udp + 6, 0);
        System.arraycopy(payload, 0, out, udp + UDP_HEADER, payload.length);
        int checksum = transportChecksum(out, offset);
        putShort(out, udp + 6, checksum == 0 ? 0xFFFF : checksum);
        return length;
    }

    /**
     * Writes an IPv4/TCP packet with valid checksums and the given TCP {@code options} (a
     * multiple of four octets); returns its length.
     */
    static int tcp(byte[] out, int offset, int source, int sourcePort, int destination, int destinationPort,
            int sequence, int acknowledgement, int flags, byte[] options, byte[] payload) {
        int tcpHeader = 20 + options.length;
        int length = HEADER + tcpHeader + payload.length;
        writeIpv4Header(out, offset, length, PROTOCOL_TCP, source, destination);
        int tcp = offset + HEADER;
        putShort(out, tcp, sourcePort);
        putShort(out, tcp + 2, destinationPort);
        putInt(out, tcp + 4, sequence);
        putInt(out, tcp + 8, acknowledgement);
        out[tcp + 12] = (byte) ((tcpHeader / 4) << 4);
        out[tcp + 13] = (byte) flags;
        putShort(out, tcp + 14, 65535);
        putShort(out, tcp + 16, 0);
        putShort(out, tcp + 18, 0);
        System.arraycopy(options, 0, out, tcp + 20, options.length);
        System.arraycopy(payload, 0, out, tcp + tcpHeader, payload.length);
        putShort(out, tcp + 16, transportChecksum(out, offset));
        return length;
    }

    static int tcpSequence(byte[] packet, int offset) {
        return getInt(packet, offset + headerLength(packet, offset) + 4);
    }

    static int tcpFlags(byte[] packet, int offset) {
        return packet[offset + headerLength(packet, offset) + 13] & 0xFF;
    }

    static int tcpHeaderLength(byte[] packet, int offset) {
        return ((packet[offset + headerLength(packet, offset) + 12] & 0xF0) >>> 4) * 4;
    }

    static int identification(byte[] packet, int offset) {
        return getShort(packet, offset + 4);
    }

    /** Whether the TCP or UDP checksum, pseudo-header included, is right. */
    static boolean transportChecksumValid(byte[] packet, int offset) {
        return transportChecksum(packet, offset) == 0;
    }

    /** Turns the ICMP echo request at {@code packet[offset]} into its reply, in place. */
    static void turnEchoRequestIntoReply(byte[] packet, int offset) {
        int source = source(packet, offset);
        putInt(packet, offset + 12, destination(packet, offset));
        putInt(packet, offset + 16, source);
        putShort(packet, offset + 10, 0);
        putShort(packet, offset + 10, checksum(packet, offset, headerLength(packet, offset), 0));
        int icmp = offset + headerLength(packet, offset);
        int icmpLength = totalLength(packet, offset) - headerLength(packet, offset);
        packet[icmp] = ICMP_ECHO_REPLY;
        putShort(packet, icmp + 2, 0);
        putShort(packet, icmp + 2, checksum(packet, icmp, icmpLength, 0));
    }

    static int version(byte[] packet, int offset) {
        return (packet[offset] & 0xF0) >>> 4;
    }

    static int headerLength(byte[] packet, int offset) {
        return (packet[offset] & 0x0F) * 4;
    }

    static int totalLength(byte[] packet, int offset) {
        return getShort(packet, offset + 2);
    }

    static int protocol(byte[] packet, int offset) {
        return packet[offset + 9] & 0xFF;
    }

    static int source(byte[] packet, int offset) {
        return getInt(packet, offset + 12);
    }

    static int destination(byte[] packet, int offset) {
        return getInt(packet, offset + 16);
    }

    static int sourcePort(byte[] packet, int offset) {
        return getShort(packet, offset + headerLength(packet, offset));
    }

    static int destinationPort(byte[] packet, int offset) {
        return getShort(packet, offset + headerLength(packet, offset) + 2);
    }

    static int icmpType(byte[] packet, int offset) {
        return packet[offset + headerLength(packet, offset)] & 0xFF;
    }

    /** Where the UDP payload starts and how long it is. */
    static int udpPayloadOffset(byte[] packet, int offset) {
        return offset + headerLength(packet, offset) + UDP_HEADER;
    }

    static int udpPayloadLength(byte[] packet, int offset) {
        return getShort(packet, offset + headerLength(packet, offset) + 4) - UDP_HEADER;
    }

    static boolean headerChecksumValid(byte[] packet, int offset) {
        return checksum(packet, offset, headerLength(packet, offset), 0) == 0;
    }

    /** Whether the UDP checksum, over the pseudo-header too, is right (or absent, which IPv4 allows). */
    static boolean udpChecksumValid(byte[] packet, int offset) {
        int udp = offset + headerLength(packet, offset);
        return getShort(packet, udp + 6) == 0 || transportChecksum(packet, offset) == 0;
    }

    /** RFC 1071 ones'-complement checksum of {@code length} octets, continuing from {@code initial}. */
    static int checksum(byte[] data, int offset, int length, long initial) {
        long sum = initial;
        for (int i = 0; i + 1 < length; i += 2) {
            sum += getShort(data, offset + i);
        }
        if ((length & 1) != 0) {
            sum += (data[offset + length - 1] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    private static int transportChecksum(byte[] packet, int offset) {
        int header = headerLength(packet, offset);
        int transportLength = totalLength(packet, offset) - header;
        long pseudo = (source(packet, offset) >>> 16) + (source(packet, offset) & 0xFFFF)
                + (destination(packet, offset) >>> 16) + (destination(packet, offset) & 0xFFFF)
                + protocol(packet, offset) + transportLength;
        return checksum(packet, offset + header, transportLength, pseudo);
    }

    private static void writeIpv4Header(byte[] out, int offset, int totalLength, int protocol, int source,
            int destination) {
        out[offset] = 0x45;
        out[offset + 1] = 0;
        putShort(out, offset + 2, totalLength);
        putShort(out, offset + 4, 0);
        putShort(out, offset + 6, 0x4000); // don't fragment
        out[offset + 8] = 64;
        out[offset + 9] = (byte) protocol;
        putShort(out, offset + 10, 0);
        putInt(out, offset + 12, source);
        putInt(out, offset + 16, destination);
        putShort(out, offset + 10, checksum(out, offset, HEADER, 0));
    }

    private static int getShort(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    private static int getInt(byte[] b, int i) {
        return getShort(b, i) << 16 | getShort(b, i + 2);
    }

    private static void putShort(byte[] b, int i, int value) {
        b[i] = (byte) (value >>> 8);
        b[i + 1] = (byte) value;
    }

    private static void putInt(byte[] b, int i, int value) {
        putShort(b, i, value >>> 16);
        putShort(b, i + 2, value);
    }
}
