package io.vpngw.gateway.routing;

import static io.vpngw.gateway.routing.TestPackets.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SaSelectorsTest {

    private static final Ipv4Prefix AZURE_SIDE = Ipv4Prefix.parse("10.1.0.0/16");
    private static final Ipv4Prefix BRANCH = Ipv4Prefix.parse("192.168.10.0/24");
    private static final Ipv4Prefix BRANCH_2 = Ipv4Prefix.parse("192.168.20.0/24");

    private final SaSelectors prefixPairs = new SaSelectors(List.of(Ipv4Selector.of(AZURE_SIDE)),
            List.of(Ipv4Selector.of(BRANCH), Ipv4Selector.of(BRANCH_2)));

    @Test
    void aDecryptedPacketMustComeFromTheRemoteSideToTheLocalSide() {
        byte[] inbound = TestPackets.udp(address("192.168.20.4"), address("10.1.9.9"), 1234, 80, 10);
        assertThat(prefixPairs.allowsInbound(inbound, 0, inbound.length)).isTrue();
        byte[] wrongSource = TestPackets.udp(address("192.168.30.4"), address("10.1.9.9"), 1234, 80, 10);
        assertThat(prefixPairs.allowsInbound(wrongSource, 0, wrongSource.length)).isFalse();
        byte[] wrongDestination = TestPackets.udp(address("192.168.20.4"), address("10.2.9.9"), 1234, 80, 10);
        assertThat(prefixPairs.allowsInbound(wrongDestination, 0, wrongDestination.length)).isFalse();
        byte[] reversed = TestPackets.udp(address("10.1.9.9"), address("192.168.20.4"), 1234, 80, 10);
        assertThat(prefixPairs.allowsInbound(reversed, 0, reversed.length)).as("our own direction").isFalse();
        assertThat(prefixPairs.allowsOutbound(reversed, 0, reversed.length)).isTrue();
    }

    @Test
    void protocolAndPortsOfTheSelectorsApply() {
        // The peer may reach our HTTPS server and nothing else.
        SaSelectors https = new SaSelectors(List.of(Ipv4Selector.of(AZURE_SIDE, Ipv4Packet.PROTOCOL_TCP, 443, 443)),
                List.of(Ipv4Selector.of(BRANCH, Ipv4Packet.PROTOCOL_TCP, 0, 0xFFFF)));
        byte[] toHttps = TestPackets.tcp(address("192.168.10.5"), address("10.1.0.10"), 50_000, 443, 0x02, new byte[0], 0);
        byte[] toSsh = TestPackets.tcp(address("192.168.10.5"), address("10.1.0.10"), 50_000, 22, 0x02, new byte[0], 0);
        byte[] udp = TestPackets.udp(address("192.168.10.5"), address("10.1.0.10"), 50_000, 443, 0);
        assertThat(https.allowsInbound(toHttps, 0, toHttps.length)).isTrue();
        assertThat(https.allowsInbound(toSsh, 0, toSsh.length)).isFalse();
        assertThat(https.allowsInbound(udp, 0, udp.length)).isFalse();
        byte[] laterFragment = TestPackets.asFragment(toHttps, 8);
        assertThat(https.allowsInbound(laterFragment, 0, laterFragment.length))
                .as("a later fragment shows no port, and 443..443 is not ANY").isFalse();
    }

    @Test
    void opaquePortsMatchOnlyPacketsWithoutReadablePorts() {
        Ipv4Selector opaque = new Ipv4Selector(0, -1, Ipv4Selector.ANY_PROTOCOL, 0xFFFF, 0);
        SaSelectors fragmentsOnly = new SaSelectors(List.of(opaque), List.of(opaque));
        byte[] udp = TestPackets.udp(address("192.168.10.5"), address("10.1.0.10"), 1, 2, 30);
        byte[] laterFragment = TestPackets.asFragment(udp, 16);
        assertThat(fragmentsOnly.allowsInbound(udp, 0, udp.length)).isFalse();
        assertThat(fragmentsOnly.allowsInbound(laterFragment, 0, laterFragment.length)).isTrue();
        assertThat(opaque.isOpaquePort()).isTrue();
        assertThat(Ipv4Selector.any().matchesPort(Ipv4Packet.PORT_UNAVAILABLE)).as("ANY includes OPAQUE").isTrue();
    }

    @Test
    void icmpTypeAndCodeAreMatchedOnTheRemoteSide() {
        // The peer may send echo requests (type 8) only.
        SaSelectors ping = new SaSelectors(List.of(Ipv4Selector.of(AZURE_SIDE, Ipv4Packet.PROTOCOL_ICMP, 0, 0xFFFF)),
                List.of(Ipv4Selector.of(BRANCH, Ipv4Packet.PROTOCOL_ICMP, 0x0800, 0x08FF)));
        byte[] echoRequest = TestPackets.icmp(address("192.168.10.5"), address("10.1.0.10"), 8, 0);
        byte[] unreachable = TestPackets.icmp(address("192.168.10.5"), address("10.1.0.10"), 3, 1);
        assertThat(ping.allowsInbound(echoRequest, 0, echoRequest.length)).isTrue();
        assertThat(ping.allowsInbound(unreachable, 0, unreachable.length)).isFalse();
    }

    @Test
    void anyToAnyAllowsEveryIpv4PacketButNothingMalformed() {
        byte[] udp = TestPackets.udp(address("1.2.3.4"), address("5.6.7.8"), 1, 2, 0);
        assertThat(SaSelectors.any().allowsInbound(udp, 0, udp.length)).isTrue();
        assertThat(SaSelectors.any().allowsInbound(udp, 0, 10)).isFalse();
        byte[] v6 = udp.clone();
        v6[0] = 0x60;
        assertThat(SaSelectors.any().allowsInbound(v6, 0, v6.length)).isFalse();
    }

    @Test
    void selectorsAreValidated() {
        assertThatThrownBy(() -> new SaSelectors(List.of(), List.of(Ipv4Selector.any()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv4Selector(5, 4, 0, 0, 0xFFFF)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv4Selector(0, 4, 256, 0, 0xFFFF)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv4Selector(0, 4, 6, 100, 99)).as("backwards but not OPAQUE")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv4Selector(0, 4, 6, 0, 0x10000)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Ipv4Selector(0x8000_0000, -1, 0, 0, 0xFFFF).addressCount()).isEqualTo(1L << 31);
    }
}
