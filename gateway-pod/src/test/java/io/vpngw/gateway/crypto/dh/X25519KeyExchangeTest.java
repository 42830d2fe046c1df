package io.vpngw.gateway.crypto.dh;

import static io.vpngw.gateway.crypto.KnownAnswerFile.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vpngw.gateway.crypto.DiffieHellmanGroup;
import io.vpngw.gateway.crypto.dh.InvalidPeerPublicValueException.Reason;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class X25519KeyExchangeTest {

    /** RFC 7748 §5.2, first test vector. */
    @Test
    void rfc7748Section52FirstVector() throws Exception {
        assertThat(x25519("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
                "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))
                .isEqualTo(hex("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"));
    }

    /** RFC 7748 §5.2, second test vector: the u-coordinate has its top bit set, which must be masked. */
    @Test
    void rfc7748Section52SecondVectorMasksTheTopBit() throws Exception {
        assertThat(x25519("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
                "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))
                .isEqualTo(hex("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"));
    }

    /** RFC 7748 §5.2, iterated test: k = u = 9, then (k, u) = (X25519(k, u), k); after 1 and 1,000 rounds. */
    @Test
    void rfc7748Section52Iterations() throws Exception {
        byte[] k = new byte[32];
        k[0] = 9;
        byte[] u = k.clone();
        for (int round = 1; round <= 1000; round++) {
            byte[] next = X25519KeyExchange.fromPrivateScalar(k).sharedSecret(u).toByteArray();
            u = k;
            k = next;
            if (round == 1) {
                assertThat(k).isEqualTo(hex("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079"));
            }
        }
        assertThat(k).isEqualTo(hex("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51"));
    }

    /** RFC 7748 §6.1, "Curve25519": both public keys and the shared secret. */
    @Test
    void rfc7748Section61DiffieHellman() throws Exception {
        X25519KeyExchange alice = X25519KeyExchange.fromPrivateScalar(
                hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        X25519KeyExchange bob = X25519KeyExchange.fromPrivateScalar(
                hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
        assertThat(alice.publicValue()).isEqualTo(hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"));
        assertThat(bob.publicValue()).isEqualTo(hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"));
        byte[] shared = hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
        assertThat(alice.sharedSecret(bob.publicValue()).toByteArray()).isEqualTo(shared);
        assertThat(bob.sharedSecret(alice.publicValue()).toByteArray()).isEqualTo(shared);
    }

    @Test
    void generatedPartiesAgree() throws Exception {
        SecureRandom random = new SecureRandom();
        KeyExchange initiator = KeyExchange.generate(DiffieHellmanGroup.CURVE25519, random);
        KeyExchange responder = KeyExchange.generate(DiffieHellmanGroup.CURVE25519, random);
        assertThat(initiator.publicValue()).hasSize(32);
        assertThat(initiator.sharedSecret(responder.publicValue()).toByteArray())
                .isEqualTo(responder.sharedSecret(initiator.publicValue()).toByteArray());
    }

    /**
     * The points of order 1, 2, 4 and 8 and their non-canonical encodings: each makes X25519 output
     * all zeros, which RFC 8031 §2.1 / RFC 7748 §6.1 require to be refused.
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "0000000000000000000000000000000000000000000000000000000000000000",
            "0100000000000000000000000000000000000000000000000000000000000000",
            "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
            "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"})
    void refusesLowOrderPoints(String point) {
        KeyExchange exchange = KeyExchange.generate(DiffieHellmanGroup.CURVE25519, new SecureRandom());
        assertThatThrownBy(() -> exchange.sharedSecret(hex(point)))
                .isInstanceOfSatisfying(InvalidPeerPublicValueException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.LOW_ORDER_POINT));
    }

    @Test
    void refusesValuesOfTheWrongLength() {
        KeyExchange exchange = KeyExchange.generate(DiffieHellmanGroup.CURVE25519, new SecureRandom());
        for (int length : new int[] {0, 31, 33, 64}) {
            assertThatThrownBy(() -> exchange.sharedSecret(new byte[length]))
                    .isInstanceOfSatisfying(InvalidPeerPublicValueException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_LENGTH));
        }
    }

    private static byte[] x25519(String scalar, String u) throws InvalidPeerPublicValueException {
        return X25519KeyExchange.fromPrivateScalar(hex(scalar)).sharedSecret(hex(u)).toByteArray();
    }
}
