package io.vpngw.gateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vpngw.gateway.crypto.KnownAnswerFile.Case;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The integrity transforms against RFC 4868 §2.7.2 and RFC 2202/2404 (crypto/hmac-prf-and-integrity.txt). */
class TruncatedHmacTest {

    static Stream<Case> authenticatorVectors() {
        return KnownAnswerFile.load("/crypto/hmac-prf-and-integrity.txt").stream().filter(c -> c.has("integrity"));
    }

    @ParameterizedTest
    @MethodSource("authenticatorVectors")
    void producesTheTruncatedIcv(Case vector) {
        IntegrityAlgorithm algorithm = IntegrityAlgorithm.valueOf(vector.text("integrity"));
        byte[] data = vector.bytes("data");
        byte[] expected = vector.bytes("icv");
        assertThat(expected).hasSize(algorithm.icvLength());
        assertThat(vector.bytes("prf_output")).startsWith(expected);

        TruncatedHmac hmac = new TruncatedHmac(algorithm, SecretBytes.copyOf(vector.bytes("key")));
        byte[] output = new byte[algorithm.icvLength() + 2];
        hmac.update(data, 0, 3);
        hmac.update(data, 3, data.length - 3);
        hmac.finishInto(output, 1);
        assertThat(Arrays.copyOfRange(output, 1, 1 + algorithm.icvLength())).isEqualTo(expected);
        assertThat(output[0]).isZero();
        assertThat(output[output.length - 1]).as("writes exactly the ICV length").isZero();

        hmac.update(data, 0, data.length);
        assertThat(hmac.finishAndVerify(expected, 0)).as("instance is reusable after finishing").isTrue();
    }

    @ParameterizedTest
    @MethodSource("authenticatorVectors")
    void rejectsAFlippedIcvBit(Case vector) {
        IntegrityAlgorithm algorithm = IntegrityAlgorithm.valueOf(vector.text("integrity"));
        TruncatedHmac hmac = new TruncatedHmac(algorithm, SecretBytes.copyOf(vector.bytes("key")));
        byte[] icv = vector.bytes("icv");
        icv[icv.length - 1] ^= 0x01;
        byte[] data = vector.bytes("data");
        hmac.update(data, 0, data.length);
        assertThat(hmac.finishAndVerify(icv, 0)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("authenticatorVectors")
    void refusesKeysOfTheWrongLength(Case vector) {
        IntegrityAlgorithm algorithm = IntegrityAlgorithm.valueOf(vector.text("integrity"));
        assertThatThrownBy(() -> new TruncatedHmac(algorithm, SecretBytes.copyOf(new byte[algorithm.keyLength() - 1])))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
