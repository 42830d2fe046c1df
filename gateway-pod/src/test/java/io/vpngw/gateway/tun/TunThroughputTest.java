package io.vpngw.gateway.tun;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.net.Ipv4Endpoint;
import io.vpngw.gateway.net.Ipv4Prefix;
import io.vpngw.gateway.net.PacketBatch;
import io.vpngw.gateway.net.PrivilegedNetworking;
import io.vpngw.gateway.net.TestNamespace;
import io.vpngw.gateway.net.UdpSocket;
import io.vpngw.gateway.net.UdpSocketOptions;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Packets per second through a TUN in both directions, with the kernel's UDP stack at the other
 * end, in a namespace of the test's own. Printed, not asserted as absolute figures: they depend on
 * the machine and on what else runs on it. Asserted: traffic flows, and the batch paths allocate
 * nothing per packet once warm.
 */
class TunThroughputTest {

    static final String TUN = "vpngw-tun0";
    static final Ipv4Prefix LOCAL = Ipv4Prefix.parse("10.200.0.1/30");
    static final int PEER = Ipv4Endpoint.parseAddress("10.200.0.2");
    static final int PAYLOAD = 1372; // + 28 octets of IPv4/UDP header = 1400, the TUN's MTU
    static final int BATCH = 32;
    static final long WARM_UP_ROUND_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    static final long WARM_UP_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(4);
    static final long MEASURE_NANOS = TimeUnit.MILLISECONDS.toNanos(600);

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
    void packetsPerSecondReadFromAndWrittenToTheTun() throws Exception {
        Measured read;
        Measured written;
        try (TunDevice tun = openConfiguredTun(TunSettings.named(TUN)); UdpSocket app = bindApp()) {
            read = measureReading(tun, app);
            written = measureWriting(tun, app);
        }
        Measured readOffloaded;
        long superPackets;
        try (TunDevice tun = openConfiguredTun(TunSettings.named(TUN).withOffload(true)); UdpSocket app = bindApp()) {
            readOffloaded = measureReading(tun, app);
            superPackets = tun.statistics().superPacketsRead();
        }
        System.out.printf("TUN, %d-octet packets, batches of %d:%n", PAYLOAD + 28, BATCH);
        System.out.printf("  read:                %s%n", read);
        System.out.printf("  read, with offload:  %s, %d super-packets%n", readOffloaded, superPackets);
        System.out.printf("  written:             %s%n", written);

        assertThat(read.packetsPerSecond()).isPositive();
        assertThat(readOffloaded.packetsPerSecond()).isPositive();
        assertThat(written.packetsPerSecond()).isPositive();
        // One object per packet would be 16 octets or more per packet.
        assertThat(read.allocatedPerPacket()).isLessThan(8.0);
        assertThat(readOffloaded.allocatedPerPacket()).isLessThan(8.0);
        assertThat(written.allocatedPerPacket()).isLessThan(8.0);
    }

    private TunDevice openConfiguredTun(TunSettings settings) throws Exception {
        TunDevice tun = namespace.call(() -> TunDevice.open(settings));
        LinkConfigurator.inNamespace(namespace.name()).configure(TUN, 1400, List.of(LOCAL), List.of());
        namespace.ip("link", "set", "dev", TUN, "txqueuelen", "4096");
        return tun;
    }

    private UdpSocket bindApp() throws Exception {
        return namespace.call(() -> UdpSocket.bind(new Ipv4Endpoint(LOCAL.address(), 0), UdpSocketOptions.defaults()));
    }

    record Measured(double packetsPerSecond, double otherEndPerSecond, String otherEnd, double allocatedPerPacket) {
        @Override
        public String toString() {
            return String.format("%,9.0f packets/s (%s %,9.0f/s), allocated %.1f B per packet",
                    packetsPerSecond, otherEnd, otherEndPerSecond, allocatedPerPacket);
        }
    }

    /** The kernel sends UDP into the TUN as fast as a sending thread can; this thread reads. */
    private Measured measureReading(TunDevice tun, UdpSocket app) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong sent = new AtomicLong();
        Thread sender = Thread.ofPlatform().name("udp-into-tun").start(() -> {
            try (PacketBatch batch = PacketBatch.allocate(BATCH, PAYLOAD)) {
                byte[] payload = new byte[PAYLOAD];
                for (int i = 0; i < BATCH; i++) {
                    batch.setPeerIpv4(batch.append(payload, 0, PAYLOAD), PEER, 9);
                }
                while (!stop.get()) {
                    int done = app.sendBatch(batch);
                    sent.addAndGet(Math.max(done, 0));
                    if (done < BATCH) {
                        app.pollWritable(10);
                    }
                }
            }
        });
        try (PacketBatch batch = PacketBatch.allocate(BATCH, 2048)) {
            return warmThenMeasure(() -> {
                int read = tun.readBatch(batch);
                if (read == 0) {
                    tun.poll(10);
                }
                return read;
            }, sent, "UDP sent");
        } finally {
            stop.set(true);
            sender.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    /** This thread writes UDP packets to the TUN as fast as it can; another thread receives them. */
    private Measured measureWriting(TunDevice tun, UdpSocket app) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong received = new AtomicLong();
        Thread receiver = Thread.ofPlatform().name("udp-from-tun").start(() -> {
            try (PacketBatch batch = PacketBatch.allocate(BATCH, 2048)) {
                while (!stop.get()) {
                    int got = app.receiveBatch(batch);
                    received.addAndGet(Math.max(got, 0));
                    if (got == 0) {
                        app.poll(10);
                    }
                }
            }
        });
        try (PacketBatch batch = PacketBatch.allocate(BATCH, 2048)) {
            byte[] packet = new byte[PAYLOAD + 28];
            int length = Ipv4Packets.udp(packet, 0, PEER, 9, LOCAL.address(), app.localEndpoint().port(),
                    new byte[PAYLOAD]);
            for (int i = 0; i < BATCH; i++) {
                batch.append(packet, 0, length);
            }
            return warmThenMeasure(() -> tun.writeBatch(batch), received, "UDP received");
        } finally {
            stop.set(true);
            receiver.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    /**
     * Repeats {@code step} (which returns the packets it moved) in short rounds until the JIT has
     * compiled the path (no more than a few octets allocated per packet) or {@link #WARM_UP_LIMIT_NANOS}
     * pass, then measures one longer round.
     */
    private static Measured warmThenMeasure(IntSupplier step, AtomicLong otherEnd, String otherEndName) {
        long warmUpEnd = System.nanoTime() + WARM_UP_LIMIT_NANOS;
        Measured round;
        do {
            round = measureRound(step, otherEnd, otherEndName, WARM_UP_ROUND_NANOS);
        } while (round.allocatedPerPacket() >= 8.0 && System.nanoTime() < warmUpEnd);
        return measureRound(step, otherEnd, otherEndName, MEASURE_NANOS);
    }

    private static Measured measureRound(IntSupplier step, AtomicLong otherEnd, String otherEndName, long nanos) {
        long otherEndAtStart = otherEnd.get();
        long allocatedAtStart = allocatedBytes();
        long start = System.nanoTime();
        long end = start + nanos;
        long packets = 0;
        while (System.nanoTime() < end) {
            packets += step.getAsInt();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long allocated = allocatedBytes() - allocatedAtStart;
        return new Measured(packets / seconds, (otherEnd.get() - otherEndAtStart) / seconds, otherEndName,
                (double) allocated / Math.max(1, packets));
    }

    private static long allocatedBytes() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return threads.getCurrentThreadAllocatedBytes();
    }
}
