package io.vpngw.gateway.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/**
 * How many ESP-size datagrams per second one sending and one receiving thread move: segmented,
 * batched, single calls, and the JDK's DatagramChannel for reference; between two namespaces over
 * veth where the machine allows, else over loopback. Printed, not asserted: the figures depend
 * on the machine and on what else runs on it.
 */
class UdpThroughputTest {

    static final int DATAGRAM = 1464;
    static final int BATCH = 32;
    static final long WARM_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(700);
    static final long MEASURE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    enum Mode { COALESCED, SEGMENTED, BATCHED, SINGLE, DATAGRAM_CHANNEL }

    record Rate(double sentPerSecond, double receivedPerSecond) {
        @Override
        public String toString() {
            return String.format("%,10.0f sent/s %,10.0f received/s", sentPerSecond, receivedPerSecond);
        }
    }

    @Test
    void batchesOf32AgainstSingleCallsAgainstDatagramChannel() throws Exception {
        try (Network network = PrivilegedNetworking.available() ? Network.veth() : Network.loopback()) {
            Rate segmented = measure(Mode.SEGMENTED, network);
            Rate coalesced = measure(Mode.COALESCED, network);
            Rate batched = measure(Mode.BATCHED, network);
            Rate single = measure(Mode.SINGLE, network);
            Rate channel = measure(Mode.DATAGRAM_CHANNEL, network);
            System.out.printf("UDP %d-octet datagrams %s, one sending and one receiving thread:%n", DATAGRAM,
                    network.description());
            System.out.printf("  UDP_SEGMENT sends, UDP_GRO receives: %s%n", coalesced);
            System.out.printf("  UDP_SEGMENT sends, recvmmsg:        %s%n", segmented);
            System.out.printf("  sendmmsg/recvmmsg, batches of %d:   %s%n", BATCH, batched);
            System.out.printf("  sendto/recvfrom, one at a time:     %s%n", single);
            System.out.printf("  java.nio DatagramChannel:           %s%n", channel);

            assertThat(coalesced.receivedPerSecond()).isPositive();
            assertThat(segmented.receivedPerSecond()).isPositive();
            assertThat(batched.receivedPerSecond()).isPositive();
            assertThat(single.receivedPerSecond()).isPositive();
        }
    }

    /**
     * Where the two threads' sockets live: two namespaces joined by a veth pair, as pods are
     * joined to their node, when this machine allows it; else loopback.
     */
    private interface Network extends AutoCloseable {

        String description();

        int senderAddress();

        int receiverAddress();

        <T> T atSender(Callable<T> action) throws Exception;

        <T> T atReceiver(Callable<T> action) throws Exception;

        @Override
        void close();

        static Network loopback() {
            return new Network() {
                @Override
                public String description() {
                    return "over loopback";
                }

                @Override
                public int senderAddress() {
                    return Ipv4Endpoint.LOOPBACK_ADDRESS;
                }

                @Override
                public int receiverAddress() {
                    return Ipv4Endpoint.LOOPBACK_ADDRESS;
                }

                @Override
                public <T> T atSender(Callable<T> action) throws Exception {
                    return action.call();
                }

                @Override
                public <T> T atReceiver(Callable<T> action) throws Exception {
                    return action.call();
                }

                @Override
                public void close() {}
            };
        }

        static Network veth() {
            TestNamespace sender = TestNamespace.create();
            TestNamespace receiver;
            try {
                receiver = TestNamespace.create();
            } catch (RuntimeException e) {
                sender.close();
                throw e;
            }
            try {
                sender.ip("link", "add", "name", "veth-s", "type", "veth", "peer", "name", "veth-r");
                sender.ip("link", "set", "dev", "veth-r", "netns", receiver.name());
                sender.ip("address", "add", "10.201.0.1/30", "dev", "veth-s");
                receiver.ip("address", "add", "10.201.0.2/30", "dev", "veth-r");
                sender.ip("link", "set", "dev", "veth-s", "up");
                receiver.ip("link", "set", "dev", "veth-r", "up");
            } catch (RuntimeException e) {
                sender.close();
                receiver.close();
                throw e;
            }
            return new Network() {
                @Override
                public String description() {
                    return "between two namespaces over veth";
                }

                @Override
                public int senderAddress() {
                    return Ipv4Endpoint.parseAddress("10.201.0.1");
                }

                @Override
                public int receiverAddress() {
                    return Ipv4Endpoint.parseAddress("10.201.0.2");
                }

                @Override
                public <T> T atSender(Callable<T> action) throws Exception {
                    return sender.call(action);
                }

                @Override
                public <T> T atReceiver(Callable<T> action) throws Exception {
                    return receiver.call(action);
                }

                @Override
                public void close() {
                    try {
                        sender.close();
                    } finally {
                        receiver.close();
                    }
                }
            };
        }
    }

