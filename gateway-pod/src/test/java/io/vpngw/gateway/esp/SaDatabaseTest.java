package io.vpngw.gateway.esp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vpngw.gateway.routing.SaSelectors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class SaDatabaseTest {

    private final FakeClock clock = new FakeClock();
    private final RecordingListener listener = new RecordingListener();
    private final SaDatabase<String> sad = new SaDatabase<>(new SplittableRandom(4301), clock);

    private InboundSa<String> inbound(int spi, int tunnelId) {
        return inbound(spi, tunnelId, LifetimeLimits.unlimited());
    }

    private InboundSa<String> inbound(int spi, int tunnelId, LifetimeLimits limits) {
        return new InboundSa<>(spi, tunnelId, "in-" + Integer.toHexString(spi), new ReplayWindow(64, false),
                sad.startLifetime(limits), SaSelectors.any(), listener);
    }

    private OutboundSa<String> outbound(int spi, int tunnelId) {
        return outbound(spi, tunnelId, LifetimeLimits.unlimited());
    }

    private OutboundSa<String> outbound(int spi, int tunnelId, LifetimeLimits limits) {
        return new OutboundSa<>(spi, tunnelId, "out-" + Integer.toHexString(spi), OutboundSequence.forNewSa(false),
                sad.startLifetime(limits), listener);
    }

    private static LifetimeLimits time(int softSeconds, int hardSeconds) {
        return new LifetimeLimits(Duration.ofSeconds(softSeconds), Duration.ofSeconds(hardSeconds), LifetimeLimits.UNLIMITED,
                LifetimeLimits.UNLIMITED, LifetimeLimits.UNLIMITED, LifetimeLimits.UNLIMITED);
    }

    @Test
    void reservedSpisAreAboveTheReservedRangeAndDistinct() {
        Set<Integer> spis = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            int spi = sad.reserveSpi();
            assertThat(Integer.compareUnsigned(spi, 256)).isGreaterThanOrEqualTo(0);
            assertThat(spis.add(spi)).as("SPI %08x handed out twice", spi).isTrue();
            assertThat(sad.isReserved(spi)).isTrue();
        }
    }

    @Test
    void allocationSkipsReservedValuesReservationsAndInstalledSas() {
        // A random source that offers 0, 255, an installed SPI, a reserved SPI, and only then a free one.
        int[] offers = {0, 255, 0x1000, 0x2000, 0x3000};
        RandomGenerator rigged = new RandomGenerator() {
            private int next;

            @Override
            public long nextLong() {
                return offers[next++ % offers.length];
            }

            @Override
            public int nextInt() {
                return (int) nextLong();
            }
        };
        SaDatabase<String> db = new SaDatabase<>(rigged, clock);
        db.installInbound(inbound(0x1000, 0));
        assertThat(db.reserveSpi()).isEqualTo(0x2000); // 0 and 255 skipped, 0x1000 installed
        assertThat(db.reserveSpi()).isEqualTo(0x3000); // 0x2000 now reserved
        db.releaseSpi(0x2000);
        assertThat(db.isReserved(0x2000)).isFalse();
    }

    @Test
    void installingConsumesTheReservationAndLookupFindsTheSa() {
        int spi = sad.reserveSpi();
        InboundSa<String> sa = inbound(spi, 1);
        sad.installInbound(sa);
        assertThat(sad.isReserved(spi)).isFalse();
        assertThat(sad.inbound(spi)).isSameAs(sa);
        assertThat(sad.inbound(spi + 1)).isNull();
        assertThatThrownBy(() -> sad.installInbound(inbound(spi, 2))).isInstanceOf(IllegalStateException.class);
        assertThat(sad.removeInbound(spi)).isSameAs(sa);
        assertThat(sad.inbound(spi)).isNull();
        assertThat(sad.removeInbound(spi)).isNull();
    }

    @Test
    void theOutboundSaOfATunnelSwitchesInOneStepAndAnOldOneCannotRemoveTheNew() {
        OutboundSa<String> first = outbound(0xA, 7);
        OutboundSa<String> second = outbound(0xB, 7);
        assertThat(sad.outbound(7)).isNull();
        assertThat(sad.installOutbound(first)).isNull();
        assertThat(sad.outbound(7)).isSameAs(first);
        assertThat(sad.installOutbound(second)).isSameAs(first);
        assertThat(sad.outbound(7)).isSameAs(second);
        assertThat(first.lifetime().stage()).as("replaced counts as rekeyed").isEqualTo(LifetimeStage.SOFT_EXPIRED);
        assertThat(sad.removeOutbound(first)).isFalse();
        assertThat(sad.outbound(7)).isSameAs(second);
        assertThat(sad.removeOutbound(second)).isTrue();
        assertThat(sad.outbound(7)).isNull();
        assertThat(sad.outbound(-1)).isNull();
        assertThat(sad.outbound(1_000_000)).isNull();
    }

    @Test
    void installingTheCurrentOutboundSaAgainChangesNothing() {
        OutboundSa<String> sa = outbound(0xA, 1);
        sad.installOutbound(sa);
        assertThat(sad.installOutbound(sa)).isSameAs(sa);
        assertThat(sa.lifetime().stage()).isEqualTo(LifetimeStage.LIVE);
    }

    @Test
    void tunnelIdsBeyondTheInitialArrayGrowIt() {
        for (int tunnel : new int[] {0, 15, 16, 100, 5000}) {
            sad.installOutbound(outbound(tunnel + 1, tunnel));
        }
        for (int tunnel : new int[] {0, 15, 16, 100, 5000}) {
            assertThat(sad.outbound(tunnel).spi()).isEqualTo(tunnel + 1);
        }
        assertThat(sad.outboundSas()).hasSize(5);
        assertThatThrownBy(() -> sad.installOutbound(outbound(1, SaDatabase.MAX_TUNNEL_ID + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void duringARekeyBothInboundSasAreAcceptedUntilTheGraceEnds() {
        int oldSpi = sad.reserveSpi();
        InboundSa<String> oldIn = inbound(oldSpi, 4);
        OutboundSa<String> oldOut = outbound(0x0DD, 4);
        sad.installInbound(oldIn);
        sad.installOutbound(oldOut);

        int newSpi = sad.reserveSpi();
        InboundSa<String> newIn = inbound(newSpi, 4);
        OutboundSa<String> newOut = outbound(0x0E0, 4);
        assertThat(sad.rekey(newIn, newOut, oldSpi, Duration.ofSeconds(5))).isSameAs(oldOut);

        assertThat(sad.outbound(4)).isSameAs(newOut);
        assertThat(sad.inbound(newSpi)).isSameAs(newIn);
        assertThat(sad.inbound(oldSpi)).as("in flight on the old SA").isSameAs(oldIn);
        assertThat(sad.isRetiring(oldSpi)).isTrue();
        assertThat(oldIn.lifetime().stage()).isEqualTo(LifetimeStage.SOFT_EXPIRED);

        clock.advance(Duration.ofMillis(4999));
        assertThat(sad.tick()).isEmpty();
        assertThat(sad.inbound(oldSpi)).isSameAs(oldIn);

        clock.advance(Duration.ofMillis(1));
        assertThat(sad.tick()).containsExactly(oldIn);
        assertThat(sad.inbound(oldSpi)).isNull();
        assertThat(sad.inbound(newSpi)).isSameAs(newIn);
        assertThat(listener.events).as("a rekey is no expiry").isEmpty();
    }

    @Test
    void aRekeyNeedsBothNewSasOnOneTunnel() {
        assertThatThrownBy(() -> sad.rekey(inbound(0x5000, 1), outbound(1, 2), 0x4000, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(sad.inbound(0x5000)).isNull();
    }

    @Test
    void tickReportsTimeLimitsAndRemovesHardExpiredSas() {
        InboundSa<String> in = inbound(0x7000, 2, time(100, 200));
        OutboundSa<String> out = outbound(0x8000, 2, time(100, 200));
        sad.installInbound(in);
        sad.installOutbound(out);

        clock.advance(Duration.ofSeconds(100));
        assertThat(sad.tick()).isEmpty();
        assertThat(listener.soft()).extracting(RecordingListener.Event::sa).containsExactlyInAnyOrder(in, out);
        assertThat(listener.soft()).extracting(RecordingListener.Event::cause).containsOnly(ExpiryCause.TIME);

        clock.advance(Duration.ofSeconds(100));
        assertThat(sad.tick()).containsExactlyInAnyOrder(in, out);
        assertThat(listener.hard()).extracting(RecordingListener.Event::sa).containsExactlyInAnyOrder(in, out);
        assertThat(sad.inbound(0x7000)).isNull();
        assertThat(sad.outbound(2)).isNull();
        assertThat(sad.tick()).isEmpty();
        assertThat(listener.events).hasSize(4);
    }

    @Test
    void removingATunnelRemovesAllItsSas() {
        sad.installInbound(inbound(0x1111, 1));
        sad.installInbound(inbound(0x2222, 1));
        sad.installInbound(inbound(0x3333, 2));
        sad.installOutbound(outbound(9, 1));
        sad.installOutbound(outbound(8, 2));
        assertThat(sad.removeTunnel(1)).extracting(SecurityAssociation::spi).containsExactlyInAnyOrder(0x1111, 0x2222, 9);
        assertThat(sad.inboundSas()).extracting(SecurityAssociation::spi).containsExactly(0x3333);
        assertThat(sad.outbound(1)).isNull();
        assertThat(sad.outbound(2).spi()).isEqualTo(8);
    }

    @Test
    void lookupsAgreeWithAMapThroughHeavyChurn() {
        SplittableRandom random = new SplittableRandom(99);
        Map<Integer, InboundSa<String>> reference = new HashMap<>();
        List<Integer> installed = new ArrayList<>();
        for (int step = 0; step < 50_000; step++) {
            if (installed.isEmpty() || random.nextInt(100) < 55 && installed.size() < 3000) {
                int spi = sad.reserveSpi();
                InboundSa<String> sa = inbound(spi, random.nextInt(50));
                sad.installInbound(sa);
                reference.put(spi, sa);
                installed.add(spi);
            } else {
                int spi = installed.remove(random.nextInt(installed.size()));
                assertThat(sad.removeInbound(spi)).isSameAs(reference.remove(spi));
            }
            if (step % 1000 == 0) {
                for (Map.Entry<Integer, InboundSa<String>> entry : reference.entrySet()) {
                    assertThat(sad.inbound(entry.getKey())).isSameAs(entry.getValue());
                }
                for (int i = 0; i < 100; i++) {
                    int absent = random.nextInt();
                    assertThat(sad.inbound(absent)).isSameAs(reference.get(absent));
                }
            }
        }
        assertThat(sad.inboundSas()).containsExactlyInAnyOrderElementsOf(reference.values());
    }

    /** Packet threads must always find the SAs that stay, while the control plane installs and removes others. */
    @Test
    void readersAlwaysFindStableSasWhileTheTableIsRebuilt() throws Exception {
        List<InboundSa<String>> stable = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            InboundSa<String> sa = inbound(sad.reserveSpi(), i);
            sad.installInbound(sa);
            stable.add(sa);
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Long> reader = pool.submit(() -> {
                long lookups = 0;
                long wrong = 0;
                while (writing.get() || lookups < 1_000_000) {
                    for (InboundSa<String> sa : stable) {
                        InboundSa<String> found = sad.inbound(sa.spi());
                        if (found != sa) {
                            wrong++;
                        }
                        lookups++;
                    }
                }
                return wrong;
            });
            Future<?> writer = pool.submit(() -> {
                SplittableRandom random = new SplittableRandom(5);
                List<Integer> churn = new ArrayList<>();
                for (int round = 0; round < 20_000; round++) {
                    // Grow to a few thousand then shrink to nothing, so that the table is rebuilt both ways.
                    boolean growing = (round / 4000) % 2 == 0;
                    if (growing || churn.isEmpty()) {
                        int spi = sad.reserveSpi();
                        sad.installInbound(inbound(spi, 99));
                        churn.add(spi);
                    } else {
                        sad.removeInbound(churn.remove(random.nextInt(churn.size())));
                    }
                }
                writing.set(false);
            });
            writer.get();
            assertThat(reader.get()).as("lookups that missed a stable SA").isZero();
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
    }
}
