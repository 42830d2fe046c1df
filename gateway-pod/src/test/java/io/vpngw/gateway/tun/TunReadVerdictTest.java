package io.vpngw.gateway.tun;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.tun.TunDevice.ReadVerdict;
import org.junit.jupiter.api.Test;

/** What a read from the TUN hands over, without a TUN: the checks on the octets alone. */
class TunReadVerdictTest {

    static byte[] udpPacket(int payload) {
        byte[] packet = new byte[Ipv4Packets.HEADER + Ipv4Packets.UDP_HEADER + payload];
        Ipv4Packets.udp(packet, 0, 0x0A000001, 1, 0x0A000002, 2, new byte[payload]);
        return packet;
    }

    @Test
    void aWholeIpv4PacketIsDelivered() {
        byte[] packet = udpPacket(10);
        assertThat(TunDevice.verdict(packet, 0, packet.length, 2048)).isEqualTo(ReadVerdict.DELIVER);
        assertThat(TunDevice.verdict(packet, 0, packet.length, packet.length)).isEqualTo(ReadVerdict.DELIVER);
    }

    @Test
    void ipv6AndOtherVersionsAreNotIpv4() {
        byte[] ipv6 = new byte[48];
        ipv6[0] = 0x60;
        assertThat(TunDevice.verdict(ipv6, 0, ipv6.length, 2048)).isEqualTo(ReadVerdict.NOT_IPV4);
        byte[] garbage = {(byte) 0xF5, 0, 0, 20};
        assertThat(TunDevice.verdict(garbage, 0, garbage.length, 2048)).isEqualTo(ReadVerdict.NOT_IPV4);
    }

    @Test
    void aPacketCutAtTheBufferIsOversize() {
        byte[] packet = udpPacket(1000);
        // This kernel returns what fit; others return the full length. Both are oversize.
        assertThat(TunDevice.verdict(packet, 0, 256, 256)).isEqualTo(ReadVerdict.OVERSIZE);
        assertThat(TunDevice.verdict(packet, 0, packet.length, 256)).isEqualTo(ReadVerdict.OVERSIZE);
    }

    @Test
    void inconsistentHeadersAreMalformed() {
        byte[] packet = udpPacket(10);
        assertThat(TunDevice.verdict(packet, 0, 0, 2048)).isEqualTo(ReadVerdict.MALFORMED);
        assertThat(TunDevice.verdict(packet, 0, 19, 2048)).as("shorter than a header").isEqualTo(ReadVerdict.MALFORMED);
        assertThat(TunDevice.verdict(packet, 0, packet.length - 1, 2048)).as("total length says more")
                .isEqualTo(ReadVerdict.MALFORMED);

        byte[] shortHeader = packet.clone();
        shortHeader[0] = 0x44;
        assertThat(TunDevice.verdict(shortHeader, 0, shortHeader.length, 2048)).isEqualTo(ReadVerdict.MALFORMED);

        byte[] trailing = new byte[packet.length + 4];
        System.arraycopy(packet, 0, trailing, 0, packet.length);
        assertThat(TunDevice.verdict(trailing, 0, trailing.length, 2048)).as("octets after the total length")
                .isEqualTo(ReadVerdict.MALFORMED);
    }

    @Test
    void thePacketIsLookedForAtItsOffset() {
        byte[] packet = udpPacket(10);
        byte[] buffer = new byte[64 + packet.length];
        System.arraycopy(packet, 0, buffer, 64, packet.length);
        assertThat(TunDevice.verdict(buffer, 64, packet.length, 2048)).isEqualTo(ReadVerdict.DELIVER);
    }
}