    private static Rate measure(Mode mode, Network network) throws Exception {
        UdpSocketOptions options = UdpSocketOptions.defaults()
                .withSegmentationOffload(mode == Mode.SEGMENTED || mode == Mode.COALESCED)
                .withReceiveCoalescing(mode == Mode.COALESCED);
        InetSocketAddress receiverAddress = new Ipv4Endpoint(network.receiverAddress(), 0).toSocketAddress();
        try (UdpSocket receiverSocket = network.atReceiver(
                        () -> UdpSocket.bind(new Ipv4Endpoint(network.receiverAddress(), 0), options));
                UdpSocket senderSocket = network.atSender(
                        () -> UdpSocket.bind(new Ipv4Endpoint(network.senderAddress(), 0), options));
                DatagramChannel receiverChannel = network.atReceiver(() -> DatagramChannel.open().bind(receiverAddress));
                DatagramChannel senderChannel = network.atSender(DatagramChannel::open);
                Selector selector = Selector.open();
                PacketBatch receiveBatch = PacketBatch.allocate(BATCH, DATAGRAM);
                PacketBatch sendBatch = PacketBatch.allocate(BATCH, DATAGRAM)) {
            receiverChannel.configureBlocking(false);
            receiverChannel.register(selector, SelectionKey.OP_READ);
            Ipv4Endpoint to = mode == Mode.DATAGRAM_CHANNEL
                    ? (Ipv4Endpoint) InetEndpoint.of((InetSocketAddress) receiverChannel.getLocalAddress())
                    : receiverSocket.localEndpoint();

            IntSupplier receiveStep = switch (mode) {
                case COALESCED, SEGMENTED, BATCHED -> () -> pollIfNothing(receiverSocket, receiverSocket.receiveBatch(receiveBatch));
                case SINGLE -> {
                    byte[] buffer = new byte[DATAGRAM];
                    yield () -> pollIfNothing(receiverSocket,
                            receiverSocket.receive(buffer, 0, DATAGRAM) instanceof ReceiveResult.Datagram ? 1 : 0);
                }
                case DATAGRAM_CHANNEL -> {
                    ByteBuffer buffer = ByteBuffer.allocate(DATAGRAM);
                    yield () -> {
                        buffer.clear();
                        return receiveOrSelect(receiverChannel, buffer, selector);
                    };
                }
            };
            byte[] payload = new byte[DATAGRAM];
            for (int i = 0; i < BATCH; i++) {
                sendBatch.setPeer(sendBatch.append(payload, 0, DATAGRAM), to);
            }
            ByteBuffer channelPayload = ByteBuffer.wrap(payload);
            InetSocketAddress channelTarget = to.toSocketAddress();
            IntSupplier sendStep = switch (mode) {
                case COALESCED, SEGMENTED, BATCHED -> () -> {
                    int sent = senderSocket.sendBatch(sendBatch);
                    if (sent < BATCH) {
                        senderSocket.pollWritable(10);
                    }
                    return sent;
                };
                case SINGLE -> () -> {
                    int sent = 0;
                    for (int i = 0; i < BATCH; i++) {
                        sent += senderSocket.send(payload, 0, DATAGRAM, to) > 0 ? 1 : 0;
                    }
                    return sent;
                };
                case DATAGRAM_CHANNEL -> () -> {
                    int sent = 0;
                    for (int i = 0; i < BATCH; i++) {
                        channelPayload.clear();
                        sent += sendOrThrow(senderChannel, channelPayload, channelTarget) > 0 ? 1 : 0;
                    }
                    return sent;
                };
            };

            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong received = new AtomicLong();
            Thread receiver = Thread.ofPlatform().name("receiver-" + mode).start(() -> {
                while (!stop.get()) {
                    received.addAndGet(receiveStep.getAsInt());
                }
            });
            try {
                run(sendStep, WARM_UP_NANOS);
                long receivedAtStart = received.get();
                long start = System.nanoTime();
                long sent = run(sendStep, MEASURE_NANOS);
                double seconds = (System.nanoTime() - start) / 1e9;
                return new Rate(sent / seconds, (received.get() - receivedAtStart) / seconds);
            } finally {
                stop.set(true);
                receiver.join(TimeUnit.SECONDS.toMillis(5));
            }
        }
    }

    private static long run(IntSupplier step, long nanos) {
        long end = System.nanoTime() + nanos;
        long packets = 0;
        while (System.nanoTime() < end) {
            packets += step.getAsInt();
        }
        return packets;
    }

    private static int pollIfNothing(UdpSocket socket, int received) {
        if (received == 0) {
            socket.poll(10);
        }
        return Math.max(received, 0);
    }

    /** The JDK's counterpart of receive-then-poll: a selector wait when nothing is waiting. */
    private static int receiveOrSelect(DatagramChannel channel, ByteBuffer buffer, Selector selector) {
        try {
            if (channel.receive(buffer) != null) {
                return 1;
            }
            selector.select(10);
            selector.selectedKeys().clear();
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int sendOrThrow(DatagramChannel channel, ByteBuffer payload, InetSocketAddress target) {
        try {
            return channel.send(payload, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
