package io.vpngw.gateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Wire numbers and sizes against the IANA "IKEv2 Parameters" registry and the RFCs that define them. */
class TransformIdentifiersTest {

    @Test
    void encryptionTransformIdsMatchTheIanaRegistry() {
        assertThat(EncryptionAlgorithm.ENCR_3DES.id()).isEqualTo(3);
        assertThat(EncryptionAlgorithm.ENCR_NULL.id()).isEqualTo(11);
        assertThat(EncryptionAlgorithm.ENCR_AES_CBC.id()).isEqualTo(12);
        assertThat(EncryptionAlgorithm.ENCR_AES_GCM_16.id()).isEqualTo(20);
        assertThat(EncryptionAlgorithm.ENCR_CHACHA20_POLY1305.id()).isEqualTo(28);
    }

    @Test
    void prfIntegrityAndGroupIdsMatchTheIanaRegistry() {
        assertThat(PrfAlgorithm.PRF_HMAC_SHA1.id()).isEqualTo(2);
        assertThat(PrfAlgorithm.PRF_HMAC_SHA2_256.id()).isEqualTo(5);
        assertThat(PrfAlgorithm.PRF_HMAC_SHA2_384.id()).isEqualTo(6);
        assertThat(PrfAlgorithm.PRF_HMAC_SHA2_512.id()).isEqualTo(7);
        assertThat(IntegrityAlgorithm.AUTH_HMAC_SHA1_96.id()).isEqualTo(2);
        assertThat(IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128.id()).isEqualTo(12);
        assertThat(IntegrityAlgorithm.AUTH_HMAC_SHA2_384_192.id()).isEqualTo(13);
        assertThat(IntegrityAlgorithm.AUTH_HMAC_SHA2_512_256.id()).isEqualTo(14);
        assertThat(DiffieHellmanGroup.MODP_1024.id()).isEqualTo(2);
        assertThat(DiffieHellmanGroup.MODP_2048.id()).isEqualTo(14);
        assertThat(DiffieHellmanGroup.ECP_256.id()).isEqualTo(19);
        assertThat(DiffieHellmanGroup.ECP_384.id()).isEqualTo(20);
        assertThat(DiffieHellmanGroup.MODP_2048_256.id()).isEqualTo(24);
        assertThat(DiffieHellmanGroup.CURVE25519.id()).isEqualTo(31);
    }

    @Test
    void wireIdsResolveBackAndUnknownIdsResolveToNothing() {
        for (EncryptionAlgorithm algorithm : EncryptionAlgorithm.values()) {
            assertThat(EncryptionAlgorithm.fromId(algorithm.id())).contains(algorithm);
        }
        for (IntegrityAlgorithm algorithm : IntegrityAlgorithm.values()) {
            assertThat(IntegrityAlgorithm.fromId(algorithm.id())).contains(algorithm);
        }
        for (PrfAlgorithm algorithm : PrfAlgorithm.values()) {
            assertThat(PrfAlgorithm.fromId(algorithm.id())).contains(algorithm);
        }
        for (DiffieHellmanGroup group : DiffieHellmanGroup.values()) {
            assertThat(DiffieHellmanGroup.fromId(group.id())).contains(group);
        }
        assertThat(EncryptionAlgorithm.fromId(13)).as("ENCR_AES_CTR is not implemented").isEmpty();
        assertThat(IntegrityAlgorithm.fromId(5)).as("AUTH_AES_XCBC_96 is not implemented").isEmpty();
        assertThat(PrfAlgorithm.fromId(4)).as("PRF_AES128_XCBC is not implemented").isEmpty();
        assertThat(DiffieHellmanGroup.fromId(1)).as("768-bit MODP is not implemented").isEmpty();
    }

    @Test
    void aeadSizesFollowRfc4106Rfc5282AndRfc7634() {
        for (EncryptionAlgorithm aead : new EncryptionAlgorithm[] {
                EncryptionAlgorithm.ENCR_AES_GCM_16, EncryptionAlgorithm.ENCR_CHACHA20_POLY1305}) {
            assertThat(aead.isAead()).isTrue();
            assertThat(aead.ivLength()).isEqualTo(8);
            assertThat(aead.saltLength()).isEqualTo(4);
            assertThat(aead.icvLength()).isEqualTo(16);
        }
        assertThat(EncryptionTransform.aesGcm16(128).keyMaterialLength()).isEqualTo(20);
        assertThat(EncryptionTransform.aesGcm16(192).keyMaterialLength()).isEqualTo(28);
        assertThat(EncryptionTransform.aesGcm16(256).keyMaterialLength()).isEqualTo(36);
        assertThat(EncryptionTransform.chaCha20Poly1305().keyMaterialLength()).isEqualTo(36);
    }

