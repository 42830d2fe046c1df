package io.vpngw.gateway.tun;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class InternetChecksumTest {

    @Test
    void agreesWithAWordByWordSumForEveryLengthAndAlignment() {
        Random random = new Random(42);
        for (int length = 0; length < 300; length++) {
            byte[] data = new byte[length + 7];
            random.nextBytes(data);
            for (int offset = 0; offset < 7; offset++) {
                assertThat(InternetChecksum.finish(InternetChecksum.add(0, data, offset, length)))
                        .as("length %d at offset %d", length, offset)
                        .isEqualTo(Ipv4Packets.checksum(data, offset, length, 0));
            }
        }
    }

    @Test
    void theRfc1071Example() {
        byte[] data = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
        // RFC 1071 §3: the sum is ddf2, so the checksum is its complement.
        assertThat(InternetChecksum.finish(InternetChecksum.add(0, data, 0, data.length))).isEqualTo(~0xddf2 & 0xFFFF);
    }
}
