package io.vpngw.gateway.routing;

import java.nio.ByteBuffer;

/** Builds IPv4 packets with correct checksums for tests, computed the long way (RFC 1071). */
public final class TestPackets {

    private TestPackets() {
    }

    /** An IPv4 packet with a 20-octet header around {@code payload}. */
    public static byte[] ipv4(int source, int destination, int protocol, byte[] payload) {
        byte[] packet = new byte[20 + payload.length];
        ByteBuffer b = ByteBuffer.wrap(packet);
        b.put((byte) 0x45).put((byte) 0).putShort((short) packet.length);
        b.putShort((short) 0x1234).putShort((short) 0x4000); // DF
        b.put((byte) 64).put((byte) protocol).putShort((short) 0);
        b.putInt(source).putInt(destination);
        b.put(payload);
        int checksum = InternetChecksum.finish(InternetChecksum.sum(packet, 0, 20, 0));
        b.putShort(10, (short) checksum);
        return packet;
    }

    public static byte[] udp(int source, int destination, int sourcePort, int destinationPort, int payloadLength) {
        byte[] segment = new byte[8 + payloadLength];
        ByteBuffer.wrap(segment).putShort((short) sourcePort).putShort((short) destinationPort).putShort((short) segment.length);
        for (int i = 8; i < segment.length; i++) {
            segment[i] = (byte) (i * 7);
        }
        return ipv4(source, destination, Ipv4Packet.PROTOCOL_UDP, segment);
    }

    public static byte[] icmp(int source, int destination, int type, int code) {
        byte[] message = {(byte) type, (byte) code, 0, 0, 0, 1, 0, 1};
        return ipv4(source, destination, Ipv4Packet.PROTOCOL_ICMP, message);
    }

    /**
     * A TCP segment with the given flags, options (padded with End of Option List to a multiple
     * of four) and payload, its checksum correct.
     */
    public static byte[] tcp(int source, int destination, int sourcePort, int destinationPort, int flags,
                             byte[] options, int payloadLength) {
        int optionsLength = (options.length + 3) & ~3;
        int headerLength = 20 + optionsLength;
        byte[] segment = new byte[headerLength + payloadLength];
        ByteBuffer b = ByteBuffer.wrap(segment);
        b.putShort((short) sourcePort).putShort((short) destinationPort);
        b.putInt(0x1000_0001).putInt(0);
        b.put((byte) (headerLength / 4 << 4)).put((byte) flags).putShort((short) 64240);
        b.putShort((short) 0).putShort((short) 0);
        b.put(options);
        for (int i = headerLength; i < segment.length; i++) {
            segment[i] = (byte) (i * 13 + 5);
        }
        byte[] packet = ipv4(source, destination, Ipv4Packet.PROTOCOL_TCP, segment);
        ByteBuffer.wrap(packet).putShort(20 + 16, (short) tcpChecksum(packet));
        return packet;
    }

    /** The TCP checksum of the segment in the packet, computed from scratch with the checksum field taken as zero. */
    public static int tcpChecksum(byte[] packet) {
        int headerLength = Ipv4Packet.headerLength(packet, 0);
        int segmentLength = Ipv4Packet.totalLength(packet, 0) - headerLength;
        byte[] segment = java.util.Arrays.copyOfRange(packet, headerLength, headerLength + segmentLength);
        segment[16] = 0;
        segment[17] = 0;
        int sum = InternetChecksum.ipv4PseudoHeaderSum(Ipv4Packet.source(packet, 0), Ipv4Packet.destination(packet, 0),
                Ipv4Packet.PROTOCOL_TCP, segmentLength);
        return InternetChecksum.finish(InternetChecksum.sum(segment, 0, segment.length, sum));
    }

    /** Whether the TCP checksum in the packet verifies: the sum over pseudo-header and segment is all ones. */
    public static boolean tcpChecksumVerifies(byte[] packet) {
        int headerLength = Ipv4Packet.headerLength(packet, 0);
        int segmentLength = Ipv4Packet.totalLength(packet, 0) - headerLength;
        int sum = InternetChecksum.ipv4PseudoHeaderSum(Ipv4Packet.source(packet, 0), Ipv4Packet.destination(packet, 0),
                Ipv4Packet.PROTOCOL_TCP, segmentLength);
        return InternetChecksum.sum(packet, headerLength, segmentLength, sum) == 0xFFFF;
    }

    /** Marks the packet as a fragment at {@code offsetOctets} (a multiple of 8), with More Fragments set. */
    public static byte[] asFragment(byte[] packet, int offsetOctets) {
        byte[] copy = packet.clone();
        ByteBuffer.wrap(copy).putShort(6, (short) (0x2000 | offsetOctets / 8));
        return copy;
    }

    public static int address(String dotted) {
        return Ipv4Address.parse(dotted);
    }
}
