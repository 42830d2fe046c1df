package io.vpngw.gateway.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** UDP sockets on 127.0.0.1 with ports the kernel picks: nothing leaves the loopback. */
class UdpSocketTest {

    static final long WAIT_MILLIS = 5_000;

    @Test
    void aBatchGoesOutWithOnePeerPerPacketAndArrivesWithItsSender() {
        try (UdpSocket sender = bindLoopback(); UdpSocket left = bindLoopback(); UdpSocket right = bindLoopback();
                PacketBatch outgoing = PacketBatch.allocate(32, 1500);
                PacketBatch incoming = PacketBatch.allocate(32, 1500)) {
            for (int i = 0; i < 32; i++) {
                byte[] payload = payload(i, 100 + i * 40);
                int slot = outgoing.append(payload, 0, payload.length);
                outgoing.setPeer(slot, (i % 2 == 0 ? left : right).localEndpoint());
            }

            assertThat(sender.sendBatch(outgoing)).isEqualTo(32);

            List<byte[]> atLeft = receiveAll(left, incoming, 16, sender.localEndpoint());
            List<byte[]> atRight = receiveAll(right, incoming, 16, sender.localEndpoint());
            for (int i = 0; i < 32; i++) {
                List<byte[]> side = i % 2 == 0 ? atLeft : atRight;
                assertThat(side.get(i / 2)).as("datagram %d", i).isEqualTo(payload(i, 100 + i * 40));
            }
            long bytes = 0;
            for (int i = 0; i < 32; i++) {
                bytes += 100 + i * 40;
            }
            assertThat(sender.statistics()).isEqualTo(new UdpStatistics(0, 0, 0, 32, bytes, 0, 0, 0));
            assertThat(left.statistics().datagramsReceived()).isEqualTo(16);
            assertThat(right.statistics().datagramsReceived()).isEqualTo(16);
        }
    }

    @Test
    void runsOfSameSizeDatagramsLeaveAsOneSendAndArriveAsTheDatagramsTheyWere() {
        for (boolean segmentation : new boolean[] {true, false}) {
            for (boolean coalescing : new boolean[] {true, false}) {
                sendRunsAndCheckWhatArrives(segmentation, coalescing);
            }
        }
    }

    private static void sendRunsAndCheckWhatArrives(boolean segmentation, boolean coalescing) {
        UdpSocketOptions options = UdpSocketOptions.defaults().withSegmentationOffload(segmentation)
                .withReceiveCoalescing(coalescing);
        try (UdpSocket sender = UdpSocket.bind(Ipv4Endpoint.loopback(0), options);
                UdpSocket left = UdpSocket.bind(Ipv4Endpoint.loopback(0), options);
                UdpSocket right = UdpSocket.bind(Ipv4Endpoint.loopback(0), options);
                PacketBatch outgoing = PacketBatch.allocate(128, 1500);
                PacketBatch incoming = PacketBatch.allocate(128, 1500)) {
            if (segmentation) {
                assertThat(sender.segmentationOffload()).as("this kernel has UDP_SEGMENT").isTrue();
            }
            // 70 full-size to left (more than one send may carry), one shorter, 3 to right,
            // 2 to left again, one larger than those before it: runs break at each change.
            List<Integer> sizes = new ArrayList<>();
            List<UdpSocket> targets = new ArrayList<>();
            for (int i = 0; i < 70; i++) {
                sizes.add(1400);
                targets.add(left);
            }
            sizes.add(300);
            targets.add(left);
            for (int i = 0; i < 3; i++) {
                sizes.add(1000);
                targets.add(right);
            }
            sizes.addAll(List.of(1000, 1000, 1200));
            targets.addAll(List.of(left, left, left));
            for (int i = 0; i < sizes.size(); i++) {
                byte[] payload = payload(i, sizes.get(i));
                outgoing.setPeer(outgoing.append(payload, 0, payload.length), targets.get(i).localEndpoint());
            }

            int dealtWith = 0;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
            while (dealtWith < sizes.size() && System.nanoTime() < deadline) {
                int sent = sender.sendBatch(outgoing, dealtWith);
                assertThat(sent).isNotNegative();
                dealtWith += sent;
                if (dealtWith < sizes.size()) {
                    sender.pollWritable(100);
                }
            }
            assertThat(dealtWith).isEqualTo(sizes.size());

            List<byte[]> atLeft = receiveAll(left, incoming, 74, sender.localEndpoint());
            List<byte[]> atRight = receiveAll(right, incoming, 3, sender.localEndpoint());
            int leftIndex = 0;
            int rightIndex = 0;
            for (int i = 0; i < sizes.size(); i++) {
                byte[] arrived = targets.get(i) == left ? atLeft.get(leftIndex++) : atRight.get(rightIndex++);
                assertThat(arrived).as("datagram %d, segmentation %s, coalescing %s", i, segmentation, coalescing)
                        .isEqualTo(payload(i, sizes.get(i)));
            }
            assertThat(sender.statistics().datagramsSent()).isEqualTo(sizes.size());
            assertThat(sender.statistics().sendFailed()).isZero();
        }
    }

