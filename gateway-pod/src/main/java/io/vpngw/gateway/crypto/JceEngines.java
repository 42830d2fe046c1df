package io.vpngw.gateway.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one place that maps IKEv2 transforms to JDK (JCE) algorithm names. Every algorithm named
 * here is mandatory in every JDK, so a missing one means a broken runtime, reported as
 * {@link IllegalStateException}.
 */
public final class JceEngines {

    private JceEngines() {
    }

    /** A fresh cipher for the transform; not for ENCR_NULL, which has no cipher. */
    public static Cipher cipher(EncryptionAlgorithm algorithm) {
        String transformation = switch (algorithm) {
            case ENCR_3DES -> "DESede/CBC/NoPadding";
            case ENCR_AES_CBC -> "AES/CBC/NoPadding";
            case ENCR_AES_GCM_16 -> "AES/GCM/NoPadding";
            case ENCR_CHACHA20_POLY1305 -> "ChaCha20-Poly1305";
            case ENCR_NULL -> throw new IllegalArgumentException("ENCR_NULL has no cipher");
        };
        return obtain(transformation, () -> Cipher.getInstance(transformation));
    }

    /** A JCE key for the transform from the cipher-key part of the key material (salt excluded). */
    public static SecretKeySpec cipherKey(EncryptionTransform transform, SecretBytes keyMaterial) {
        String keyAlgorithm = switch (transform.algorithm()) {
            case ENCR_3DES -> "DESede";
            case ENCR_AES_CBC, ENCR_AES_GCM_16 -> "AES";
            case ENCR_CHACHA20_POLY1305 -> "ChaCha20";
            case ENCR_NULL -> throw new IllegalArgumentException("ENCR_NULL has no key");
        };
        return keyMaterial.toKeySpec(0, transform.keyLength(), keyAlgorithm);
    }

    /**
     * The per-message parameters of an AEAD cipher from its 12-byte nonce (salt || IV): a
     * {@link GCMParameterSpec} with the full 128-bit tag, or a plain IV for ChaCha20-Poly1305.
     * Both copy the nonce, so the caller may reuse its array.
     */
    public static AlgorithmParameterSpec aeadParameters(EncryptionAlgorithm algorithm, byte[] nonce) {
        return switch (algorithm) {
            case ENCR_AES_GCM_16 -> new GCMParameterSpec(algorithm.icvLength() * Byte.SIZE, nonce);
            case ENCR_CHACHA20_POLY1305 -> new IvParameterSpec(nonce);
            case ENCR_3DES, ENCR_AES_CBC, ENCR_NULL -> throw new IllegalArgumentException(algorithm + " is not AEAD");
        };
    }

    /** A fresh, uninitialised HMAC for the integrity transform. */
    public static Mac mac(IntegrityAlgorithm algorithm) {
        return mac(hmacName(algorithm));
    }

    /** A fresh, uninitialised HMAC for the PRF. */
    public static Mac mac(PrfAlgorithm algorithm) {
        return mac(hmacName(algorithm));
    }

    /** The JCE name of the PRF's HMAC, also the key algorithm for {@link SecretKeySpec}. */
    public static String hmacName(PrfAlgorithm algorithm) {
        return switch (algorithm) {
            case PRF_HMAC_SHA1 -> "HmacSHA1";
            case PRF_HMAC_SHA2_256 -> "HmacSHA256";
            case PRF_HMAC_SHA2_384 -> "HmacSHA384";
            case PRF_HMAC_SHA2_512 -> "HmacSHA512";
        };
    }

    /** The JCE name of the integrity transform's HMAC, also its key algorithm. */
    public static String hmacName(IntegrityAlgorithm algorithm) {
        return switch (algorithm) {
            case AUTH_HMAC_SHA1_96 -> "HmacSHA1";
            case AUTH_HMAC_SHA2_256_128 -> "HmacSHA256";
            case AUTH_HMAC_SHA2_384_192 -> "HmacSHA384";
            case AUTH_HMAC_SHA2_512_256 -> "HmacSHA512";
        };
    }

    /** AES in ECB mode, for deriving unpredictable CBC IVs from counters (NIST SP 800-38A App. C). */
    public static Cipher aesBlock() {
        return obtain("AES/ECB/NoPadding", () -> Cipher.getInstance("AES/ECB/NoPadding"));
    }

    public static KeyAgreement keyAgreement(String algorithm) {
        return obtain(algorithm, () -> KeyAgreement.getInstance(algorithm));
    }

    public static KeyPairGenerator keyPairGenerator(String algorithm) {
        return obtain(algorithm, () -> KeyPairGenerator.getInstance(algorithm));
    }

    public static KeyFactory keyFactory(String algorithm) {
        return obtain(algorithm, () -> KeyFactory.getInstance(algorithm));
    }

    private static Mac mac(String name) {
        return obtain(name, () -> Mac.getInstance(name));
    }

    private interface Lookup<T> {
        T get() throws GeneralSecurityException;
    }

    private static <T> T obtain(String name, Lookup<T> lookup) {
        try {
            return lookup.get();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK lacks the mandatory algorithm " + name, e);
        }
    }
}
