package io.vpngw.gateway.tun;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.tun.OffloadedPacket.Kind;
import io.vpngw.gateway.tun.TunDevice.ReadVerdict;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Cutting TUN super-packets into the packets the kernel would have sent, from octets alone. */
class OffloadedPacketTest {

    static final int SOURCE = 0x0A000001;
    static final int DESTINATION = 0x0A000002;
    static final int VNET = OffloadedPacket.VNET_HEADER_SIZE;

    @Test
    void aTcpSuperPacketBecomesSegmentsWithTheirOwnSequenceFlagsAndChecksums() {
        byte[] payload = pattern(3500);
        byte[] read = new byte[VNET + 40 + payload.length];
        int length = Ipv4Packets.tcp(read, VNET, SOURCE, 40000, DESTINATION, 443, 1000, 77,
                0x80 | 0x10 | 0x08 | 0x01, new byte[0], payload); // CWR ACK PSH FIN
        spoilTransportChecksum(read, VNET + 20 + 16);
        vnetHeader(read, OffloadedPacket.FLAG_NEEDS_CHECKSUM, OffloadedPacket.GSO_TCPV4, 1000, 20, 16);
        OffloadedPacket packet = new OffloadedPacket();

        assertThat(packet.parse(read, 0, VNET + length, read.length)).isEqualTo(Kind.SEGMENTED);
        assertThat(packet.segmentCount()).isEqualTo(4);
        assertThat(packet.largestSegmentLength()).isEqualTo(1040);

        byte[] out = new byte[2000];
        int identification = Ipv4Packets.identification(read, VNET);
        for (int i = 0; i < 4; i++) {
            int segment = packet.writeSegment(i, out, 64);
            int chunk = i < 3 ? 1000 : 500;
            assertThat(segment).isEqualTo(40 + chunk);
            assertThat(Ipv4Packets.totalLength(out, 64)).isEqualTo(40 + chunk);
            assertThat(Ipv4Packets.identification(out, 64)).isEqualTo(identification + i);
            assertThat(Ipv4Packets.headerChecksumValid(out, 64)).as("IP checksum of segment %d", i).isTrue();
            assertThat(Ipv4Packets.transportChecksumValid(out, 64)).as("TCP checksum of segment %d", i).isTrue();
            assertThat(Ipv4Packets.tcpSequence(out, 64)).isEqualTo(1000 + 1000 * i);
            int expectedFlags = 0x10 | (i == 0 ? 0x80 : 0) | (i == 3 ? 0x08 | 0x01 : 0);
            assertThat(Ipv4Packets.tcpFlags(out, 64)).as("flags of segment %d", i).isEqualTo(expectedFlags);
            assertThat(Arrays.copyOfRange(out, 64 + 40, 64 + 40 + chunk))
                    .isEqualTo(Arrays.copyOfRange(payload, 1000 * i, 1000 * i + chunk));
        }
    }

    @Test
    void aUdpSuperPacketBecomesDatagramsOfTheSegmentSize() {
        byte[] payload = pattern(2 * 1372 + 100);
        byte[] read = new byte[VNET + 28 + payload.length];
        int length = Ipv4Packets.udp(read, VNET, SOURCE, 5000, DESTINATION, 4500, payload);
        spoilTransportChecksum(read, VNET + 20 + 6);
        vnetHeader(read, OffloadedPacket.FLAG_NEEDS_CHECKSUM, OffloadedPacket.GSO_UDP_L4, 1372, 20, 6);
        OffloadedPacket packet = new OffloadedPacket();

        assertThat(packet.parse(read, 0, VNET + length, read.length)).isEqualTo(Kind.SEGMENTED);
        assertThat(packet.segmentCount()).isEqualTo(3);

        byte[] out = new byte[1500];
        for (int i = 0; i < 3; i++) {
            int chunk = i < 2 ? 1372 : 100;
            assertThat(packet.writeSegment(i, out, 0)).isEqualTo(28 + chunk);
            assertThat(Ipv4Packets.udpPayloadLength(out, 0)).isEqualTo(chunk);
            assertThat(Ipv4Packets.headerChecksumValid(out, 0)).isTrue();
            assertThat(Ipv4Packets.udpChecksumValid(out, 0)).isTrue();
            assertThat(Ipv4Packets.transportChecksumValid(out, 0)).as("a checksum, not 'none'").isTrue();
            assertThat(Arrays.copyOfRange(out, 28, 28 + chunk))
                    .isEqualTo(Arrays.copyOfRange(payload, 1372 * i, 1372 * i + chunk));
        }
    }