    @Test
    void coalescedRunsAreCutBackIntoTheirDatagramsEvenAcrossReceives() {
        UdpSocketOptions coalescing = UdpSocketOptions.defaults().withReceiveCoalescing(true);
        try (UdpSocket sender = bindLoopback(); UdpSocket other = bindLoopback();
                UdpSocket receiver = UdpSocket.bind(Ipv4Endpoint.loopback(0), coalescing);
                PacketBatch outgoing = PacketBatch.allocate(40, 1500);
                PacketBatch incoming = PacketBatch.allocate(32, 1500)) {
            assertThat(receiver.receiveCoalescing()).as("this kernel has UDP_GRO").isTrue();
            for (int i = 0; i < 40; i++) {
                byte[] payload = payload(i, i < 39 ? 1000 : 10);
                outgoing.setPeer(outgoing.append(payload, 0, payload.length), receiver.localEndpoint());
            }
            assertThat(sender.sendBatch(outgoing)).isEqualTo(40);

            // 40 datagrams into batches of 32: the rest of a coalesced message waits for the next receive.
            List<byte[]> received = receiveAll(receiver, incoming, 40, sender.localEndpoint());
            for (int i = 0; i < 40; i++) {
                assertThat(received.get(i)).as("datagram %d", i).isEqualTo(payload(i, i < 39 ? 1000 : 10));
            }
            assertThat(receiver.statistics().coalescedReceives()).isPositive();
            assertThat(receiver.statistics().datagramsReceived()).isEqualTo(40);

            // Datagrams sent one by one arrive one by one, with their own sender.
            byte[] single = payload(99, 123);
            other.send(single, 0, single.length, receiver.localEndpoint());
            assertThat(receiveAll(receiver, incoming, 1, other.localEndpoint()).getFirst()).isEqualTo(single);
        }
    }

    @Test
    void coalescedDatagramsLongerThanTheBatchAllowsAreDroppedAndCounted() {
        UdpSocketOptions coalescing = UdpSocketOptions.defaults().withReceiveCoalescing(true);
        try (UdpSocket sender = bindLoopback(); UdpSocket receiver = UdpSocket.bind(Ipv4Endpoint.loopback(0), coalescing);
                PacketBatch outgoing = PacketBatch.allocate(5, 1500);
                PacketBatch incoming = PacketBatch.allocate(8, 500)) {
            for (int i = 0; i < 4; i++) {
                outgoing.setPeer(outgoing.append(new byte[1000], 0, 1000), receiver.localEndpoint());
            }
            assertThat(sender.sendBatch(outgoing)).isEqualTo(4);
            byte[] small = payload(5, 100);
            sender.send(small, 0, small.length, receiver.localEndpoint());

            assertThat(receiveAll(receiver, incoming, 1, sender.localEndpoint()).getFirst()).isEqualTo(small);
            assertThat(receiver.statistics().receiveDroppedTruncated()).isEqualTo(4);
        }
    }

