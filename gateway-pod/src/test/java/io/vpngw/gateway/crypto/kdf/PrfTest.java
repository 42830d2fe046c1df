package io.vpngw.gateway.crypto.kdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vpngw.gateway.crypto.JceEngines;
import io.vpngw.gateway.crypto.KnownAnswerFile;
import io.vpngw.gateway.crypto.KnownAnswerFile.Case;
import io.vpngw.gateway.crypto.PrfAlgorithm;
import io.vpngw.gateway.crypto.SecretBytes;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class PrfTest {

    static Stream<Case> prfVectors() {
        return KnownAnswerFile.load("/crypto/hmac-prf-and-integrity.txt").stream().filter(c -> c.has("prf"));
    }

    /** RFC 4868 §2.7.1 (the RFC 4231 cases) and RFC 2202 for SHA-1. */
    @ParameterizedTest
    @MethodSource("prfVectors")
    void matchesThePublishedPrfOutputs(Case vector) {
        Prf prf = new Prf(PrfAlgorithm.valueOf(vector.text("prf")));
        byte[] data = vector.bytes("data");
        byte[] expected = vector.bytes("output");
        assertThat(prf.compute(vector.bytes("key"), data)).isEqualTo(expected);
        assertThat(prf.compute(SecretBytes.copyOf(vector.bytes("key")),
                Arrays.copyOf(data, 5), Arrays.copyOfRange(data, 5, data.length)))
                .as("data given in parts is concatenated").isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(PrfAlgorithm.class)
    void prfPlusAgreesWithTheTextbookConstruction(PrfAlgorithm algorithm) throws Exception {
        Prf prf = new Prf(algorithm);
        byte[] key = "a key that is not the block size".getBytes();
        byte[] seed = "Ni | Nr | SPIi | SPIr stands in here".getBytes();
        int out = algorithm.outputLength();
        for (int length : new int[] {1, out - 1, out, out + 1, 3 * out + 7, 255 * out}) {
            assertThat(prf.expand(SecretBytes.copyOf(key), seed, length).toByteArray())
                    .as("%d bytes", length)
                    .isEqualTo(ReferencePrfPlus.prfPlus(JceEngines.hmacName(algorithm), key, seed, length));
        }
    }

    @ParameterizedTest
    @EnumSource(PrfAlgorithm.class)
    void prfPlusStartsWithPrfOfSeedAndOne(PrfAlgorithm algorithm) {
        Prf prf = new Prf(algorithm);
        SecretBytes key = SecretBytes.copyOf(new byte[] {1, 2, 3});
        byte[] seed = {9, 8, 7};
        assertThat(prf.expand(key, seed, algorithm.outputLength()).toByteArray())
                .isEqualTo(prf.compute(key, seed, new byte[] {1}));
    }

    @ParameterizedTest
    @EnumSource(PrfAlgorithm.class)
    void prfPlusStopsAt255Blocks(PrfAlgorithm algorithm) {
        Prf prf = new Prf(algorithm);
        assertThat(prf.maxExpansionLength()).isEqualTo(255 * algorithm.outputLength());
        assertThatThrownBy(() -> prf.expand(SecretBytes.copyOf(new byte[] {1}), new byte[0], prf.maxExpansionLength() + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(PrfAlgorithm.class)
    void refusesAnEmptyKey(PrfAlgorithm algorithm) {
        Prf prf = new Prf(algorithm);
        assertThatThrownBy(() -> prf.compute(new byte[0], new byte[] {1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> prf.expand(SecretBytes.empty(), new byte[] {1}, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
