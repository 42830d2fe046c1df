package io.vpngw.gateway.routing;

import static io.vpngw.gateway.routing.TestPackets.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Ipv4PacketTest {

    private final int client = address("10.0.0.5");
    private final int server = address("192.168.7.9");

    @Test
    void readsTheHeaderFieldsInPlaceAtAnOffset() {
        byte[] udp = TestPackets.udp(client, server, 40_000, 53, 12);
        byte[] buffer = new byte[udp.length + 50];
        System.arraycopy(udp, 0, buffer, 30, udp.length);
        assertThat(Ipv4Packet.isWellFormed(buffer, 30, udp.length)).isTrue();
        assertThat(Ipv4Packet.version(buffer, 30)).isEqualTo(4);
        assertThat(Ipv4Packet.headerLength(buffer, 30)).isEqualTo(20);
        assertThat(Ipv4Packet.totalLength(buffer, 30)).isEqualTo(udp.length);
        assertThat(Ipv4Packet.protocol(buffer, 30)).isEqualTo(Ipv4Packet.PROTOCOL_UDP);
        assertThat(Ipv4Packet.source(buffer, 30)).isEqualTo(client);
        assertThat(Ipv4Packet.destination(buffer, 30)).isEqualTo(server);
        assertThat(Ipv4Packet.sourcePort(buffer, 30)).isEqualTo(40_000);
        assertThat(Ipv4Packet.destinationPort(buffer, 30)).isEqualTo(53);
        assertThat(Ipv4Packet.isFragment(buffer, 30)).isFalse();
        assertThat(Ipv4Packet.icmpTypeAndCode(buffer, 30)).isEqualTo(Ipv4Packet.PORT_UNAVAILABLE);
    }

    @Test
    void icmpHasTypeAndCodeInsteadOfPorts() {
        byte[] unreachable = TestPackets.icmp(client, server, 3, 4);
        assertThat(Ipv4Packet.icmpTypeAndCode(unreachable, 0)).isEqualTo(0x0304);
        assertThat(Ipv4Packet.sourcePort(unreachable, 0)).isEqualTo(Ipv4Packet.PORT_UNAVAILABLE);
        assertThat(Ipv4Packet.destinationPort(unreachable, 0)).isEqualTo(Ipv4Packet.PORT_UNAVAILABLE);
    }

    @Test
    void laterFragmentsHaveNoPortsButTheFirstHas() {
        byte[] udp = TestPackets.udp(client, server, 1000, 2000, 40);
        byte[] first = TestPackets.asFragment(udp, 0);
        byte[] later = TestPackets.asFragment(udp, 1480);
        assertThat(Ipv4Packet.isFragment(first, 0)).isTrue();
        assertThat(Ipv4Packet.isLaterFragment(first, 0)).isFalse();
        assertThat(Ipv4Packet.sourcePort(first, 0)).isEqualTo(1000);
        assertThat(Ipv4Packet.isLaterFragment(later, 0)).isTrue();
        assertThat(Ipv4Packet.fragmentOffset(later, 0)).isEqualTo(1480);
        assertThat(Ipv4Packet.sourcePort(later, 0)).isEqualTo(Ipv4Packet.PORT_UNAVAILABLE);
        assertThat(Ipv4Packet.destinationPort(later, 0)).isEqualTo(Ipv4Packet.PORT_UNAVAILABLE);
    }

    @Test
    void portsCutOffByTheTotalLengthAreUnavailable() {
        byte[] header = Arrays.copyOf(TestPackets.ipv4(client, server, Ipv4Packet.PROTOCOL_TCP, new byte[3]), 23);
        assertThat(Ipv4Packet.isWellFormed(header, 0, header.length)).isTrue();
        assertThat(Ipv4Packet.sourcePort(header, 0)).isEqualTo(0);
        assertThat(Ipv4Packet.destinationPort(header, 0)).as("needs octets 22 and 23 and 24").isEqualTo(Ipv4Packet.PORT_UNAVAILABLE);
    }

    @Test
    void malformedHeadersAreNotWellFormed() {
        byte[] good = TestPackets.udp(client, server, 1, 2, 0);
        assertThat(Ipv4Packet.isWellFormed(good, 0, 19)).as("short").isFalse();
        byte[] v6 = good.clone();
        v6[0] = 0x65;
        assertThat(Ipv4Packet.isWellFormed(v6, 0, v6.length)).as("version 6").isFalse();
        byte[] smallIhl = good.clone();
        smallIhl[0] = 0x44;
        assertThat(Ipv4Packet.isWellFormed(smallIhl, 0, good.length)).as("IHL 4").isFalse();
        byte[] bigIhl = good.clone();
        bigIhl[0] = 0x4F;
        assertThat(Ipv4Packet.isWellFormed(bigIhl, 0, good.length)).as("IHL past total length").isFalse();
        assertThat(Ipv4Packet.isWellFormed(good, 0, good.length - 1)).as("total length past the buffer").isFalse();
        assertThat(Ipv4Packet.isWellFormed(good, 5, good.length)).as("range past the array").isFalse();
        byte[] padded = Arrays.copyOf(good, good.length + 10);
        assertThat(Ipv4Packet.isWellFormed(padded, 0, padded.length)).as("link padding after the datagram").isTrue();
    }

    @Test
    void onlyPortBearingProtocolsHavePorts() {
        assertThat(Ipv4Packet.hasPorts(Ipv4Packet.PROTOCOL_TCP)).isTrue();
        assertThat(Ipv4Packet.hasPorts(Ipv4Packet.PROTOCOL_SCTP)).isTrue();
        assertThat(Ipv4Packet.hasPorts(Ipv4Packet.PROTOCOL_ICMP)).isFalse();
        assertThat(Ipv4Packet.hasPorts(47)).as("GRE").isFalse();
        byte[] gre = TestPackets.ipv4(client, server, 47, new byte[8]);
        assertThat(Ipv4Packet.sourcePort(gre, 0)).isEqualTo(Ipv4Packet.PORT_UNAVAILABLE);
    }
}