    @Test
    void receivedPacketsLeaveHeadroomForHeadersToBePrepended() {
        try (UdpSocket a = bindLoopback(); UdpSocket b = bindLoopback();
                PacketBatch batch = PacketBatch.allocate(4, 96, 1400, 32)) {
            byte[] payload = payload(7, 300);
            a.send(payload, 0, payload.length, b.localEndpoint());

            receiveAll(b, batch, 1, a.localEndpoint());

            assertThat(batch.offset(0)).isEqualTo(96);
            assertThat(batch.buffer(0)).hasSize(96 + 1400 + 32);
            assertThat(Arrays.copyOfRange(batch.buffer(0), 96, 96 + 300)).isEqualTo(payload);
        }
    }

    @Test
    void aSingleDatagramTravelsWithoutABatch() {
        try (UdpSocket a = bindLoopback(); UdpSocket b = bindLoopback()) {
            byte[] buffer = new byte[64];
            assertThat(b.receive(buffer, 0, buffer.length)).isEqualTo(ReceiveResult.NOTHING_WAITING);

            byte[] message = {1, 2, 3, 4, 5};
            assertThat(a.send(message, 1, 3, b.localEndpoint())).isEqualTo(3);

            assertThat(b.poll(WAIT_MILLIS)).isTrue();
            assertThat(b.receive(buffer, 10, 20)).isEqualTo(new ReceiveResult.Datagram(3, a.localEndpoint()));
            assertThat(Arrays.copyOfRange(buffer, 10, 13)).containsExactly(2, 3, 4);
        }
    }

    @Test
    void datagramsLongerThanTheBufferAreDroppedAndCounted() {
        try (UdpSocket a = bindLoopback(); UdpSocket b = bindLoopback();
                PacketBatch small = PacketBatch.allocate(4, 100)) {
            a.send(new byte[200], 0, 200, b.localEndpoint());
            a.send(new byte[50], 0, 50, b.localEndpoint());
            List<byte[]> received = receiveAll(b, small, 1, a.localEndpoint());
            assertThat(received.getFirst()).hasSize(50);
            assertThat(b.statistics().receiveDroppedTruncated()).isEqualTo(1);

            a.send(new byte[200], 0, 200, b.localEndpoint());
            a.send(new byte[60], 0, 60, b.localEndpoint());
            assertThat(b.poll(WAIT_MILLIS)).isTrue();
            byte[] buffer = new byte[100];
            ReceiveResult result = ReceiveResult.NOTHING_WAITING;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
            while (result == ReceiveResult.NOTHING_WAITING && System.nanoTime() < deadline) {
                result = b.receive(buffer, 0, buffer.length);
                if (result == ReceiveResult.NOTHING_WAITING) {
                    b.poll(100);
                }
            }
            assertThat(result).isEqualTo(new ReceiveResult.Datagram(60, a.localEndpoint()));
            assertThat(b.statistics().receiveDroppedTruncated()).isEqualTo(2);
        }
    }

    @Test
    void aDatagramTheKernelRefusesIsSkippedAndTheRestStillGo() {
        try (UdpSocket a = bindLoopback(); UdpSocket b = bindLoopback();
                PacketBatch outgoing = PacketBatch.allocate(3, 0, PacketBatch.MAX_PACKET_SIZE, 0);
                PacketBatch incoming = PacketBatch.allocate(4, 100)) {
            outgoing.setPeer(outgoing.append(new byte[] {1}, 0, 1), b.localEndpoint());
            // 65535 octets of payload cannot fit an IPv4 datagram: EMSGSIZE for this one only.
            outgoing.setPeer(outgoing.append(new byte[PacketBatch.MAX_PACKET_SIZE], 0, PacketBatch.MAX_PACKET_SIZE),
                    b.localEndpoint());
            outgoing.setPeer(outgoing.append(new byte[] {3}, 0, 1), b.localEndpoint());

            assertThat(a.sendBatch(outgoing)).isEqualTo(3);

            List<byte[]> received = receiveAll(b, incoming, 2, a.localEndpoint());
            assertThat(received).containsExactly(new byte[] {1}, new byte[] {3});
            assertThat(a.statistics().datagramsSent()).isEqualTo(2);
            assertThat(a.statistics().sendFailed()).isEqualTo(1);
        }
    }