    @Test
    void cbcAndNullSizes() {
        assertThat(EncryptionAlgorithm.ENCR_AES_CBC.blockSize()).isEqualTo(16);
        assertThat(EncryptionAlgorithm.ENCR_AES_CBC.ivLength()).isEqualTo(16);
        assertThat(EncryptionAlgorithm.ENCR_3DES.blockSize()).isEqualTo(8);
        assertThat(EncryptionTransform.tripleDes().keyMaterialLength()).isEqualTo(24);
        assertThat(EncryptionTransform.aesCbc(256).keyMaterialLength()).isEqualTo(32);
        assertThat(EncryptionTransform.nullEncryption().keyMaterialLength()).isZero();
        assertThat(EncryptionAlgorithm.ENCR_NULL.ivLength()).isZero();
    }

    @Test
    void onlyVariableKeyLengthAlgorithmsCarryTheKeyLengthAttribute() {
        assertThat(EncryptionAlgorithm.ENCR_AES_CBC.requiresKeyLengthAttribute()).isTrue();
        assertThat(EncryptionAlgorithm.ENCR_AES_GCM_16.requiresKeyLengthAttribute()).isTrue();
        assertThat(EncryptionAlgorithm.ENCR_CHACHA20_POLY1305.requiresKeyLengthAttribute()).isFalse();
        assertThat(EncryptionAlgorithm.ENCR_3DES.requiresKeyLengthAttribute()).isFalse();
    }

    @Test
    void integrityAndPrfSizesFollowRfc4868() {
        assertThat(IntegrityAlgorithm.AUTH_HMAC_SHA1_96.keyLength()).isEqualTo(20);
        assertThat(IntegrityAlgorithm.AUTH_HMAC_SHA1_96.icvLength()).isEqualTo(12);
        assertThat(IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128.keyLength()).isEqualTo(32);
        assertThat(IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128.icvLength()).isEqualTo(16);
        assertThat(IntegrityAlgorithm.AUTH_HMAC_SHA2_384_192.keyLength()).isEqualTo(48);
        assertThat(IntegrityAlgorithm.AUTH_HMAC_SHA2_384_192.icvLength()).isEqualTo(24);
        assertThat(IntegrityAlgorithm.AUTH_HMAC_SHA2_512_256.keyLength()).isEqualTo(64);
        assertThat(IntegrityAlgorithm.AUTH_HMAC_SHA2_512_256.icvLength()).isEqualTo(32);
        assertThat(PrfAlgorithm.PRF_HMAC_SHA2_384.preferredKeyLength()).isEqualTo(48);
    }

    @Test
    void keyExchangeLengthsFollowRfc5903AndRfc8031() {
        assertThat(DiffieHellmanGroup.ECP_256.publicValueLength()).isEqualTo(64);
        assertThat(DiffieHellmanGroup.ECP_256.sharedSecretLength()).isEqualTo(32);
        assertThat(DiffieHellmanGroup.ECP_384.publicValueLength()).isEqualTo(96);
        assertThat(DiffieHellmanGroup.CURVE25519.publicValueLength()).isEqualTo(32);
        assertThat(DiffieHellmanGroup.MODP_2048_256.publicValueLength()).isEqualTo(256);
        assertThat(DiffieHellmanGroup.MODP_1024.sharedSecretLength()).isEqualTo(128);
    }

    @Test
    void unsupportedKeySizesAreRefused() {
        assertThat(EncryptionTransform.of(EncryptionAlgorithm.ENCR_AES_CBC, 100)).isEmpty();
        assertThat(EncryptionTransform.of(EncryptionAlgorithm.ENCR_CHACHA20_POLY1305, 128)).isEmpty();
        assertThat(EncryptionTransform.of(EncryptionAlgorithm.ENCR_AES_GCM_16, 192)).contains(EncryptionTransform.aesGcm16(192));
        assertThatThrownBy(() -> new EncryptionTransform(EncryptionAlgorithm.ENCR_3DES, 128))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void suitesPairOnlyCompatibleTransforms() {
        ProtectionSuite aead = new ProtectionSuite.Aead(EncryptionTransform.aesGcm16(256));
        assertThat(aead.integrityKeyLength()).isZero();
        assertThat(aead.icvLength()).isEqualTo(16);
        ProtectionSuite cbc = new ProtectionSuite.EncryptThenMac(EncryptionTransform.aesCbc(128),
                IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128);
        assertThat(cbc.encryptionKeyLength()).isEqualTo(16);
        assertThat(cbc.integrityKeyLength()).isEqualTo(32);
        assertThat(cbc.icvLength()).isEqualTo(16);
        assertThatThrownBy(() -> new ProtectionSuite.Aead(EncryptionTransform.aesCbc(128)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProtectionSuite.EncryptThenMac(EncryptionTransform.chaCha20Poly1305(),
                IntegrityAlgorithm.AUTH_HMAC_SHA1_96)).isInstanceOf(IllegalArgumentException.class);
    }
}
