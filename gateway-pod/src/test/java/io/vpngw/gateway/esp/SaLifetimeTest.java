package io.vpngw.gateway.esp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SaLifetimeTest {

    private static final long T0 = 1_000_000_000L;

    private static LifetimeLimits bytes(long soft, long hard) {
        return new LifetimeLimits(LifetimeLimits.UNLIMITED_TIME, LifetimeLimits.UNLIMITED_TIME, soft, hard,
                LifetimeLimits.UNLIMITED, LifetimeLimits.UNLIMITED);
    }

    private static LifetimeLimits packets(long soft, long hard) {
        return new LifetimeLimits(LifetimeLimits.UNLIMITED_TIME, LifetimeLimits.UNLIMITED_TIME,
                LifetimeLimits.UNLIMITED, LifetimeLimits.UNLIMITED, soft, hard);
    }

    private static LifetimeLimits time(Duration soft, Duration hard) {
        return new LifetimeLimits(soft, hard, LifetimeLimits.UNLIMITED, LifetimeLimits.UNLIMITED,
                LifetimeLimits.UNLIMITED, LifetimeLimits.UNLIMITED);
    }

    @Test
    void bytesReachTheSoftLimitOnceAndPassTheHardLimitOnce() {
        SaLifetime lifetime = new SaLifetime(bytes(3000, 5000), T0);
        assertThat(lifetime.recordPacket(1000)).isEqualTo(LifetimeVerdict.WITHIN_LIMITS);
        assertThat(lifetime.recordPacket(1999)).isEqualTo(LifetimeVerdict.WITHIN_LIMITS); // 2999
        assertThat(lifetime.recordPacket(1)).isEqualTo(LifetimeVerdict.SOFT_LIMIT_REACHED); // 3000 reaches it
        assertThat(lifetime.softCause()).isEqualTo(ExpiryCause.BYTES);
        assertThat(lifetime.stage()).isEqualTo(LifetimeStage.SOFT_EXPIRED);
        assertThat(lifetime.recordPacket(1000)).isEqualTo(LifetimeVerdict.WITHIN_LIMITS);
        assertThat(lifetime.recordPacket(1000)).as("5000: at the hard limit, not past it").isEqualTo(LifetimeVerdict.WITHIN_LIMITS);
        assertThat(lifetime.recordPacket(1)).isEqualTo(LifetimeVerdict.HARD_LIMIT_REACHED);
        assertThat(lifetime.hardCause()).isEqualTo(ExpiryCause.BYTES);
        assertThat(lifetime.recordPacket(1)).isEqualTo(LifetimeVerdict.EXPIRED);
        assertThat(lifetime.isHardExpired()).isTrue();
        assertThat(lifetime.bytes()).isEqualTo(5002);
        assertThat(lifetime.packets()).isEqualTo(7);
    }

    @Test
    void oneHugePacketCanGoFromLiveToHardAtOnce() {
        SaLifetime lifetime = new SaLifetime(bytes(100, 200), T0);
        assertThat(lifetime.recordPacket(1500)).isEqualTo(LifetimeVerdict.HARD_LIMIT_REACHED);
        assertThat(lifetime.softCause()).isNull();
    }

    @Test
    void packetCountsHaveLimitsToo() {
        SaLifetime lifetime = new SaLifetime(packets(2, 3), T0);
        assertThat(lifetime.recordPacket(10)).isEqualTo(LifetimeVerdict.WITHIN_LIMITS);
        assertThat(lifetime.recordPacket(10)).isEqualTo(LifetimeVerdict.SOFT_LIMIT_REACHED);
        assertThat(lifetime.softCause()).isEqualTo(ExpiryCause.PACKETS);
        assertThat(lifetime.recordPacket(10)).isEqualTo(LifetimeVerdict.WITHIN_LIMITS);
        assertThat(lifetime.recordPacket(10)).isEqualTo(LifetimeVerdict.HARD_LIMIT_REACHED);
        assertThat(lifetime.hardCause()).isEqualTo(ExpiryCause.PACKETS);
    }

    @Test
    void timeLimitsAreSeenByTheClockAndThenRefusePackets() {
        FakeClock clock = new FakeClock();
        SaLifetime lifetime = new SaLifetime(time(Duration.ofSeconds(90), Duration.ofSeconds(100)), clock.nanoTime());
        clock.advance(Duration.ofSeconds(89));
        assertThat(lifetime.checkTime(clock.nanoTime())).isEqualTo(LifetimeVerdict.WITHIN_LIMITS);
        clock.advance(Duration.ofSeconds(1));
        assertThat(lifetime.checkTime(clock.nanoTime())).isEqualTo(LifetimeVerdict.SOFT_LIMIT_REACHED);
        assertThat(lifetime.softCause()).isEqualTo(ExpiryCause.TIME);
        assertThat(lifetime.checkTime(clock.nanoTime())).as("once").isEqualTo(LifetimeVerdict.WITHIN_LIMITS);
        assertThat(lifetime.recordPacket(100)).isEqualTo(LifetimeVerdict.WITHIN_LIMITS);
        clock.advance(Duration.ofSeconds(10));
        assertThat(lifetime.checkTime(clock.nanoTime())).isEqualTo(LifetimeVerdict.HARD_LIMIT_REACHED);
        assertThat(lifetime.hardCause()).isEqualTo(ExpiryCause.TIME);
        assertThat(lifetime.checkTime(clock.nanoTime())).isEqualTo(LifetimeVerdict.EXPIRED);
        assertThat(lifetime.recordPacket(100)).isEqualTo(LifetimeVerdict.EXPIRED);
        assertThat(LifetimeVerdict.EXPIRED.permitsPacket()).isFalse();
        assertThat(LifetimeVerdict.SOFT_LIMIT_REACHED.permitsPacket()).isTrue();
    }

    @Test
    void aClockThatMissedTheSoftLimitGoesStraightToHard() {
        FakeClock clock = new FakeClock();
        SaLifetime lifetime = new SaLifetime(time(Duration.ofSeconds(90), Duration.ofSeconds(100)), clock.nanoTime());
        clock.advance(Duration.ofSeconds(150));
        assertThat(lifetime.checkTime(clock.nanoTime())).isEqualTo(LifetimeVerdict.HARD_LIMIT_REACHED);
    }

    @Test
    void aRekeyedSaAsksForNoSecondRekey() {
        SaLifetime lifetime = new SaLifetime(bytes(100, 1000), T0);
        lifetime.markRekeyed();
        assertThat(lifetime.stage()).isEqualTo(LifetimeStage.SOFT_EXPIRED);
        assertThat(lifetime.recordPacket(500)).isEqualTo(LifetimeVerdict.WITHIN_LIMITS);
        assertThat(lifetime.softCause()).isNull();
        assertThat(lifetime.recordPacket(501)).as("the hard limit still holds").isEqualTo(LifetimeVerdict.HARD_LIMIT_REACHED);
    }

    @Test
    void underConcurrencyEachLimitIsReportedToExactlyOneThreadAndNoMoreThanTheHardLimitPasses() throws Exception {
        int threads = 4;
        int perThread = 100_000;
        SaLifetime lifetime = new SaLifetime(bytes(150_000, 300_000), T0);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<int[]>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                tasks.add(() -> {
                    int[] byVerdict = new int[LifetimeVerdict.values().length];
                    for (int i = 0; i < perThread; i++) {
                        byVerdict[lifetime.recordPacket(1).ordinal()]++;
                    }
                    return byVerdict;
                });
            }
            int[] total = new int[LifetimeVerdict.values().length];
            for (Future<int[]> result : pool.invokeAll(tasks)) {
                for (int v = 0; v < total.length; v++) {
                    total[v] += result.get()[v];
                }
            }
            assertThat(total[LifetimeVerdict.SOFT_LIMIT_REACHED.ordinal()]).isEqualTo(1);
            assertThat(total[LifetimeVerdict.HARD_LIMIT_REACHED.ordinal()]).isEqualTo(1);
            // Never more octets pass than the hard limit allows (a packet racing the crossing may be refused early).
            int passed = total[LifetimeVerdict.WITHIN_LIMITS.ordinal()] + total[LifetimeVerdict.SOFT_LIMIT_REACHED.ordinal()];
            assertThat(passed).isBetween(300_000 - threads, 300_000);
            assertThat(lifetime.bytes()).isEqualTo((long) threads * perThread);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void limitsMustBePositiveAndSoftNotAboveHard() {
        assertThatThrownBy(() -> bytes(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bytes(11, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> time(Duration.ofSeconds(2), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> time(Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
