package io.vpngw.gateway.esp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplayWindowTest {

    private static final long SUBSPACE = 1L << 32;

    /** Accepts each number in turn, as packets whose ICV passed. */
    private static void acceptAll(ReplayWindow window, long... sequences) {
        for (long sequence : sequences) {
            assertThat(window.accept(sequence)).as("accept %d", sequence).isEqualTo(ReplayVerdict.FRESH);
        }
    }

    @Nested
    class Window {

        @Test
        void theFirstPacketIsFreshAndBecomesTheTop() {
            ReplayWindow window = ReplayWindow.withDefaultSize(false);
            assertThat(window.highestAccepted()).isZero();
            assertThat(window.check(1)).isEqualTo(ReplayVerdict.FRESH);
            assertThat(window.accept(1)).isEqualTo(ReplayVerdict.FRESH);
            assertThat(window.highestAccepted()).isEqualTo(1);
            assertThat(window.check(1)).isEqualTo(ReplayVerdict.DUPLICATE);
        }

        @Test
        void aFirstPacketFarAheadIsAcceptedAndWhatIsFarBelowItIsTooOld() {
            ReplayWindow window = new ReplayWindow(64, false);
            acceptAll(window, 1_000_000);
            assertThat(window.check(1)).isEqualTo(ReplayVerdict.TOO_OLD);
            assertThat(window.check(1_000_000 - 63)).isEqualTo(ReplayVerdict.FRESH);
        }

        @Test
        void sequenceNumberZeroIsNeverAccepted() {
            ReplayWindow window = new ReplayWindow(64, false);
            assertThat(window.check(0)).isEqualTo(ReplayVerdict.TOO_OLD);
            assertThat(window.accept(0)).isEqualTo(ReplayVerdict.TOO_OLD);
            assertThat(window.highestAccepted()).isZero();
            assertThat(window.tooOld()).isEqualTo(2);
        }

        @Test
        void duplicatesAreRefusedByBothPhasesAndCounted() {
            ReplayWindow window = new ReplayWindow(64, false);
            acceptAll(window, 5, 7, 6);
            assertThat(window.check(5)).isEqualTo(ReplayVerdict.DUPLICATE);
            assertThat(window.accept(6)).isEqualTo(ReplayVerdict.DUPLICATE);
            assertThat(window.accept(7)).isEqualTo(ReplayVerdict.DUPLICATE);
            assertThat(window.duplicates()).isEqualTo(3);
            assertThat(window.tooOld()).isZero();
            assertThat(window.highestAccepted()).isEqualTo(7);
        }

        @ParameterizedTest(name = "window {0}")
        @ValueSource(ints = {64, 65, 100, 127, 128, 1000, 4096, 4097})
        void theWindowSpansExactlyItsSizeEndingAtTheTop(int size) {
            ReplayWindow window = new ReplayWindow(size, false);
            long top = 10L * size + 37;
            acceptAll(window, top);
            long bottom = top - size + 1;
            assertThat(window.check(bottom)).as("bottom edge").isEqualTo(ReplayVerdict.FRESH);
            assertThat(window.check(bottom - 1)).as("just outside").isEqualTo(ReplayVerdict.TOO_OLD);
            assertThat(window.check(top + 1)).as("just ahead").isEqualTo(ReplayVerdict.FRESH);
            acceptAll(window, bottom);
            assertThat(window.check(bottom)).isEqualTo(ReplayVerdict.DUPLICATE);
            acceptAll(window, top + 1);
            assertThat(window.check(bottom)).as("the bottom moved past it").isEqualTo(ReplayVerdict.TOO_OLD);
        }

        @Test
        void packetsReorderedWithinTheWindowAreEachAcceptedOnce() {
            ReplayWindow window = new ReplayWindow(128, false);
            long[] order = {10, 3, 8, 1, 2, 9, 4, 7, 5, 6, 120, 11, 119};
            acceptAll(window, order);
            for (long sequence : order) {
                assertThat(window.check(sequence)).isEqualTo(ReplayVerdict.DUPLICATE);
            }
            assertThat(window.highestAccepted()).isEqualTo(120);
        }

        @ParameterizedTest(name = "jump of {0}")
        @ValueSource(longs = {1, 63, 64, 65, 4095, 4096, 4097, 8191, 8192, 8193, 1L << 20, 1L << 40})
        void aLargeJumpForgetsWhatFellOutAndLeavesTheNewWindowClean(long jump) {
            ReplayWindow window = new ReplayWindow(4096, false);
            for (long s = 1; s <= 5000; s++) {
                window.accept(s);
            }
            long top = 5000 + jump;
            acceptAll(window, top);
            // Every number in the new window but the top itself is fresh, unless it was accepted before and is still inside.
            for (long s = Math.max(1, top - 4095); s < top; s++) {
                ReplayVerdict expected = s <= 5000 ? ReplayVerdict.DUPLICATE : ReplayVerdict.FRESH;
                assertThat(window.check(s)).as("seq %d", s).isEqualTo(expected);
            }
            assertThat(window.check(top - 4096)).as("just below the new window").isEqualTo(ReplayVerdict.TOO_OLD);
        }

        @Test
        void checkWithoutAcceptNeverChangesTheWindow() {
            ReplayWindow window = new ReplayWindow(256, false);
            SplittableRandom random = new SplittableRandom(6479);
            for (int i = 0; i < 500; i++) {
                window.accept(1 + random.nextLong(2000));
            }
            long top = window.highestAccepted();
            ReplayVerdict[] before = verdictsAround(window, top);
            for (int i = 0; i < 10_000; i++) {
                window.check(random.nextLong(top + 100_000)); // ahead, inside, too old, duplicate
            }
            window.check(Long.MAX_VALUE);
            window.check(-1L); // 2^64 - 1
            assertThat(window.highestAccepted()).isEqualTo(top);
            assertThat(verdictsAround(window, top)).containsExactly(before);
        }

        private ReplayVerdict[] verdictsAround(ReplayWindow window, long top) {
            ReplayVerdict[] verdicts = new ReplayVerdict[600];
            for (int i = 0; i < verdicts.length; i++) {
                verdicts[i] = window.check(top - 400 + i);
            }
            return verdicts;
        }

        @Test
        void aRacingDuplicateThatPassedTheCheckIsRefusedAtAccept() {
            ReplayWindow window = new ReplayWindow(64, false);
            // Two copies of packet 9 both pass the pre-check before either is accepted (parallel decryption).
            assertThat(window.check(9)).isEqualTo(ReplayVerdict.FRESH);
            assertThat(window.check(9)).isEqualTo(ReplayVerdict.FRESH);
            assertThat(window.accept(9)).isEqualTo(ReplayVerdict.FRESH);
            assertThat(window.accept(9)).isEqualTo(ReplayVerdict.DUPLICATE);
        }

        @Test
        void aPacketThatFellOutWhileItWasDecryptedIsRefusedAtAccept() {
            ReplayWindow window = new ReplayWindow(64, false);
            acceptAll(window, 100);
            assertThat(window.check(40)).isEqualTo(ReplayVerdict.FRESH);
            acceptAll(window, 200);
            assertThat(window.accept(40)).isEqualTo(ReplayVerdict.TOO_OLD);
        }

        @ParameterizedTest(name = "size {0}")
        @ValueSource(ints = {Integer.MIN_VALUE, 0, 32, 63, ReplayWindow.MAX_SIZE + 1})
        void sizesOutsideTheBoundsAreRefused(int size) {
            assertThatThrownBy(() -> new ReplayWindow(size, false)).isInstanceOf(IllegalArgumentException.class);
        }

        /** Random traffic (in order, reordered, duplicated, jumping) against a model that keeps every accepted number. */
        @ParameterizedTest(name = "window {0}")
        @ValueSource(ints = {64, 100, 1024, 4096})
        void agreesWithAModelThatRemembersEverything(int size) {
            ReplayWindow window = new ReplayWindow(size, false);
            Set<Long> accepted = new HashSet<>();
            List<String> disagreements = new ArrayList<>();
            long top = 0;
            SplittableRandom random = new SplittableRandom(size * 31L);
            long sender = 0;
            for (int i = 0; i < 200_000 && disagreements.size() < 10; i++) {
                long sequence = switch (random.nextInt(10)) {
                    case 0 -> sender + 1 + random.nextLong(3L * size); // loss burst
                    case 1 -> Math.max(1, sender - random.nextLong(2L * size)); // late or replayed
                    case 2 -> sender; // duplicate of the newest
                    case 3 -> sender + random.nextLong(100_000); // a long outage
                    default -> sender + 1;
                };
                sender = Math.max(sender, sequence);
                ReplayVerdict expected = sequence == 0 ? ReplayVerdict.TOO_OLD
                        : sequence > top ? ReplayVerdict.FRESH
                        : top - sequence >= size ? ReplayVerdict.TOO_OLD
                        : accepted.contains(sequence) ? ReplayVerdict.DUPLICATE : ReplayVerdict.FRESH;
                ReplayVerdict checked = window.check(sequence);
                if (checked != expected) {
                    disagreements.add("check " + sequence + " after top " + top + ": " + checked + ", expected " + expected);
                }
                boolean icvPasses = random.nextInt(20) != 0;
                if (icvPasses) {
                    ReplayVerdict acceptedVerdict = window.accept(sequence);
                    if (acceptedVerdict != expected) {
                        disagreements.add("accept " + sequence + " after top " + top + ": " + acceptedVerdict);
                    }
                    if (expected == ReplayVerdict.FRESH) {
                        accepted.add(sequence);
                        top = Math.max(top, sequence);
                    }
                }
            }
            assertThat(disagreements).isEmpty();
            assertThat(window.highestAccepted()).isEqualTo(top);
        }
    }

    /**
     * The pipeline the class comment allows: a dispatcher infers and pre-checks while an ordered
     * stage on another thread accepts. A stale view may let a packet through that accept refuses,
     * but must never drop one that accept would have taken.
     */
    @Test
    void aDispatcherThatChecksWhileAnotherThreadAcceptsNeverDropsAFreshPacket() throws Exception {
        int packets = 200_000;
        ReplayWindow window = new ReplayWindow(128, true);
        long start = (1L << 32) - 100_000; // cross a subspace boundary on the way
        window.accept(start);
        BlockingQueue<Long> decrypted = new ArrayBlockingQueue<>(64);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<long[]> dispatcher = pool.submit(() -> {
                SplittableRandom random = new SplittableRandom(1);
                long droppedEarly = 0;
                long[] block = new long[32];
                for (int base = 1; base <= packets; base += block.length) {
                    for (int i = 0; i < block.length; i++) {
                        block[i] = start + base + i;
                    }
                    for (int i = block.length - 1; i > 0; i--) { // reorder within 32, well inside the window
                        int j = random.nextInt(i + 1);
                        long t = block[i];
                        block[i] = block[j];
                        block[j] = t;
                    }
                    for (long sent : block) {
                        long sequence = window.sequenceFor((int) sent);
                        if (sequence == sent && window.check(sequence) == ReplayVerdict.FRESH) {
                            decrypted.put(sequence);
                        } else {
                            droppedEarly++;
                        }
                    }
                }
                decrypted.put(0L); // end of traffic
                return new long[] {droppedEarly};
            });
            Future<Long> orderedStage = pool.submit(() -> {
                long accepted = 0;
                for (long sequence = decrypted.take(); sequence != 0; sequence = decrypted.take()) {
                    if (window.accept(sequence) == ReplayVerdict.FRESH) {
                        accepted++;
                    }
                }
                return accepted;
            });
            assertThat(dispatcher.get()[0]).as("fresh packets dropped by a stale pre-check").isZero();
            assertThat(orderedStage.get()).isEqualTo(packets);
            assertThat(window.highestAccepted()).isEqualTo(start + packets);
        } finally {
            pool.shutdownNow();
        }
    }

    @Nested
    class ExtendedSequenceNumbers {

        @Test
        void without32BitSequenceNumbersTheWireFieldIsTheNumber() {
            ReplayWindow window = new ReplayWindow(64, false);
            assertThat(window.sequenceFor(-1)).isEqualTo(0xFFFF_FFFFL);
            assertThat(window.sequenceFor(7)).isEqualTo(7);
        }

        @Test
        void caseAWithinOneSubspace() {
            ReplayWindow window = new ReplayWindow(64, true);
            acceptAll(window, SUBSPACE + 1000); // Tl = 1000 >= W - 1: the window is 937..1000 of subspace 1
            assertThat(window.sequenceFor(937)).isEqualTo(SUBSPACE + 937);
            assertThat(window.sequenceFor(1000)).isEqualTo(SUBSPACE + 1000);
            assertThat(window.sequenceFor(5000)).as("ahead in the same subspace").isEqualTo(SUBSPACE + 5000);
            assertThat(window.sequenceFor(936)).as("below the bottom: the next subspace").isEqualTo(2 * SUBSPACE + 936);
            assertThat(window.sequenceFor(0)).isEqualTo(2 * SUBSPACE);
        }

        @Test
        void caseBTheWindowSpansTwoSubspaces() {
            ReplayWindow window = new ReplayWindow(64, true);
            acceptAll(window, SUBSPACE - 20, SUBSPACE + 10); // Tl = 10 < W - 1: the window starts at 2^32 - 53
            assertThat(window.sequenceFor(0xFFFF_FFF0)).as("end of the previous subspace").isEqualTo(0xFFFF_FFF0L);
            assertThat(window.check(window.sequenceFor(0xFFFF_FFEC))).isEqualTo(ReplayVerdict.DUPLICATE);
            assertThat(window.sequenceFor(5)).isEqualTo(SUBSPACE + 5);
            assertThat(window.sequenceFor(100)).as("ahead").isEqualTo(SUBSPACE + 100);
            assertThat(window.sequenceFor((int) (SUBSPACE - 53))).as("bottom edge").isEqualTo(SUBSPACE - 53);
            assertThat(window.sequenceFor((int) (SUBSPACE - 54))).as("just below the bottom: far ahead")
                    .isEqualTo(SUBSPACE + SUBSPACE - 54);
        }

        @Test
        void theSenderRollingOverIntoTheNextSubspaceIsFollowed() {
            ReplayWindow window = new ReplayWindow(128, true);
            long sent = 0xFFFF_FF00L;
            acceptAll(window, sent);
            for (int i = 0; i < 300; i++) {
                sent++;
                long inferred = window.sequenceFor((int) sent);
                assertThat(inferred).as("packet %d", sent).isEqualTo(sent);
                assertThat(window.accept(inferred)).isEqualTo(ReplayVerdict.FRESH);
            }
            assertThat(window.highestAccepted()).isEqualTo(SUBSPACE + 44);
            // A replay from just before the rollover, still inside the window (case B), is a duplicate.
            assertThat(window.sequenceFor(-1)).isEqualTo(SUBSPACE - 1);
            assertThat(window.check(window.sequenceFor(-1))).isEqualTo(ReplayVerdict.DUPLICATE);
            for (int i = 0; i < 700; i++) {
                sent++;
                window.accept(window.sequenceFor((int) sent));
            }
            // Once the window has left it behind, those 32 bits can only mean the next subspace:
            // the check passes and the ICV, computed over the wrong high half, rejects the replay.
            assertThat(window.sequenceFor(-1)).isEqualTo(2 * SUBSPACE - 1);
        }

        @Test
        void numbersFromBeforeTheSaBeganAreImpossible() {
            ReplayWindow window = new ReplayWindow(64, true);
            // Nothing accepted: T = 0 is case B, and the "previous subspace" does not exist.
            assertThat(window.sequenceFor(-1)).isEqualTo(ReplayWindow.IMPOSSIBLE_SEQUENCE);
            assertThat(window.sequenceFor(-63)).isEqualTo(ReplayWindow.IMPOSSIBLE_SEQUENCE);
            assertThat(window.sequenceFor(-64)).as("just below the bottom: ahead").isEqualTo(SUBSPACE - 64);
            assertThat(window.sequenceFor(1)).isEqualTo(1);
            assertThat(window.check(window.sequenceFor(-1))).isEqualTo(ReplayVerdict.TOO_OLD);
        }

        @Test
        void thereIsNoSubspaceAfterTheLast() {
            ReplayWindow window = new ReplayWindow(64, true);
            acceptAll(window, -1000L); // Th = 0xFFFFFFFF
            assertThat(window.sequenceFor(-1)).isEqualTo(-1L);
            assertThat(window.sequenceFor(5)).isEqualTo(ReplayWindow.IMPOSSIBLE_SEQUENCE);
        }

        /** RFC 4303 A2.2 places the 32 bits at the one number in [T - W + 1, T - W + 2^32]. */
        @Test
        void inferenceRecoversEveryNumberInTheSpanItCovers() {
            SplittableRandom random = new SplittableRandom(4303);
            List<String> wrong = new ArrayList<>();
            for (int trial = 0; trial < 2_000; trial++) {
                int size = 64 + random.nextInt(5000);
                ReplayWindow window = new ReplayWindow(size, true);
                long top = switch (trial % 4) {
                    case 0 -> size + random.nextLong(SUBSPACE * 8);
                    case 1 -> (1 + random.nextLong(1000)) * SUBSPACE + random.nextLong(size); // case B
                    case 2 -> (1 + random.nextLong(1000)) * SUBSPACE - random.nextLong(size); // end of a subspace
                    default -> size + random.nextLong(Long.MAX_VALUE - size);
                };
                window.accept(top);
                long bottom = top - size + 1;
                for (int probe = 0; probe < 20; probe++) {
                    long sequence = switch (probe) {
                        case 0 -> bottom;
                        case 1 -> top;
                        case 2 -> bottom + SUBSPACE - 1;
                        default -> bottom + random.nextLong(SUBSPACE);
                    };
                    long inferred = window.sequenceFor((int) sequence);
                    if (inferred != sequence) {
                        wrong.add("T=" + top + " W=" + size + " seq=" + sequence + " inferred " + inferred);
                    }
                }
            }
            assertThat(wrong).isEmpty();
        }
    }
}
