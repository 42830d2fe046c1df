package io.vpngw.gateway.crypto.esp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.crypto.KnownAnswerFile;
import io.vpngw.gateway.crypto.KnownAnswerFile.Case;
import io.vpngw.gateway.crypto.ProtectionSuite;
import io.vpngw.gateway.crypto.SecretBytes;
import io.vpngw.gateway.crypto.Suites;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Whole ESP packets from RFC 7634 Appendix A and draft-mcgrew-gcm-test-01 (crypto/esp-aead-packets.txt). */
class AeadEspCipherTest {

    private static final int OFFSET = 7;

    static Stream<Case> packets() {
        return KnownAnswerFile.load("/crypto/esp-aead-packets.txt").stream();
    }

    @ParameterizedTest
    @MethodSource("packets")
    void opensThePublishedPacket(Case vector) {
        byte[] packet = vector.bytes("packet");
        byte[] buffer = placed(packet);
        OpenedPacket opened = new OpenedPacket();
        EspVerdict verdict = cipher(vector).open(buffer, OFFSET, packet.length, highBits(vector), opened);

        assertThat(verdict).isEqualTo(EspVerdict.OPENED);
        assertThat(opened.payloadOffset()).isEqualTo(OFFSET + 16);
        assertThat(Arrays.copyOfRange(buffer, opened.payloadOffset(), opened.payloadOffset() + opened.payloadLength()))
                .isEqualTo(vector.bytes("payload"));
        assertThat(opened.nextHeader()).isEqualTo(vector.integer("next_header"));
        assertThat(opened.sequenceNumber()).isEqualTo(vector.unsignedLong("sequence"));
    }

    /** Sealing with the sender's IV reproduces the published packet, padding and all. */
    @ParameterizedTest
    @MethodSource("packets")
    void sealsToThePublishedPacket(Case vector) throws Exception {
        byte[] expected = vector.bytes("packet");
        byte[] payload = vector.bytes("payload");
        AeadEspCipher cipher = cipher(vector);
        assertThat(cipher.sealedLength(payload.length)).isEqualTo(expected.length);
        byte[] buffer = new byte[OFFSET + expected.length + 5];
        System.arraycopy(payload, 0, buffer, OFFSET + cipher.headerLength(), payload.length);

        int length = cipher.seal(buffer, OFFSET, payload.length, vector.integer("next_header"),
                vector.unsignedLong("sequence"), vector.unsignedLong("iv"));

        assertThat(length).isEqualTo(expected.length);
        assertThat(Arrays.copyOfRange(buffer, OFFSET, OFFSET + length)).isEqualTo(expected);
        assertThat(buffer[OFFSET - 1]).isZero();
        assertThat(buffer[OFFSET + length]).as("nothing written past the packet").isZero();
    }

    @ParameterizedTest
    @MethodSource("packets")
    void anyFlippedBitIsRefused(Case vector) {
        byte[] packet = vector.bytes("packet");
        AeadEspCipher cipher = cipher(vector);
        for (int position = 0; position < packet.length; position++) {
            byte[] buffer = placed(packet);
            buffer[OFFSET + position] ^= 0x20;
            EspVerdict verdict = cipher.open(buffer, OFFSET, packet.length, highBits(vector), new OpenedPacket());
            assertThat(verdict).as("bit flipped at %d", position)
                    .isEqualTo(position < 4 ? EspVerdict.WRONG_SPI : EspVerdict.INTEGRITY_CHECK_FAILED);
        }
    }

    /** With ESN the high 32 bits are authenticated though not sent: a wrong guess must fail (RFC 4303 App. A). */
    @ParameterizedTest
    @MethodSource("packets")
    void theSequenceNumberHighBitsAreAuthenticatedWithEsn(Case vector) {
        byte[] packet = vector.bytes("packet");
        EspVerdict verdict = cipher(vector).open(placed(packet), OFFSET, packet.length, highBits(vector) + 1, new OpenedPacket());
        assertThat(verdict).isEqualTo(Boolean.parseBoolean(vector.text("esn"))
                ? EspVerdict.INTEGRITY_CHECK_FAILED : EspVerdict.OPENED);
    }

    private static AeadEspCipher cipher(Case vector) {
        ProtectionSuite.Aead suite = (ProtectionSuite.Aead) Suites.parse(vector.text("suite"));
        return new AeadEspCipher(suite, SecretBytes.copyOf(vector.bytes("keymat")), (int) vector.unsignedLong("spi"),
                Boolean.parseBoolean(vector.text("esn")));
    }

    private static int highBits(Case vector) {
        return (int) (vector.unsignedLong("sequence") >>> 32);
    }

    private static byte[] placed(byte[] packet) {
        byte[] buffer = new byte[OFFSET + packet.length + 3];
        System.arraycopy(packet, 0, buffer, OFFSET, packet.length);
        return buffer;
    }
}
