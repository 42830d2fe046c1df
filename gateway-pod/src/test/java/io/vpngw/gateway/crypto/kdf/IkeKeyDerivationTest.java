package io.vpngw.gateway.crypto.kdf;

import static io.vpngw.gateway.crypto.KnownAnswerFile.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.crypto.DirectionalKeys;
import io.vpngw.gateway.crypto.EncryptionTransform;
import io.vpngw.gateway.crypto.IntegrityAlgorithm;
import io.vpngw.gateway.crypto.JceEngines;
import io.vpngw.gateway.crypto.KnownAnswerFile;
import io.vpngw.gateway.crypto.KnownAnswerFile.Case;
import io.vpngw.gateway.crypto.PrfAlgorithm;
import io.vpngw.gateway.crypto.ProtectionSuite;
import io.vpngw.gateway.crypto.SecretBytes;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class IkeKeyDerivationTest {

    private static final ProtectionSuite AES_CBC_128_SHA1 = new ProtectionSuite.EncryptThenMac(
            EncryptionTransform.aesCbc(128), IntegrityAlgorithm.AUTH_HMAC_SHA1_96);
    private static final ProtectionSuite AES_CBC_256_SHA256 = new ProtectionSuite.EncryptThenMac(
            EncryptionTransform.aesCbc(256), IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128);
    private static final ProtectionSuite AES_GCM_256 = new ProtectionSuite.Aead(EncryptionTransform.aesGcm16(256));

    static Stream<Case> cavpVectors() {
        return KnownAnswerFile.load("/crypto/ikev2-kdf-nist-cavp.txt").stream();
    }

    @ParameterizedTest
    @MethodSource("cavpVectors")
    void skeyseedMatchesNistCavp(Case vector) {
        SecretBytes skeyseed = IkeKeyDerivation.skeyseed(prf(vector), vector.bytes("ni"), vector.bytes("nr"),
                SecretBytes.copyOf(vector.bytes("gir")));
        assertThat(skeyseed.toByteArray()).isEqualTo(vector.bytes("skeyseed"));
    }

    /**
     * CAVP's DKM is the first 132 bytes of prf+(SKEYSEED, Ni | Nr | SPIi | SPIr). The IKE SA keys,
     * concatenated in RFC 7296 §2.14 order, must begin with it whatever the suite.
     */
    @ParameterizedTest
    @MethodSource("cavpVectors")
    void ikeSaKeysAreTheNistCavpKeyingMaterialInOrder(Case vector) {
        PrfAlgorithm prf = prf(vector);
        byte[] dkm = vector.bytes("dkm");
        SecretBytes skeyseed = SecretBytes.copyOf(vector.bytes("skeyseed"));
        for (ProtectionSuite suite : new ProtectionSuite[] {AES_CBC_128_SHA1, AES_CBC_256_SHA256, AES_GCM_256}) {
            IkeSaKeys keys = IkeKeyDerivation.ikeSaKeys(prf, suite, skeyseed, vector.bytes("ni"), vector.bytes("nr"),
                    vector.unsignedLong("spii"), vector.unsignedLong("spir"));
            byte[] concatenated = concat(keys.skD(), keys.skAi(), keys.skAr(), keys.skEi(), keys.skEr(), keys.skPi(), keys.skPr());
            int compared = Math.min(dkm.length, concatenated.length);
            assertThat(Arrays.copyOf(concatenated, compared)).as(suite.toString()).isEqualTo(Arrays.copyOf(dkm, compared));
            assertThat(keys.skD().length()).isEqualTo(prf.preferredKeyLength());
            assertThat(keys.skPr().length()).isEqualTo(prf.preferredKeyLength());
            assertThat(keys.skAi().length()).isEqualTo(suite.integrityKeyLength());
            assertThat(keys.skEr().length()).isEqualTo(suite.encryptionKeyLength());
        }
        assertThat(new Prf(prf).expand(skeyseed, ReferencePrfPlus.concat(vector.bytes("ni"), vector.bytes("nr"),
                vector.bytes("spii"), vector.bytes("spir")), dkm.length).toByteArray()).isEqualTo(dkm);
    }

    /** SHA-1 AES-CBC-128 HMAC-SHA1-96 asks prf+ for exactly the 132 bytes CAVP prints. */
    @Test
    void cavpSha1KeyingMaterialIsExactlyOneAesCbc128Sha1Schedule() {
        Case vector = cavpVectors().filter(c -> c.name().contains("SHA-1")).findFirst().orElseThrow();
        IkeSaKeys keys = IkeKeyDerivation.ikeSaKeys(PrfAlgorithm.PRF_HMAC_SHA1, AES_CBC_128_SHA1,
                SecretBytes.copyOf(vector.bytes("skeyseed")), vector.bytes("ni"), vector.bytes("nr"),
                vector.unsignedLong("spii"), vector.unsignedLong("spir"));
        assertThat(concat(keys.skD(), keys.skAi(), keys.skAr(), keys.skEi(), keys.skEr(), keys.skPi(), keys.skPr()))
                .isEqualTo(vector.bytes("dkm"));
    }

    @ParameterizedTest
    @MethodSource("cavpVectors")
    void rekeyedSkeyseedMatchesNistCavp(Case vector) {
        PrfAlgorithm prf = prf(vector);
        SecretBytes skD = SecretBytes.copyOf(Arrays.copyOf(vector.bytes("dkm"), prf.preferredKeyLength()));
        SecretBytes rekeyed = IkeKeyDerivation.rekeyedSkeyseed(prf, skD, SecretBytes.copyOf(vector.bytes("gir_new")),
                vector.bytes("ni"), vector.bytes("nr"));
        assertThat(rekeyed.toByteArray()).isEqualTo(vector.bytes("skeyseed_rekey"));
    }

    /** CAVP "DKM(Child SA)" and "DKM(Child SA D-H)", present in the SHA-1 vector. */
    @Test
    void childSaKeymatMatchesNistCavpWithAndWithoutPfs() {
        Case vector = cavpVectors().filter(c -> c.has("dkm_child")).findFirst().orElseThrow();
        SecretBytes skD = SecretBytes.copyOf(Arrays.copyOf(vector.bytes("dkm"), 20));
        ChildSaKeys plain = IkeKeyDerivation.childSaKeys(PrfAlgorithm.PRF_HMAC_SHA1, AES_CBC_256_SHA256, skD,
                vector.bytes("ni"), vector.bytes("nr"));
        ChildSaKeys pfs = IkeKeyDerivation.childSaKeys(PrfAlgorithm.PRF_HMAC_SHA1, AES_CBC_256_SHA256, skD,
                SecretBytes.copyOf(vector.bytes("gir_new")), vector.bytes("ni"), vector.bytes("nr"));
        assertThat(keymat(plain)).hasSize(128).isEqualTo(Arrays.copyOf(vector.bytes("dkm_child"), 128));
        assertThat(keymat(pfs)).isEqualTo(Arrays.copyOf(vector.bytes("dkm_child_dh"), 128));
    }

    /** The AOSP SaRecordTest exchange: g^ir to SKEYSEED, the seven IKE SA keys, the first Child SA. */
    @Test
    void reproducesTheAospKeySchedule() {
        Case vector = KnownAnswerFile.load("/crypto/aosp-ikev2-key-schedule.txt").getFirst();
        byte[] ni = vector.bytes("ni");
        byte[] nr = vector.bytes("nr");
        SecretBytes skeyseed = IkeKeyDerivation.skeyseed(PrfAlgorithm.PRF_HMAC_SHA1, ni, nr,
                SecretBytes.copyOf(vector.bytes("gir")));
        assertThat(skeyseed.toByteArray()).isEqualTo(vector.bytes("skeyseed"));

        IkeSaKeys keys = IkeKeyDerivation.ikeSaKeys(PrfAlgorithm.PRF_HMAC_SHA1, AES_CBC_128_SHA1, skeyseed, ni, nr,
                vector.unsignedLong("spii"), vector.unsignedLong("spir"));
        assertThat(keys.skD().toByteArray()).isEqualTo(vector.bytes("sk_d"));
        assertThat(keys.skAi().toByteArray()).isEqualTo(vector.bytes("sk_ai"));
        assertThat(keys.skAr().toByteArray()).isEqualTo(vector.bytes("sk_ar"));
        assertThat(keys.skEi().toByteArray()).isEqualTo(vector.bytes("sk_ei"));
        assertThat(keys.skEr().toByteArray()).isEqualTo(vector.bytes("sk_er"));
        assertThat(keys.skPi().toByteArray()).isEqualTo(vector.bytes("sk_pi"));
        assertThat(keys.skPr().toByteArray()).isEqualTo(vector.bytes("sk_pr"));
        assertThat(keys.initiatorToResponder().encryption().toByteArray()).isEqualTo(vector.bytes("sk_ei"));
        assertThat(keys.responderToInitiator().integrity().toByteArray()).isEqualTo(vector.bytes("sk_ar"));

        ChildSaKeys child = IkeKeyDerivation.childSaKeys(PrfAlgorithm.PRF_HMAC_SHA1, AES_CBC_128_SHA1, keys.skD(), ni, nr);
        assertThat(child.initiatorToResponder().encryption().toByteArray()).isEqualTo(vector.bytes("child_encr_i"));
        assertThat(child.initiatorToResponder().integrity().toByteArray()).isEqualTo(vector.bytes("child_integ_i"));
        assertThat(child.responderToInitiator().encryption().toByteArray()).isEqualTo(vector.bytes("child_encr_r"));
        assertThat(child.responderToInitiator().integrity().toByteArray()).isEqualTo(vector.bytes("child_integ_r"));
    }

    /** No published vector uses SHA-512 or AEAD salts; check them against the textbook construction. */
    @ParameterizedTest
    @EnumSource(PrfAlgorithm.class)
    void wholeScheduleAgreesWithTheTextbookConstruction(PrfAlgorithm prf) throws Exception {
        String hmac = JceEngines.hmacName(prf);
        byte[] ni = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        byte[] nr = hex("a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf");
        byte[] gir = new byte[256];
        Arrays.fill(gir, (byte) 0x5a);
        byte[] girNew = new byte[32];
        Arrays.fill(girNew, (byte) 0x3c);
        long spiI = 0x0102030405060708L;
        long spiR = 0xf1f2f3f4f5f6f7f8L;

        byte[] expectedSkeyseed = ReferencePrfPlus.hmac(hmac, ReferencePrfPlus.concat(ni, nr), gir);
        SecretBytes skeyseed = IkeKeyDerivation.skeyseed(prf, ni, nr, SecretBytes.copyOf(gir));
        assertThat(skeyseed.toByteArray()).isEqualTo(expectedSkeyseed);

        int p = prf.outputLength();
        byte[] stream = ReferencePrfPlus.prfPlus(hmac, expectedSkeyseed,
                ReferencePrfPlus.concat(ni, nr, hex("0102030405060708f1f2f3f4f5f6f7f8")), 3 * p + 2 * 36);
        IkeSaKeys keys = IkeKeyDerivation.ikeSaKeys(prf, AES_GCM_256, skeyseed, ni, nr, spiI, spiR);
        assertThat(keys.skD().toByteArray()).isEqualTo(Arrays.copyOfRange(stream, 0, p));
        assertThat(keys.skAi().isEmpty()).isTrue();
        assertThat(keys.skAr().isEmpty()).isTrue();
        assertThat(keys.skEi().toByteArray()).isEqualTo(Arrays.copyOfRange(stream, p, p + 36));
        assertThat(keys.skEr().toByteArray()).isEqualTo(Arrays.copyOfRange(stream, p + 36, p + 72));
        assertThat(keys.skPi().toByteArray()).isEqualTo(Arrays.copyOfRange(stream, p + 72, 2 * p + 72));
        assertThat(keys.skPr().toByteArray()).isEqualTo(Arrays.copyOfRange(stream, 2 * p + 72, 3 * p + 72));

        byte[] skD = keys.skD().toByteArray();
        assertThat(IkeKeyDerivation.rekeyedSkeyseed(prf, keys.skD(), SecretBytes.copyOf(girNew), ni, nr).toByteArray())
                .isEqualTo(ReferencePrfPlus.hmac(hmac, skD, ReferencePrfPlus.concat(girNew, ni, nr)));

        byte[] keymat = ReferencePrfPlus.prfPlus(hmac, skD, ReferencePrfPlus.concat(girNew, ni, nr), 2 * (16 + 32));
        ChildSaKeys child = IkeKeyDerivation.childSaKeys(prf, new ProtectionSuite.EncryptThenMac(
                EncryptionTransform.aesCbc(128), IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128),
                keys.skD(), SecretBytes.copyOf(girNew), ni, nr);
        assertThat(child.initiatorToResponder().encryption().toByteArray()).isEqualTo(Arrays.copyOfRange(keymat, 0, 16));
        assertThat(child.initiatorToResponder().integrity().toByteArray()).isEqualTo(Arrays.copyOfRange(keymat, 16, 48));
        assertThat(child.responderToInitiator().encryption().toByteArray()).isEqualTo(Arrays.copyOfRange(keymat, 48, 64));
        assertThat(child.responderToInitiator().integrity().toByteArray()).isEqualTo(Arrays.copyOfRange(keymat, 64, 96));
    }

    @Test
    void aeadChildKeysCarryTheSaltAndNoIntegrityKey() {
        SecretBytes skD = SecretBytes.copyOf(new byte[32]);
        ChildSaKeys keys = IkeKeyDerivation.childSaKeys(PrfAlgorithm.PRF_HMAC_SHA2_256,
                new ProtectionSuite.Aead(EncryptionTransform.chaCha20Poly1305()), skD, new byte[] {1}, new byte[] {2});
        assertThat(keys.initiatorToResponder().encryption().length()).isEqualTo(36);
        assertThat(keys.initiatorToResponder().integrity().isEmpty()).isTrue();
        assertThat(keys.responderToInitiator().encryption().contentEquals(keys.initiatorToResponder().encryption())).isFalse();
    }

    @Test
    void destroyingTheKeysWipesThem() {
        IkeSaKeys keys = IkeKeyDerivation.ikeSaKeys(PrfAlgorithm.PRF_HMAC_SHA2_256, AES_CBC_256_SHA256,
                SecretBytes.copyOf(new byte[32]), new byte[] {1}, new byte[] {2}, 1, 2);
        keys.destroy();
        assertThat(keys.isDestroyed()).isTrue();
        assertThat(keys.skEi().isDestroyed()).isTrue();
        assertThat(keys.skPr().isDestroyed()).isTrue();
    }

    private static PrfAlgorithm prf(Case vector) {
        return PrfAlgorithm.valueOf(vector.text("prf"));
    }

    private static byte[] keymat(ChildSaKeys keys) {
        DirectionalKeys i = keys.initiatorToResponder();
        DirectionalKeys r = keys.responderToInitiator();
        return concat(i.encryption(), i.integrity(), r.encryption(), r.integrity());
    }

    private static byte[] concat(SecretBytes... parts) {
        return ReferencePrfPlus.concat(Arrays.stream(parts).map(SecretBytes::toByteArray).toArray(byte[][]::new));
    }
}