    @Test
    void aSinglePacketGetsTheChecksumTheKernelLeftUndone() {
        byte[] read = new byte[VNET + 28 + 33];
        int length = Ipv4Packets.udp(read, VNET, SOURCE, 5000, DESTINATION, 4500, pattern(33));
        // What the kernel leaves: the folded pseudo-header sum, not complemented, in the field.
        int partial = ~InternetChecksum.finish(InternetChecksum.pseudoHeader(SOURCE, DESTINATION, 17, 8 + 33)) & 0xFFFF;
        read[VNET + 26] = (byte) (partial >>> 8);
        read[VNET + 27] = (byte) partial;
        vnetHeader(read, OffloadedPacket.FLAG_NEEDS_CHECKSUM, OffloadedPacket.GSO_NONE, 0, 20, 6);
        OffloadedPacket packet = new OffloadedPacket();

        assertThat(packet.parse(read, 0, VNET + length, read.length)).isEqualTo(Kind.SINGLE);

        assertThat(packet.packetOffset()).isEqualTo(VNET);
        assertThat(packet.packetLength()).isEqualTo(length);
        assertThat(Ipv4Packets.transportChecksumValid(read, VNET)).isTrue();
    }

    @Test
    void headersThatDisagreeWithThePacketAreDroppedNotTrusted() {
        OffloadedPacket packet = new OffloadedPacket();
        byte[] udp = new byte[VNET + 28 + 3000];
        int length = VNET + Ipv4Packets.udp(udp, VNET, SOURCE, 1, DESTINATION, 2, new byte[3000]);

        vnetHeader(udp, 0, OffloadedPacket.GSO_UDP_L4, 0, 20, 6);
        assertDropped(packet, udp, length, ReadVerdict.MALFORMED, "segment size 0");
        vnetHeader(udp, 0, OffloadedPacket.GSO_TCPV4, 1000, 20, 16);
        assertDropped(packet, udp, length, ReadVerdict.MALFORMED, "TCP segmentation of a UDP packet");
        vnetHeader(udp, 0, 3, 1000, 20, 6);
        assertDropped(packet, udp, length, ReadVerdict.MALFORMED, "the old UFO type");
        vnetHeader(udp, OffloadedPacket.FLAG_NEEDS_CHECKSUM, OffloadedPacket.GSO_NONE, 0, 20, 3100);
        assertDropped(packet, udp, length, ReadVerdict.MALFORMED, "checksum field beyond the packet");
        vnetHeader(udp, OffloadedPacket.FLAG_NEEDS_CHECKSUM, OffloadedPacket.GSO_NONE, 0, 4, 6);
        assertDropped(packet, udp, length, ReadVerdict.MALFORMED, "checksum start inside the IP header");
        assertDropped(packet, udp, 5, ReadVerdict.MALFORMED, "shorter than the virtio-net header");

        byte[] ipv6 = new byte[VNET + 48];
        ipv6[VNET] = 0x60;
        assertDropped(packet, ipv6, ipv6.length, ReadVerdict.NOT_IPV4, "IPv6");
    }

    private static void assertDropped(OffloadedPacket packet, byte[] read, int length, ReadVerdict reason, String what) {
        assertThat(packet.parse(read, 0, length, read.length)).as(what).isEqualTo(Kind.DROP);
        assertThat(packet.dropReason()).as(what).isEqualTo(reason);
    }

    static void vnetHeader(byte[] b, int flags, int gsoType, int gsoSize, int checksumStart, int checksumOffset) {
        b[0] = (byte) flags;
        b[1] = (byte) gsoType;
        putLittleEndian(b, 2, 0);
        putLittleEndian(b, 4, gsoSize);
        putLittleEndian(b, 6, checksumStart);
        putLittleEndian(b, 8, checksumOffset);
    }

    private static void putLittleEndian(byte[] b, int i, int value) {
        b[i] = (byte) value;
        b[i + 1] = (byte) (value >>> 8);
    }

    /** A super-packet's transport checksum is never final; make sure the cutter does not rely on it. */
    private static void spoilTransportChecksum(byte[] b, int field) {
        b[field] = 0x12;
        b[field + 1] = 0x34;
    }

    static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 7 + i / 256);
        }
        return bytes;
    }
}
