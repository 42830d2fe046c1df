package io.vpngw.gateway.tun;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.net.Ipv4Endpoint;
import io.vpngw.gateway.net.Ipv4Prefix;
import io.vpngw.gateway.net.PacketBatch;
import io.vpngw.gateway.net.PrivilegedNetworking;
import io.vpngw.gateway.net.ReceiveResult;
import io.vpngw.gateway.net.TestNamespace;
import io.vpngw.gateway.net.UdpSocket;
import io.vpngw.gateway.net.UdpSocketOptions;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A TUN with segmentation offload, fed by the kernel's own TCP and UDP: super-packets come out
 * as the packets the kernel would otherwise have sent, checksums right.
 */
class OffloadTunTest {

    static final String TUN = "vpngw-tun0";
    static final Ipv4Prefix LOCAL = Ipv4Prefix.parse("10.200.0.1/30");
    static final int PEER = Ipv4Endpoint.parseAddress("10.200.0.2");
    static final int MTU = 1400;
    static final long WAIT_MILLIS = 5_000;

    TestNamespace namespace;

    @BeforeAll
    static void requirePrivileges() {
        PrivilegedNetworking.requireRootTunAndIp();
    }

    @BeforeEach
    void createNamespace() {
        namespace = TestNamespace.create();
    }

    @AfterEach
    void deleteNamespace() {
        if (namespace != null) {
            namespace.close();
        }
    }

    @Test
    void aSegmentedUdpSendArrivesAsOneReadAndLeavesAsItsDatagrams() throws Exception {
        try (TunDevice tun = openOffloadedTun();
                UdpSocket app = bindApp();
                PacketBatch outgoing = PacketBatch.allocate(32, MTU - 28);
                PacketBatch incoming = PacketBatch.allocate(64, 2048)) {
            for (int i = 0; i < 32; i++) {
                byte[] payload = OffloadedPacketTest.pattern(MTU - 28);
                payload[0] = (byte) i;
                outgoing.setPeerIpv4(outgoing.append(payload, 0, payload.length), PEER, 4500);
            }
            assertThat(app.segmentationOffload()).isTrue();
            assertThat(app.sendBatch(outgoing)).isEqualTo(32);

            List<byte[]> packets = readUntil(tun, incoming, 32, packet -> Ipv4Packets.protocol(packet, 0) == 17);

            for (int i = 0; i < 32; i++) {
                byte[] packet = packets.get(i);
                assertThat(packet).hasSize(MTU);
                assertThat(Ipv4Packets.headerChecksumValid(packet, 0)).isTrue();
                assertThat(Ipv4Packets.transportChecksumValid(packet, 0)).as("UDP checksum of %d", i).isTrue();
                assertThat(packet[28]).as("datagram order").isEqualTo((byte) i);
            }
            assertThat(tun.statistics().superPacketsRead()).as("fewer reads than packets").isPositive();
        }
    }

