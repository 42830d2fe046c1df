package io.vpngw.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

class KeyAlgorithmTest {

    @Test
    void defaultIsEcdsaOnP256() {
        KeyPair keys = KeyAlgorithm.defaultAlgorithm().generateKeyPair(TestPki.seededRandom(1));

        assertThat(KeyAlgorithm.defaultAlgorithm()).isEqualTo(KeyAlgorithm.EC_P256);
        assertThat(keys.getPublic()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) keys.getPublic()).getParams().getOrder().bitLength()).isEqualTo(256);
        assertThat(KeyAlgorithm.of(keys.getPublic())).contains(KeyAlgorithm.EC_P256);
    }

    @Test
    void rsaIs3072BitsWithTheUsualExponent() {
        RSAPublicKey key = (RSAPublicKey) TestPki.rsaKeys().getPublic();

        assertThat(key.getModulus().bitLength()).isEqualTo(3072);
        assertThat(key.getPublicExponent().intValue()).isEqualTo(65537);
        assertThat(KeyAlgorithm.of(key)).contains(KeyAlgorithm.RSA_3072);
    }

    @Test
    void otherKeysAreNoneOfOurs() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);

        assertThat(KeyAlgorithm.of(ec.generateKeyPair().getPublic())).isEmpty();
        assertThat(KeyAlgorithm.of(rsa.generateKeyPair().getPublic())).isEmpty();
        assertThat(KeyAlgorithm.of(TestPki.opensslRoot().getPublicKey())).isEmpty();
    }

    @Test
    void sameSeedSameKey() {
        assertThat(KeyAlgorithm.EC_P256.generateKeyPair(TestPki.seededRandom(7)).getPublic())
                .isEqualTo(KeyAlgorithm.EC_P256.generateKeyPair(TestPki.seededRandom(7)).getPublic())
                .isNotEqualTo(KeyAlgorithm.EC_P256.generateKeyPair(TestPki.seededRandom(8)).getPublic());
    }
}
