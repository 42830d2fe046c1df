package io.vpngw.gateway.ppp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** LCP and IPCP between the gateway's and the client's ends, packet by packet in memory. */
class PppNegotiationTest {
    private final ManualTimers timers = new ManualTimers();
    private final Deque<byte[]> toClient = new ArrayDeque<>();
    private final Deque<byte[]> toGateway = new ArrayDeque<>();

    private static final class LcpLog implements Lcp.Events {
        boolean up;
        String finished;
        final List<byte[]> echoes = new ArrayList<>();

        @Override
        public void lcpUp(int peerMru) {
            up = true;
        }

        @Override
        public void lcpFinished(String reason) {
            finished = reason;
        }

        @Override
        public void echoReplied(byte[] data) {
            echoes.add(data);
        }
    }

    private static final class IpcpLog implements Ipcp.Events {
        int local;
        int peer;
        int dns1;
        int dns2;
        String finished;

        @Override
        public void ipcpUp(int localAddress, int peerAddress, int primaryDns, int secondaryDns) {
            local = localAddress;
            peer = peerAddress;
            dns1 = primaryDns;
            dns2 = secondaryDns;
        }

        @Override
        public void ipcpFinished(String reason) {
            finished = reason;
        }
    }

    /** Delivers queued packets both ways until both queues are empty. */
    private void exchange(OptionNegotiation gateway, OptionNegotiation client) {
        for (int guard = 0; guard < 100 && !(toClient.isEmpty() && toGateway.isEmpty()); guard++) {
            while (!toClient.isEmpty()) {
                client.receive(toClient.poll());
            }
            while (!toGateway.isEmpty()) {
                gateway.receive(toGateway.poll());
            }
        }
    }

    @Test
    void lcpOpensWithEapOnBothEnds() {
        LcpLog g = new LcpLog();
        LcpLog c = new LcpLog();
        Lcp gateway = new Lcp(Lcp.Role.AUTHENTICATOR, Lcp.DEFAULT_MRU, toClient::add, timers, new Random(1), g);
        Lcp client = new Lcp(Lcp.Role.PEER, 1400, toGateway::add, timers, new Random(2), c);
        gateway.open();
        client.open();
        exchange(gateway, client);
        assertThat(gateway.isOpened()).isTrue();
        assertThat(client.isOpened()).isTrue();
        assertThat(g.up).isTrue();
        assertThat(gateway.peerMru()).isEqualTo(1400);

        client.echo(new byte[] {1, 2, 3});
        exchange(gateway, client);
        assertThat(c.echoes).hasSize(1);
        assertThat(c.echoes.getFirst()).endsWith(1, 2, 3);
    }

    @Test
    void theGatewayEndsLcpWhenTheClientInsistsOnAnotherAuthenticationProtocol() {
        LcpLog g = new LcpLog();
        Lcp gateway = new Lcp(Lcp.Role.AUTHENTICATOR, Lcp.DEFAULT_MRU, toClient::add, timers, new Random(1), g);
        gateway.open();
        ControlPacket request = ControlPacket.decode(toClient.poll());
        // Configure-Nak proposing CHAP with MD5 (C223 05) instead of EAP
        byte[] nak = new ControlPacket(OptionNegotiation.CONFIGURE_NAK, request.identifier(),
                ConfigOption.encodeAll(List.of(new ConfigOption(Lcp.AUTHENTICATION_PROTOCOL, new byte[] {(byte) 0xC2, 0x23, 0x05})))).encode();
        assertThat(gateway.receive(nak)).isTrue();
        assertThat(gateway.state()).isEqualTo(OptionNegotiation.State.CLOSING);
        ControlPacket terminate = ControlPacket.decode(toClient.peekLast());
        assertThat(terminate.code()).isEqualTo(OptionNegotiation.TERMINATE_REQUEST);
        gateway.receive(new ControlPacket(OptionNegotiation.TERMINATE_ACK, terminate.identifier(), new byte[0]).encode());
        assertThat(g.finished).contains("EAP");
    }

    @Test
    void aLoopedBackMagicNumberIsNaked() {
        LcpLog g = new LcpLog();
        Lcp gateway = new Lcp(Lcp.Role.AUTHENTICATOR, Lcp.DEFAULT_MRU, toClient::add, timers, new Random(1), g);
        gateway.open();
        byte[] ourRequest = toClient.poll();
        ControlPacket echoed = ControlPacket.decode(ourRequest);
        // the same request coming back, as on a looped line
        gateway.receive(new ControlPacket(OptionNegotiation.CONFIGURE_REQUEST, 77, echoed.data()).encode());
        ControlPacket answer = ControlPacket.decode(toClient.poll());
        assertThat(answer.code()).isEqualTo(OptionNegotiation.CONFIGURE_REJECT); // the authentication option is refused first
        List<ConfigOption> onlyMagic = ConfigOption.decodeAll(echoed.data()).stream().filter(o -> o.type() == Lcp.MAGIC_NUMBER).toList();
        gateway.receive(new ControlPacket(OptionNegotiation.CONFIGURE_REQUEST, 78, ConfigOption.encodeAll(onlyMagic)).encode());
        ControlPacket nak = ControlPacket.decode(toClient.poll());
        assertThat(nak.code()).isEqualTo(OptionNegotiation.CONFIGURE_NAK);
        assertThat(ConfigOption.decodeAll(nak.data()).getFirst().type()).isEqualTo(Lcp.MAGIC_NUMBER);
    }