    @Test
    void aTcpSendArrivesAsSuperPacketsAndLeavesAsSegmentsOfTheStream() throws Exception {
        try (TunDevice tun = openOffloadedTun(); PacketBatch batch = PacketBatch.allocate(64, 2048)) {
            SocketChannel client = namespace.call(() -> {
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.connect(new InetSocketAddress(Ipv4Endpoint.formatAddress(PEER), 8443));
                return channel;
            });
            try (client) {
                // Play the server's half of the handshake: answer the SYN, offer an MSS that fits the MTU.
                byte[] syn = readUntil(tun, batch, 1, packet -> Ipv4Packets.protocol(packet, 0) == 6
                        && (Ipv4Packets.tcpFlags(packet, 0) & 0x02) != 0).getFirst();
                int clientPort = Ipv4Packets.sourcePort(syn, 0);
                int clientSequence = Ipv4Packets.tcpSequence(syn, 0);
                byte[] synAck = new byte[64];
                int mss = MTU - 40;
                int length = Ipv4Packets.tcp(synAck, 0, PEER, 8443, LOCAL.address(), clientPort, 7_000,
                        clientSequence + 1, 0x12, new byte[] {2, 4, (byte) (mss >>> 8), (byte) mss}, new byte[0]);
                assertThat(tun.write(synAck, 0, length)).isEqualTo(length);
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
                while (!client.finishConnect()) {
                    assertThat(System.nanoTime()).as("connected in time").isLessThan(deadline);
                    Thread.onSpinWait();
                }

                byte[] stream = OffloadedPacketTest.pattern(12_000);
                ByteBuffer toSend = ByteBuffer.wrap(stream);
                while (toSend.hasRemaining()) {
                    assertThat(client.write(toSend)).isNotNegative();
                }

                // The initial congestion window (10 segments) covers the 9 segments of 12,000 octets.
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                int expectedSequence = clientSequence + 1;
                for (byte[] segment : readUntil(tun, batch, 9, packet -> Ipv4Packets.protocol(packet, 0) == 6
                        && Ipv4Packets.totalLength(packet, 0) > 20 + Ipv4Packets.tcpHeaderLength(packet, 0))) {
                    assertThat(segment.length).isLessThanOrEqualTo(MTU);
                    assertThat(Ipv4Packets.headerChecksumValid(segment, 0)).isTrue();
                    assertThat(Ipv4Packets.transportChecksumValid(segment, 0)).isTrue();
                    assertThat(Ipv4Packets.tcpSequence(segment, 0)).isEqualTo(expectedSequence);
                    int headers = 20 + Ipv4Packets.tcpHeaderLength(segment, 0);
                    received.write(segment, headers, segment.length - headers);
                    expectedSequence += segment.length - headers;
                }
                assertThat(received.toByteArray()).isEqualTo(stream);
                assertThat(tun.statistics().superPacketsRead()).as("the kernel used TSO").isPositive();
            }
        }
    }

    @Test
    void writesCarryTheVirtioHeaderAndReachTheSocket() throws Exception {
        try (TunDevice tun = openOffloadedTun(); UdpSocket app = bindApp(); PacketBatch batch = PacketBatch.allocate(4, 2048)) {
            byte[] packet = new byte[200];
            int length = Ipv4Packets.udp(packet, 0, PEER, 9, LOCAL.address(), app.localEndpoint().port(),
                    "through write".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(tun.write(packet, 0, length)).as("single write, no headroom").isEqualTo(length);
            batch.append(packet, 0, length);
            assertThat(tun.writeBatch(batch)).as("batch write, header in the headroom").isEqualTo(1);

            byte[] buffer = new byte[100];
            for (int i = 0; i < 2; i++) {
                assertThat(app.poll(WAIT_MILLIS)).isTrue();
                assertThat(app.receive(buffer, 0, buffer.length))
                        .isEqualTo(new ReceiveResult.Datagram(13, new Ipv4Endpoint(PEER, 9)));
            }
            assertThat(tun.statistics().packetsWritten()).isEqualTo(2);
        }
    }

    private TunDevice openOffloadedTun() throws Exception {
        TunDevice tun = namespace.call(() -> TunDevice.open(TunSettings.named(TUN).withOffload(true)));
        LinkConfigurator.inNamespace(namespace.name()).configure(TUN, MTU, List.of(LOCAL), List.of());
        return tun;
    }

    private UdpSocket bindApp() throws Exception {
        return namespace.call(() -> UdpSocket.bind(new Ipv4Endpoint(LOCAL.address(), 0), UdpSocketOptions.defaults()));
    }

    /** Reads until {@code count} packets matching {@code wanted} arrived (copies, in order). */
    static List<byte[]> readUntil(TunDevice tun, PacketBatch batch, int count, java.util.function.Predicate<byte[]> wanted) {
        List<byte[]> matching = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (matching.size() < count && System.nanoTime() < deadline) {
            int read = tun.readBatch(batch);
            assertThat(read).isNotNegative();
            for (int slot = 0; slot < read && matching.size() < count; slot++) {
                byte[] packet = Arrays.copyOfRange(batch.buffer(slot), batch.offset(slot),
                        batch.offset(slot) + batch.length(slot));
                if (wanted.test(packet)) {
                    matching.add(packet);
                }
            }
            if (read == 0) {
                tun.poll(100);
            }
        }
        assertThat(matching).as("packets read from " + tun).hasSize(count);
        return matching;
    }
}
