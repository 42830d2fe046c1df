package io.vpngw.gateway.tun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vpngw.gateway.net.Ipv4Endpoint;
import io.vpngw.gateway.net.Ipv4Prefix;
import io.vpngw.gateway.net.PacketBatch;
import io.vpngw.gateway.net.PrivilegedNetworking;
import io.vpngw.gateway.net.ReceiveResult;
import io.vpngw.gateway.net.SyscallException;
import io.vpngw.gateway.net.TestNamespace;
import io.vpngw.gateway.net.UdpSocket;
import io.vpngw.gateway.net.UdpSocketOptions;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A TUN interface in a namespace of the test's own, with the test playing the far end: the
 * kernel routes 10.200.0.0/30 into the TUN, the test reads what arrives and writes answers back.
 */
class TunDeviceTest {

    static final String TUN = "vpngw-tun0";
    static final Ipv4Prefix LOCAL = Ipv4Prefix.parse("10.200.0.1/30");
    static final int PEER = Ipv4Endpoint.parseAddress("10.200.0.2");
    static final int PEER_PORT = 7;
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
    void udpDatagramsGoOutThroughTheTunAndAnswersComeBackIn() throws Exception {
        try (TunDevice tun = openConfiguredTun();
                UdpSocket app = namespace.call(() -> UdpSocket.bind(new Ipv4Endpoint(LOCAL.address(), 0),
                        UdpSocketOptions.defaults()));
                PacketBatch batch = PacketBatch.allocate(8, 2048)) {
            for (int i = 0; i < 3; i++) {
                byte[] question = ("echo request " + i).getBytes(StandardCharsets.US_ASCII);
                assertThat(app.send(question, 0, question.length, new Ipv4Endpoint(PEER, PEER_PORT)))
                        .isEqualTo(question.length);

                byte[] packet = awaitPacket(tun, batch, isUdpTo(PEER_PORT));
                assertThat(Ipv4Packets.source(packet, 0)).isEqualTo(LOCAL.address());
                assertThat(Ipv4Packets.destination(packet, 0)).isEqualTo(PEER);
                assertThat(Ipv4Packets.sourcePort(packet, 0)).isEqualTo(app.localEndpoint().port());
                assertThat(Ipv4Packets.headerChecksumValid(packet, 0)).isTrue();
                assertThat(Ipv4Packets.udpChecksumValid(packet, 0)).isTrue();
                assertThat(udpPayload(packet)).isEqualTo(question);

                byte[] answer = new String(question, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT)
                        .getBytes(StandardCharsets.US_ASCII);
                byte[] reply = new byte[100];
                int replyLength = Ipv4Packets.udp(reply, 0, PEER, PEER_PORT, LOCAL.address(),
                        app.localEndpoint().port(), answer);
                assertThat(tun.write(reply, 0, replyLength)).isEqualTo(replyLength);

                assertThat(app.poll(WAIT_MILLIS)).as("reply arrives").isTrue();
                byte[] received = new byte[100];
                ReceiveResult result = app.receive(received, 0, received.length);
                assertThat(result).isEqualTo(new ReceiveResult.Datagram(answer.length, new Ipv4Endpoint(PEER, PEER_PORT)));
                assertThat(Arrays.copyOf(received, answer.length)).isEqualTo(answer);
            }
            TunStatistics statistics = tun.statistics();
            assertThat(statistics.packetsRead()).isGreaterThanOrEqualTo(3);
            assertThat(statistics.packetsWritten()).isEqualTo(3);
            assertThat(statistics.writeFailed()).isZero();
        }
    }