    @Test
    void anUnansweredConfigureRequestGivesUpAfterMaxConfigure() {
        LcpLog g = new LcpLog();
        Lcp gateway = new Lcp(Lcp.Role.AUTHENTICATOR, Lcp.DEFAULT_MRU, toClient::add, timers, new Random(1), g);
        gateway.open();
        for (int i = 0; i < OptionNegotiation.MAX_CONFIGURE; i++) {
            timers.fireAll();
        }
        assertThat(toClient).hasSize(OptionNegotiation.MAX_CONFIGURE);
        assertThat(g.finished).contains("no answer");
    }

    @Test
    void unknownCodesAreCodeRejected() {
        Lcp gateway = new Lcp(Lcp.Role.AUTHENTICATOR, Lcp.DEFAULT_MRU, toClient::add, timers, new Random(1), new LcpLog());
        gateway.open();
        toClient.clear();
        gateway.receive(new ControlPacket(99, 5, new byte[] {1, 2}).encode());
        assertThat(ControlPacket.decode(toClient.poll()).code()).isEqualTo(OptionNegotiation.CODE_REJECT);
    }

    @Test
    void ipcpGivesTheClientItsAddressAndDns() {
        IpcpLog g = new IpcpLog();
        IpcpLog c = new IpcpLog();
        Ipcp gateway = Ipcp.forGateway(0xAC10C901, 0xAC10C902, 0x0A010035, 0x0A010036, toClient::add, timers, g);
        Ipcp client = Ipcp.forClient(toGateway::add, timers, c);
        gateway.open();
        client.open();
        exchange(gateway, client);
        assertThat(c.local).isEqualTo(0xAC10C902);
        assertThat(c.peer).isEqualTo(0xAC10C901);
        assertThat(c.dns1).isEqualTo(0x0A010035);
        assertThat(c.dns2).isEqualTo(0x0A010036);
        assertThat(g.peer).isEqualTo(0xAC10C902);
        assertThat(g.local).isEqualTo(0xAC10C901);
    }

    @Test
    void ipcpWithoutDnsRejectsTheDnsOptionsAndTheClientGoesOnWithout() {
        IpcpLog c = new IpcpLog();
        Ipcp gateway = Ipcp.forGateway(0xAC10C901, 0xAC10C902, 0, 0, toClient::add, timers, new IpcpLog());
        Ipcp client = Ipcp.forClient(toGateway::add, timers, c);
        gateway.open();
        client.open();
        exchange(gateway, client);
        assertThat(client.isOpened()).isTrue();
        assertThat(c.local).isEqualTo(0xAC10C902);
        assertThat(c.dns1).isZero();
    }

    @Test
    void theGatewayNaksAClientThatWantsAnotherAddress() {
        Ipcp gateway = Ipcp.forGateway(0xAC10C901, 0xAC10C902, 0, 0, toClient::add, timers, new IpcpLog());
        gateway.open();
        toClient.clear();
        gateway.receive(new ControlPacket(OptionNegotiation.CONFIGURE_REQUEST, 1,
                ConfigOption.encodeAll(List.of(ConfigOption.ofInt(Ipcp.IP_ADDRESS, 0x0A000001)))).encode());
        ControlPacket nak = ControlPacket.decode(toClient.poll());
        assertThat(nak.code()).isEqualTo(OptionNegotiation.CONFIGURE_NAK);
        assertThat(ConfigOption.decodeAll(nak.data())).containsExactly(ConfigOption.ofInt(Ipcp.IP_ADDRESS, 0xAC10C902));
    }

    @Test
    void framesParseWithAndWithoutAddressControlAndProtocolCompression() {
        assertThat(PppFrame.decode(new byte[] {(byte) 0xFF, 0x03, (byte) 0xC0, 0x21, 9})).isEqualTo(new PppFrame(PppFrame.LCP, new byte[] {9}));
        assertThat(PppFrame.decode(new byte[] {(byte) 0xC0, 0x21, 9})).isEqualTo(new PppFrame(PppFrame.LCP, new byte[] {9}));
        assertThat(PppFrame.decode(new byte[] {0x21, 0x45})).isEqualTo(new PppFrame(PppFrame.IPV4, new byte[] {0x45}));
        assertThat(PppFrame.decode(new byte[] {(byte) 0xC0, 0x20})).isNull(); // an even low octet is no protocol
        assertThat(PppFrame.decode(new byte[0])).isNull();
    }
}
