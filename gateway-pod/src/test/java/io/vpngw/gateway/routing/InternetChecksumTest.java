package io.vpngw.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InternetChecksumTest {

    /** RFC 1071 §3's worked example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2. */
    @Test
    void sumsTheRfc1071Example() {
        byte[] data = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
        assertThat(InternetChecksum.sum(data, 0, data.length, 0)).isEqualTo(0xddf2);
        assertThat(InternetChecksum.finish(0xddf2)).isEqualTo(0x220d);
    }

    @Test
    void anOddLastOctetIsPaddedWithZero() {
        byte[] data = {0x12, 0x34, 0x56};
        assertThat(InternetChecksum.sum(data, 0, 3, 0)).isEqualTo(0x1234 + 0x5600);
    }

    @Test
    void theIncrementalUpdateAgreesWithRecomputingForAnyChangeOfAnyWord() {
        SplittableRandom random = new SplittableRandom(1624);
        for (int trial = 0; trial < 20_000; trial++) {
            byte[] data = new byte[2 + 2 * random.nextInt(40)];
            if (trial % 3 == 0) {
                java.util.Arrays.fill(data, (byte) 0xFF); // sums near the one's complement wrap
            } else {
                random.nextBytes(data);
            }
            int checksum = InternetChecksum.finish(InternetChecksum.sum(data, 0, data.length, 0));
            int at = 2 * random.nextInt(data.length / 2);
            int oldWord = (data[at] & 0xFF) << 8 | data[at + 1] & 0xFF;
            int newWord = trial % 5 == 0 ? 0 : random.nextInt(0x10000);
            data[at] = (byte) (newWord >>> 8);
            data[at + 1] = (byte) newWord;
            int recomputed = InternetChecksum.finish(InternetChecksum.sum(data, 0, data.length, 0));
            int updated = InternetChecksum.update(checksum, oldWord, newWord);
            // 0x0000 and 0xFFFF are both zero in one's complement; the data verify either way.
            assertThat(updated == recomputed || (updated ^ recomputed) == 0xFFFF && (updated == 0 || recomputed == 0))
                    .as("trial %d: updated %04x, recomputed %04x", trial, updated, recomputed).isTrue();
        }
    }
}