    @Test
    void pingThroughTheTunGetsEveryAnswerTheTestWrites() throws Exception {
        if (!PrivilegedNetworking.onPath("ping")) {
            org.junit.jupiter.api.Assumptions.abort("ping (iputils-ping) is not installed");
        }
        TunDevice tun = openConfiguredTun();
        AtomicInteger answered = new AtomicInteger();
        Thread responder = Thread.ofPlatform().name("echo-responder").start(() -> {
            try (PacketBatch batch = PacketBatch.allocate(8, 2048)) {
                int read;
                while ((read = tun.readBatch(batch)) >= 0) {
                    for (int slot = 0; slot < read; slot++) {
                        byte[] buffer = batch.buffer(slot);
                        int offset = batch.offset(slot);
                        if (Ipv4Packets.protocol(buffer, offset) == Ipv4Packets.PROTOCOL_ICMP
                                && Ipv4Packets.icmpType(buffer, offset) == Ipv4Packets.ICMP_ECHO_REQUEST
                                && Ipv4Packets.destination(buffer, offset) == PEER) {
                            Ipv4Packets.turnEchoRequestIntoReply(buffer, offset);
                            if (tun.write(buffer, offset, batch.length(slot)) > 0) {
                                answered.incrementAndGet();
                            }
                        }
                    }
                    if (read == 0) {
                        tun.poll(1_000);
                    }
                }
            }
        });
        try {
            TestNamespace.CommandResult ping = namespace.exec("ping", "-n", "-c", "3", "-i", "0.2", "-W", "2",
                    "-I", TUN, Ipv4Endpoint.formatAddress(PEER));

            assertThat(ping.output()).contains("3 packets transmitted, 3 received", " 0% packet loss");
            assertThat(ping.exitCode()).isZero();
            assertThat(answered).hasValue(3);
        } finally {
            tun.close();
            responder.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    @Test
    void aUdpRunTooLargeForTheRouteAsOneSendGoesOutDatagramByDatagram() throws Exception {
        try (TunDevice tun = openConfiguredTun();
                UdpSocket app = namespace.call(() -> UdpSocket.bind(new Ipv4Endpoint(LOCAL.address(), 0),
                        UdpSocketOptions.defaults()));
                PacketBatch outgoing = PacketBatch.allocate(4, 1464);
                PacketBatch incoming = PacketBatch.allocate(16, 2048)) {
            assertThat(app.segmentationOffload()).isTrue();
            for (int i = 0; i < 4; i++) {
                outgoing.setPeerIpv4(outgoing.append(new byte[1464], 0, 1464), PEER, PEER_PORT);
            }

            // 1464 + 28 octets exceed the TUN's MTU of 1400: the kernel refuses them as segments,
            // and sent one by one it fragments each into two packets.
            assertThat(app.sendBatch(outgoing)).isEqualTo(4);

            assertThat(app.statistics().segmentedSendsRefused()).isEqualTo(1);
            assertThat(app.statistics().datagramsSent()).isEqualTo(4);
            assertThat(app.statistics().sendFailed()).isZero();
            int fragments = 0;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
            while (fragments < 8 && System.nanoTime() < deadline) {
                int read = tun.readBatch(incoming);
                for (int slot = 0; slot < read; slot++) {
                    if (Ipv4Packets.protocol(incoming.buffer(slot), incoming.offset(slot)) == Ipv4Packets.PROTOCOL_UDP) {
                        fragments++;
                    }
                }
                if (read == 0) {
                    tun.poll(100);
                }
            }
            assertThat(fragments).isEqualTo(8);
        }
    }

    @Test
    void whatIsNotIpv4IsDroppedAndCounted() throws Exception {
        try (TunDevice tun = openConfiguredTun();
                UdpSocket app = namespace.call(() -> UdpSocket.bind(new Ipv4Endpoint(LOCAL.address(), 0),
                        UdpSocketOptions.defaults()));
                DatagramChannel ipv6 = namespace.call(DatagramChannel::open);
                PacketBatch batch = PacketBatch.allocate(8, 2048)) {
            namespace.ip("-6", "address", "add", "fd00:200::1/64", "dev", TUN, "nodad");
            ipv6.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), new InetSocketAddress("fd00:200::2", 9));
            // The TUN is one queue, first in first out: once this marker is read, the IPv6 datagram was too.
            byte[] marker = "marker".getBytes(StandardCharsets.US_ASCII);
            app.send(marker, 0, marker.length, new Ipv4Endpoint(PEER, PEER_PORT));

            List<Integer> versionsDelivered = new java.util.ArrayList<>();
            awaitPacket(tun, batch, packet -> {
                versionsDelivered.add(Ipv4Packets.version(packet, 0));
                return isUdpTo(PEER_PORT).test(packet);
            });

            assertThat(versionsDelivered).containsOnly(4);
            assertThat(tun.statistics().readDroppedNotIpv4()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void packetsLongerThanTheBufferAreDroppedAndCounted() throws Exception {
        try (TunDevice tun = openConfiguredTun();
                UdpSocket app = namespace.call(() -> UdpSocket.bind(new Ipv4Endpoint(LOCAL.address(), 0),
                        UdpSocketOptions.defaults()));
                PacketBatch small = PacketBatch.allocate(4, 256)) {
            Ipv4Endpoint peer = new Ipv4Endpoint(PEER, PEER_PORT);
            app.send(new byte[1000], 0, 1000, peer);
            app.send(new byte[10], 0, 10, peer);

            byte[] delivered = awaitPacket(tun, small, isUdpTo(PEER_PORT));
            assertThat(delivered).hasSize(Ipv4Packets.HEADER + Ipv4Packets.UDP_HEADER + 10);
            assertThat(tun.statistics().readDroppedOversize()).isEqualTo(1);

            // The single read drops the same way.
            app.send(new byte[1000], 0, 1000, peer);
            app.send(new byte[20], 0, 20, peer);
            byte[] buffer = new byte[256];
            int length = 0;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
            while (!(length > 0 && Ipv4Packets.version(buffer, 0) == 4 && Ipv4Packets.protocol(buffer, 0) == 17)
                    && System.nanoTime() < deadline) {
                length = tun.read(buffer, 0, buffer.length);
                if (length == 0) {
                    tun.poll(100);
                }
            }
            assertThat(length).isEqualTo(Ipv4Packets.HEADER + Ipv4Packets.UDP_HEADER + 20);
            assertThat(tun.statistics().readDroppedOversize()).isEqualTo(2);
        }
    }

    @Test
    void writesRefuseWhatCannotBeAnIpv4Packet() throws Exception {
        try (TunDevice tun = openConfiguredTun()) {
            byte[] ipv6Header = new byte[40];
            ipv6Header[0] = 0x60;
            assertThat(tun.write(ipv6Header, 0, ipv6Header.length)).isZero();
            assertThat(tun.write(new byte[] {0x45, 0, 0}, 0, 3)).as("shorter than an IPv4 header").isZero();
            assertThat(tun.statistics().writeDroppedNotIpv4()).isEqualTo(2);

            assertThatThrownBy(() -> tun.write(new byte[70_000], 0, 70_000))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65535");
            assertThatThrownBy(() -> tun.write(new byte[100], 50, 51)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> tun.read(new byte[100], 0, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThat(tun.statistics().packetsWritten()).isZero();
        }
    }

    @Test
    void aPacketToADownInterfaceIsCountedAsFailedNotThrown() throws Exception {
        try (TunDevice tun = namespace.call(() -> TunDevice.open(TunSettings.named(TUN)))) {
            byte[] packet = new byte[64];
            int length = Ipv4Packets.udp(packet, 0, PEER, PEER_PORT, LOCAL.address(), 9, new byte[4]);

            assertThat(tun.write(packet, 0, length)).isZero();
            assertThat(tun.statistics().writeFailed()).isEqualTo(1);
        }
    }

    @Test
    void closeWakesAReaderWaitingInPoll() throws Exception {
        TunDevice tun = openConfiguredTun();
        CountDownLatch polling = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        AtomicInteger lastRead = new AtomicInteger(Integer.MIN_VALUE);
        AtomicBoolean pollSaidReady = new AtomicBoolean();
        AtomicLong pollReturned = new AtomicLong();
        Thread reader = Thread.ofPlatform().name("tun-reader").start(() -> {
            try (PacketBatch batch = PacketBatch.allocate(4, 2048)) {
                while (true) {
                    int read = tun.readBatch(batch);
                    lastRead.set(read);
                    if (read < 0) {
                        break;
                    }
                    if (read == 0) {
                        polling.countDown();
                        pollSaidReady.set(tun.poll(60_000));
                        pollReturned.set(System.nanoTime());
                    }
                }
            } finally {
                finished.countDown();
            }
        });
        try {
            assertThat(polling.await(WAIT_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
            assertThat(finished.await(200, TimeUnit.MILLISECONDS)).as("reader waits while idle").isFalse();

            long closing = System.nanoTime();
            tun.close();
            long closedMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - closing);
            assertThat(finished.await(2, TimeUnit.SECONDS)).as("close wakes the reader").isTrue();
            System.out.printf("TUN close woke its poller after %d µs; close() returned after %d µs"
                    + " (the kernel removing the interface)%n",
                    TimeUnit.NANOSECONDS.toMicros(pollReturned.get() - closing), closedMicros);

            assertThat(pollSaidReady).isTrue();
            assertThat(lastRead).hasValue(-1);
            assertThat(tun.isOpen()).isFalse();
            assertThat(tun.write(new byte[20], 0, 20)).isEqualTo(-1);
            assertThat(tun.poll(60_000)).as("poll after close returns at once").isTrue();
        } finally {
            tun.close();
            reader.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    @Test
    void theInterfaceGoesAwayWithItsLastQueue() throws Exception {
        TunDevice tun = openConfiguredTun();
        assertThat(namespace.ip("link", "show", "dev", TUN)).contains(TUN);
        tun.close();
        assertThatThrownBy(() -> namespace.ip("link", "show", "dev", TUN)).hasMessageContaining("does not exist");
    }

    @Test
    void aNamePatternIsResolvedByTheKernel() throws Exception {
        try (TunDevice first = namespace.call(() -> TunDevice.open(TunSettings.named("vt%d")));
                TunDevice second = namespace.call(() -> TunDevice.open(TunSettings.named("vt%d")))) {
            assertThat(List.of(first.name(), second.name())).containsExactly("vt0", "vt1");
        }
    }

    @Test
    void attachingWithOtherFlagsIsRefusedWithTheReason() throws Exception {
        try (TunDevice single = namespace.call(() -> TunDevice.open(TunSettings.named(TUN)))) {
            assertThatThrownBy(() -> namespace.call(() -> TunDevice.open(TunSettings.named(TUN))))
                    .isInstanceOf(SyscallException.class)
                    .hasMessageContaining("ioctl(TUNSETIFF)").hasMessageContaining("EBUSY");
            assertThat(single.isOpen()).isTrue();
        }
    }

    @Test
    void aMultiQueueInterfaceSpreadsFlowsOverItsQueues() throws Exception {
        List<TunDevice> queues = namespace.call(() -> TunDevice.openQueues(TunSettings.named(TUN), 2));
        try (UdpSocket app = namespace.call(() -> {
                    configure();
                    return UdpSocket.bind(new Ipv4Endpoint(LOCAL.address(), 0), UdpSocketOptions.defaults());
                });
                PacketBatch batch = PacketBatch.allocate(64, 2048)) {
            assertThat(queues).extracting(TunDevice::name).containsOnly(TUN);
            int flows = 32;
            for (int port = 1; port <= flows; port++) {
                app.send(new byte[] {(byte) port}, 0, 1, new Ipv4Endpoint(PEER, 1000 + port));
            }

            int[] perQueue = new int[queues.size()];
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
            while (Arrays.stream(perQueue).sum() < flows && System.nanoTime() < deadline) {
                boolean anything = false;
                for (int q = 0; q < queues.size(); q++) {
                    int read = queues.get(q).readBatch(batch);
                    for (int slot = 0; slot < read; slot++) {
                        byte[] packet = Arrays.copyOfRange(batch.buffer(slot), batch.offset(slot),
                                batch.offset(slot) + batch.length(slot));
                        if (isUdpTo(-1).test(packet)) {
                            perQueue[q]++;
                        }
                    }
                    anything |= read > 0;
                }
                if (!anything) {
                    queues.getFirst().poll(10);
                }
            }
            System.out.printf("multi-queue TUN: %d flows spread as %s%n", flows, Arrays.toString(perQueue));
            assertThat(Arrays.stream(perQueue).sum()).isEqualTo(flows);
            assertThat(perQueue).as("every queue gets flows").doesNotContain(0);
        } finally {
            queues.forEach(TunDevice::close);
        }
    }

    @Test
    void configurationErrorsCarryTheCommandAndItsMessage() {
        LinkConfigurator links = LinkConfigurator.inNamespace(namespace.name());
        assertThatThrownBy(() -> links.bringUp("no-such-link"))
                .isInstanceOf(LinkConfigurationException.class)
                .hasMessageContaining("ip -n " + namespace.name() + " link set dev no-such-link up")
                .hasMessageContaining("exit code");
        assertThatThrownBy(() -> links.bringUp("-all")).isInstanceOf(IllegalArgumentException.class);
    }

    private TunDevice openConfiguredTun() throws Exception {
        TunDevice tun = namespace.call(() -> TunDevice.open(TunSettings.named(TUN)));
        try {
            configure();
        } catch (RuntimeException e) {
            tun.close();
            throw e;
        }
        return tun;
    }

    private void configure() {
        LinkConfigurator.inNamespace(namespace.name()).configure(TUN, 1400, List.of(LOCAL), List.of());
    }

    /** IPv4/UDP to {@code port} (any port when negative). */
    static Predicate<byte[]> isUdpTo(int port) {
        return packet -> Ipv4Packets.version(packet, 0) == 4 && Ipv4Packets.protocol(packet, 0) == 17
                && (port < 0 || Ipv4Packets.destinationPort(packet, 0) == port);
    }

    static byte[] udpPayload(byte[] packet) {
        int start = Ipv4Packets.udpPayloadOffset(packet, 0);
        return Arrays.copyOfRange(packet, start, start + Ipv4Packets.udpPayloadLength(packet, 0));
    }

    /**
     * Reads from {@code tun} until a packet matching {@code wanted} arrives, polling while there is
     * nothing; fails after {@link #WAIT_MILLIS}. Returns a copy of that packet.
     */
    static byte[] awaitPacket(TunDevice tun, PacketBatch batch, Predicate<byte[]> wanted) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (System.nanoTime() < deadline) {
            int read = tun.readBatch(batch);
            assertThat(read).as("device still open").isNotNegative();
            for (int slot = 0; slot < read; slot++) {
                byte[] packet = Arrays.copyOfRange(batch.buffer(slot), batch.offset(slot),
                        batch.offset(slot) + batch.length(slot));
                if (wanted.test(packet)) {
                    return packet;
                }
            }
            if (read == 0) {
                tun.poll(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1);
            }
        }
        throw new AssertionError("no matching packet from " + tun + " within " + WAIT_MILLIS + " ms");
    }
}