    @Test
    void aPacketWithoutPeerIsAProgrammingErrorCaughtBeforeAnythingIsSent() {
        try (UdpSocket a = bindLoopback(); UdpSocket b = bindLoopback(); PacketBatch batch = PacketBatch.allocate(2, 100)) {
            batch.setPeer(batch.append(new byte[] {1}, 0, 1), b.localEndpoint());
            batch.append(new byte[] {2}, 0, 1);

            assertThatThrownBy(() -> a.sendBatch(batch)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("slot 1 has no IPv4 peer");
            assertThat(a.statistics().datagramsSent()).isZero();
            assertThatThrownBy(() -> a.send(new byte[70_000], 0, 70_000, b.localEndpoint()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65507");
        }
    }

    @Test
    void aTakenPortIsRefusedWithTheReasonUnlessEverySocketSharesIt() {
        UdpSocketOptions sharing = UdpSocketOptions.defaults().withReusePort(true);
        try (UdpSocket first = UdpSocket.bind(Ipv4Endpoint.loopback(0), UdpSocketOptions.defaults())) {
            assertThatThrownBy(() -> UdpSocket.bind(first.localEndpoint(), UdpSocketOptions.defaults()))
                    .isInstanceOf(SyscallException.class)
                    .hasMessageContaining("bind on " + first.localEndpoint())
                    .hasMessageContaining("EADDRINUSE");
        }
        try (UdpSocket first = UdpSocket.bind(Ipv4Endpoint.loopback(0), sharing);
                UdpSocket second = UdpSocket.bind(first.localEndpoint(), sharing)) {
            assertThat(second.localEndpoint()).isEqualTo(first.localEndpoint());
        }
    }

    @Test
    void buffersAreAsLargeAsAskedWhereThePrivilegeAllowsIt() {
        try (UdpSocket socket = UdpSocket.bind(Ipv4Endpoint.loopback(0),
                UdpSocketOptions.defaults().withBuffers(8 << 20, 6 << 20))) {
            // The kernel reports twice the request; without CAP_NET_ADMIN it caps at rmem_max/wmem_max.
            System.out.printf("UDP buffers: receive %d, send %d octets%n", socket.receiveBufferBytes(),
                    socket.sendBufferBytes());
            assertThat(socket.receiveBufferBytes()).isPositive();
            assertThat(socket.sendBufferBytes()).isPositive();
            if (PrivilegedNetworking.isRoot()) {
                assertThat(socket.receiveBufferBytes()).isEqualTo(2 * (8 << 20));
                assertThat(socket.sendBufferBytes()).isEqualTo(2 * (6 << 20));
            }
        }
    }

    @Test
    void closeWakesAReceiverWaitingInPoll() throws InterruptedException {
        UdpSocket socket = bindLoopback();
        CountDownLatch polling = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        AtomicInteger lastReceive = new AtomicInteger(Integer.MIN_VALUE);
        AtomicBoolean pollSaidReady = new AtomicBoolean();
        Thread receiver = Thread.ofPlatform().name("udp-receiver").start(() -> {
            try (PacketBatch batch = PacketBatch.allocate(4, 1500)) {
                while (true) {
                    int received = socket.receiveBatch(batch);
                    lastReceive.set(received);
                    if (received < 0) {
                        break;
                    }
                    if (received == 0) {
                        polling.countDown();
                        pollSaidReady.set(socket.poll(60_000));
                    }
                }
            } finally {
                finished.countDown();
            }
        });
        try {
            assertThat(polling.await(WAIT_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
            assertThat(finished.await(200, TimeUnit.MILLISECONDS)).as("receiver waits while idle").isFalse();

            long closing = System.nanoTime();
            socket.close();
            long closedMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - closing);
            assertThat(finished.await(2, TimeUnit.SECONDS)).as("close wakes the receiver").isTrue();
            System.out.printf("UDP close returned after %d µs, its poller had left%n", closedMicros);

            assertThat(pollSaidReady).isTrue();
            assertThat(lastReceive).hasValue(-1);
            assertThat(socket.send(new byte[1], 0, 1, Ipv4Endpoint.loopback(9))).isEqualTo(-1);
            assertThat(socket.receive(new byte[1], 0, 1)).isEqualTo(ReceiveResult.CLOSED);
        } finally {
            socket.close();
            receiver.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    @Test
    void pollsOfEitherSideReturnAtOnceAfterClose() {
        UdpSocket socket = UdpSocket.bind(Ipv4Endpoint.loopback(0), UdpSocketOptions.defaults());
        socket.close();
        assertThat(socket.poll(60_000)).isTrue();
        assertThat(socket.pollWritable(60_000)).isTrue();
        assertThat(socket.isOpen()).isFalse();
    }

    @Test
    void theBatchPathAllocatesNothingPerPacketOnceCompiled() {
        for (boolean coalescing : new boolean[] {true, false}) {
            measureAllocationPerPacket(UdpSocketOptions.defaults().withReceiveCoalescing(coalescing));
        }
    }

    private static void measureAllocationPerPacket(UdpSocketOptions options) {
        try (UdpSocket a = UdpSocket.bind(Ipv4Endpoint.loopback(0), options);
                UdpSocket b = UdpSocket.bind(Ipv4Endpoint.loopback(0), options);
                PacketBatch outgoing = PacketBatch.allocate(32, 1464);
                PacketBatch incoming = PacketBatch.allocate(32, 1464)) {
            byte[] payload = new byte[1464];
            for (int i = 0; i < 32; i++) {
                outgoing.setPeerIpv4(outgoing.append(payload, 0, payload.length), Ipv4Endpoint.LOOPBACK_ADDRESS,
                        b.localEndpoint().port());
            }
            var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            // Rounds until the JIT has compiled the path. Headers, buffers and native memory were all
            // allocated up front; what may remain is the JDK's view of the errno slot, one small
            // object per system call (1.25 octets per packet in batches of 32), never one per packet,
            // which would be 16 octets or more per packet.
            double bytesPerPacket = Double.MAX_VALUE;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            while (bytesPerPacket >= 8.0 && System.nanoTime() < deadline) {
                long packets = 0;
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int round = 0; round < 1000; round++) {
                    a.sendBatch(outgoing);
                    int received;
                    while ((received = b.receiveBatch(incoming)) > 0) {
                        packets += received;
                    }
                }
                bytesPerPacket = (double) (threads.getCurrentThreadAllocatedBytes() - before) / Math.max(1, packets);
            }
            System.out.printf("UDP batch path once compiled, receive coalescing %s: %.2f octets allocated per packet%n",
                    options.receiveCoalescing(), bytesPerPacket);
            assertThat(bytesPerPacket).isLessThan(8.0);
        }
    }

    static UdpSocket bindLoopback() {
        return UdpSocket.bind(Ipv4Endpoint.loopback(0), UdpSocketOptions.defaults());
    }

    static byte[] payload(int seed, int length) {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (seed * 31 + i);
        }
        return payload;
    }

    /** Receives {@code expected} datagrams, each from {@code from}, polling while none is waiting. */
    static List<byte[]> receiveAll(UdpSocket socket, PacketBatch batch, int expected, Ipv4Endpoint from) {
        List<byte[]> received = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (received.size() < expected && System.nanoTime() < deadline) {
            int count = socket.receiveBatch(batch);
            assertThat(count).isNotNegative();
            for (int slot = 0; slot < count; slot++) {
                assertThat(batch.peer(slot)).isEqualTo(from);
                assertThat(batch.peerIpv4Address(slot)).isEqualTo(from.address());
                assertThat(batch.peerPort(slot)).isEqualTo(from.port());
                received.add(Arrays.copyOfRange(batch.buffer(slot), batch.offset(slot),
                        batch.offset(slot) + batch.length(slot)));
            }
            if (count == 0) {
                socket.poll(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1);
            }
        }
        assertThat(received).as("datagrams received by " + socket).hasSize(expected);
        return received;
    }
}
