package io.vpngw.gateway.esp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class OutboundSequenceTest {

    @Test
    void theFirstPacketCarriesOneAndNumbersIncrease() {
        OutboundSequence sequence = OutboundSequence.forNewSa(false);
        assertThat(sequence.lastIssued()).isZero();
        assertThat(sequence.next()).isEqualTo(1);
        assertThat(sequence.next()).isEqualTo(2);
        assertThat(sequence.lastIssued()).isEqualTo(2);
        assertThat(sequence.remaining()).isEqualTo(0xFFFF_FFFFL - 2);
    }

    @Test
    void exactlyOneNumberSignalsTheSoftLimit() {
        OutboundSequence sequence = new OutboundSequence(false, 5, 0);
        List<Long> signalling = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long number = sequence.next();
            if (sequence.isSoftLimit(number)) {
                signalling.add(number);
            }
        }
        assertThat(signalling).containsExactly(5L);
    }

    @Test
    void without32BitSequenceNumbersItStopsAt2To32Minus1AndStaysStopped() {
        OutboundSequence sequence = new OutboundSequence(false, 0xFFFF_FF00L, 0xFFFF_FFFDL);
        assertThat(sequence.next()).isEqualTo(0xFFFF_FFFEL);
        assertThat(sequence.next()).isEqualTo(0xFFFF_FFFFL);
        for (int i = 0; i < 5; i++) {
            assertThat(sequence.next()).isEqualTo(OutboundSequence.EXHAUSTED);
        }
        assertThat(sequence.remaining()).isZero();
        assertThat(sequence.lastIssued()).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void withEsnItGoesPast2To32AndStopsAt2To64Minus1WithoutWrapping() {
        OutboundSequence sequence = new OutboundSequence(true, 1L << 40, 0xFFFF_FFFEL);
        assertThat(sequence.next()).isEqualTo(0xFFFF_FFFFL);
        assertThat(sequence.next()).isEqualTo(1L << 32);

        OutboundSequence nearTheEnd = new OutboundSequence(true, 1L << 40, -3L);
        assertThat(nearTheEnd.next()).isEqualTo(-2L);
        assertThat(nearTheEnd.next()).as("2^64 - 1, the last").isEqualTo(-1L);
        for (int i = 0; i < 5; i++) {
            assertThat(nearTheEnd.next()).as("never 0, 1, ... again").isEqualTo(OutboundSequence.EXHAUSTED);
        }
    }

    @Test
    void aNewSaLeavesTheLastSixteenthForTheRekey() {
        assertThat(OutboundSequence.forNewSa(false).softLimit()).isEqualTo(0xFFFF_FFFFL - (0xFFFF_FFFFL >>> 4));
        assertThat(OutboundSequence.forNewSa(false).hardLimit()).isEqualTo(OutboundSequence.LAST_32_BIT);
        assertThat(Long.compareUnsigned(OutboundSequence.forNewSa(true).softLimit(), 0xF000_0000_0000_0000L)).isZero();
        assertThat(OutboundSequence.forNewSa(true).hardLimit()).isEqualTo(OutboundSequence.LAST_64_BIT);
    }

    @Test
    void limitsOutsideTheNumberSpaceAreRefused() {
        assertThatThrownBy(() -> new OutboundSequence(false, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutboundSequence(false, 1L << 32, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutboundSequence(false, 10, 1L << 32)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parallelSendersGetDistinctNumbersAndNoneBeyondTheLimit() throws Exception {
        int threads = 4;
        int perThread = 50_000;
        long remaining = 150_000; // fewer than asked for: some threads must be refused
        OutboundSequence sequence = new OutboundSequence(false, 0xFFFF_0000L, 0xFFFF_FFFFL - remaining);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<long[]>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                tasks.add(() -> {
                    long[] got = new long[perThread];
                    for (int i = 0; i < perThread; i++) {
                        got[i] = sequence.next();
                    }
                    return got;
                });
            }
            long[] seen = new long[(int) remaining];
            long exhausted = 0;
            for (Future<long[]> result : pool.invokeAll(tasks)) {
                for (long number : result.get()) {
                    if (number == OutboundSequence.EXHAUSTED) {
                        exhausted++;
                    } else {
                        int index = (int) (number - (0xFFFF_FFFFL - remaining) - 1);
                        seen[index]++;
                    }
                }
            }
            assertThat(seen).containsOnly(1L);
            assertThat(exhausted).isEqualTo((long) threads * perThread - remaining);
        } finally {
            pool.shutdownNow();
        }
    }
}
