package io.vpngw.gateway.esp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.routing.InnerPacketRouter;
import io.vpngw.gateway.routing.Ipv4Prefix;
import io.vpngw.gateway.routing.RouteTable;
import io.vpngw.gateway.routing.SaSelectors;
import io.vpngw.gateway.routing.SelectorRoute;
import io.vpngw.gateway.routing.SelectorTable;
import io.vpngw.gateway.routing.TcpMssClamp;
import io.vpngw.gateway.routing.TestPackets;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the per-packet operations of this package and of routing cost. Allocation is asserted
 * (none per packet, measured by the JVM's per-thread allocation counter after warm-up); times are
 * only printed, since they depend on the machine: see the figures in the build output.
 */
class PacketPathCostTest {

    private static final int PACKETS = 1_000_000;
    private static com.sun.management.ThreadMXBean threads;

    @BeforeAll
    static void allocationCounting() {
        threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).as("this JVM counts allocation per thread").isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
    }

    /** Runs {@code work} (which handles {@link #PACKETS} packets) once to warm up, then measures it. */
    private static long measure(String name, LongSupplier work) {
        work.getAsLong(); // warm-up: compiled by the second run
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        long result = work.getAsLong();
        long elapsed = System.nanoTime() - start;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        System.out.printf(Locale.ROOT, "%-54s %6.1f ns/packet  %7.1f M packets/s  %d bytes allocated in the run%n",
                name, (double) elapsed / PACKETS, PACKETS * 1e3 / elapsed, allocated);
        // The run may set up a window or two (about 1 KiB); one object per packet would be 16 MB or more.
        assertThat(allocated).as("%s allocates per packet", name).isLessThan(4096);
        return result;
    }

    @Test
    void replayWindowInOrder() {
        long accepted = measure("replay: infer, check, accept (ESN, in order)", () -> {
            ReplayWindow window = ReplayWindow.withDefaultSize(true);
            long fresh = 0;
            for (long s = 1; s <= PACKETS; s++) {
                long sequence = window.sequenceFor((int) s);
                if (window.check(sequence) == ReplayVerdict.FRESH && window.accept(sequence) == ReplayVerdict.FRESH) {
                    fresh++;
                }
            }
            return fresh;
        });
        assertThat(accepted).isEqualTo(PACKETS);
    }

    @Test
    void replayWindowReordered() {
        // Packets shuffled within blocks of 1000, as parallel paths and multi-queue NICs reorder them.
        long[] arrival = new long[PACKETS];
        SplittableRandom random = new SplittableRandom(6479);
        for (int i = 0; i < PACKETS; i++) {
            arrival[i] = i + 1;
        }
        for (int block = 0; block < PACKETS; block += 1000) {
            for (int i = Math.min(PACKETS, block + 1000) - 1; i > block; i--) {
                int j = block + random.nextInt(i - block + 1);
                long swap = arrival[i];
                arrival[i] = arrival[j];
                arrival[j] = swap;
            }
        }
        long accepted = measure("replay: check, accept (shuffled in blocks of 1000)", () -> {
            ReplayWindow window = ReplayWindow.withDefaultSize(false);
            long fresh = 0;
            for (long sequence : arrival) {
                if (window.check(sequence) == ReplayVerdict.FRESH && window.accept(sequence) == ReplayVerdict.FRESH) {
                    fresh++;
                }
            }
            return fresh;
        });
        assertThat(accepted).isEqualTo(PACKETS);
    }

    @Test
    void inboundSaLookupAndAccept() {
        SaDatabase<String> sad = new SaDatabase<>(new SplittableRandom(1), NanoClock.system());
        int[] spis = new int[10_000];
        for (int i = 0; i < spis.length; i++) {
            spis[i] = sad.reserveSpi();
            sad.installInbound(new InboundSa<>(spis[i], i % 100, "keys", ReplayWindow.withDefaultSize(true),
                    new SaLifetime(LifetimeLimits.unlimited(), 0), SaSelectors.any(), SaExpiryListener.IGNORE));
        }
        SplittableRandom random = new SplittableRandom(2);
        int[] arriving = new int[PACKETS];
        for (int i = 0; i < PACKETS; i++) {
            arriving[i] = spis[random.nextInt(spis.length)];
        }
        long found = measure("SAD: inbound lookup among 10,000 SAs", () -> {
            long hits = 0;
            for (int spi : arriving) {
                if (sad.inbound(spi) != null) {
                    hits++;
                }
            }
            return hits;
        });
        assertThat(found).isEqualTo(PACKETS);

        InboundSa<String> one = sad.inbound(spis[0]);
        long[] next = {0};
        long delivered = measure("inbound SA: check and accept with lifetime accounting", () -> {
            long ok = 0;
            for (int i = 0; i < PACKETS; i++) {
                long sequence = one.sequenceFor((int) ++next[0]);
                if (one.checkReplay(sequence) == ReplayVerdict.FRESH
                        && one.acceptAuthenticated(sequence, 1400) == InboundVerdict.ACCEPTED) {
                    ok++;
                }
            }
            return ok;
        });
        assertThat(delivered).isEqualTo(PACKETS);
    }

    @Test
    void outboundSequenceAndAccounting() {
        OutboundSa<String> sa = new OutboundSa<>(0x1234, 0, "keys", OutboundSequence.forNewSa(true),
                new SaLifetime(LifetimeLimits.unlimited(), 0), SaExpiryListener.IGNORE);
        long last = measure("outbound SA: next sequence number with accounting", () -> {
            long sequence = 0;
            for (int i = 0; i < PACKETS; i++) {
                sequence = sa.nextSequence(1400);
            }
            return sequence;
        });
        assertThat(last).as("two runs of numbers, warm-up and measured").isEqualTo(2L * PACKETS);
    }

    @Test
    void routingAndClamping() {
        SplittableRandom random = new SplittableRandom(3);
        RouteTable.Builder routes = RouteTable.builder();
        for (int i = 0; i < 1000; i++) {
            routes.add(Ipv4Prefix.containing(random.nextInt(), 16 + random.nextInt(17)), random.nextInt(100), 0);
        }
        routes.add(Ipv4Prefix.all(), 100, 0);
        RouteTable table = routes.build();
        int[] destinations = new int[PACKETS];
        for (int i = 0; i < PACKETS; i++) {
            destinations[i] = random.nextInt();
        }
        long routed = measure("route table: longest match among 1,000 prefixes", () -> {
            long any = 0;
            for (int destination : destinations) {
                if (table.lookup(destination) != RouteTable.NO_ROUTE) {
                    any++;
                }
            }
            return any;
        });
        assertThat(routed).isEqualTo(PACKETS);

        SelectorTable.Builder pairs = SelectorTable.builder();
        for (int i = 0; i < 200; i++) {
            pairs.add(SelectorRoute.between(Ipv4Prefix.containing(0x0A00_0000 | random.nextInt(1 << 24), 16 + random.nextInt(9)),
                    Ipv4Prefix.containing(0xC0A8_0000 | random.nextInt(1 << 16), 20 + random.nextInt(13)), i, 0));
        }
        InnerPacketRouter router = new InnerPacketRouter(new InnerPacketRouter.Tables(pairs.build(), table));
        byte[] packet = TestPackets.udp(0x0A01_0203, 0xC0A8_0A0B, 4000, 443, 1372);
        long viaRouter = measure("router: packet through 200 selector pairs and routes", () -> {
            long any = 0;
            for (int i = 0; i < PACKETS; i++) {
                if (router.route(packet, 0, packet.length) >= 0) {
                    any++;
                }
            }
            return any;
        });
        assertThat(viaRouter).isEqualTo(PACKETS);

        TcpMssClamp clamp = TcpMssClamp.azure();
        byte[] data = TestPackets.tcp(0x0A01_0203, 0xC0A8_0A0B, 4000, 443, 0x10, new byte[0], 1360);
        byte[] syn = TestPackets.tcp(0x0A01_0203, 0xC0A8_0A0B, 4000, 443, 0x02, new byte[] {2, 4, 5, (byte) 0xb4}, 0);
        long clamped = measure("MSS clamp: TCP packets, one SYN in 100", () -> {
            long changed = 0;
            for (int i = 0; i < PACKETS; i++) {
                if (i % 100 == 0) {
                    syn[42] = 5; // MSS back to 1460 (0x05b4) so that each SYN needs clamping
                    syn[43] = (byte) 0xb4;
                    syn[36] = 0;
                    syn[37] = 0;
                    if (clamp.clamp(syn, 0, syn.length)) {
                        changed++;
                    }
                } else if (clamp.clamp(data, 0, data.length)) {
                    changed++;
                }
            }
            return changed;
        });
        assertThat(clamped).isEqualTo(PACKETS / 100);
    }
}
