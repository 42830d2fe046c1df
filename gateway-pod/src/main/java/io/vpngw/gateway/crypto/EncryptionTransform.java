package io.vpngw.gateway.crypto;

import java.util.Objects;
import java.util.Optional;

/**
 * An encryption algorithm with its negotiated key size, the unit an IKE proposal selects.
 *
 * @param algorithm the Transform ID
 * @param keyBits   the key size in bits (the Key Length attribute, or the fixed size); 0 for ENCR_NULL
 */
public record EncryptionTransform(EncryptionAlgorithm algorithm, int keyBits) {

    public EncryptionTransform {
        Objects.requireNonNull(algorithm, "algorithm");
        if (!algorithm.supportsKeySize(keyBits)) {
            throw new IllegalArgumentException(algorithm + " has no " + keyBits + "-bit key size");
        }
    }

    /** Builds a transform from values a peer sent; empty when the key size is not one we support. */
    public static Optional<EncryptionTransform> of(EncryptionAlgorithm algorithm, int keyBits) {
        return algorithm.supportsKeySize(keyBits)
                ? Optional.of(new EncryptionTransform(algorithm, keyBits))
                : Optional.empty();
    }

    public static EncryptionTransform aesCbc(int keyBits) {
        return new EncryptionTransform(EncryptionAlgorithm.ENCR_AES_CBC, keyBits);
    }

    public static EncryptionTransform aesGcm16(int keyBits) {
        return new EncryptionTransform(EncryptionAlgorithm.ENCR_AES_GCM_16, keyBits);
    }

    public static EncryptionTransform chaCha20Poly1305() {
        return new EncryptionTransform(EncryptionAlgorithm.ENCR_CHACHA20_POLY1305, 256);
    }

    public static EncryptionTransform tripleDes() {
        return new EncryptionTransform(EncryptionAlgorithm.ENCR_3DES, 192);
    }

    public static EncryptionTransform nullEncryption() {
        return new EncryptionTransform(EncryptionAlgorithm.ENCR_NULL, 0);
    }

    /** The cipher key alone, in bytes. */
    public int keyLength() {
        return keyBits / 8;
    }

    /**
     * Bytes of key material to take from prf+ for this transform: the key followed by the salt
     * (RFC 5282 §7.1, RFC 4106 §8.1, RFC 7634 §2).
     */
    public int keyMaterialLength() {
        return keyLength() + algorithm.saltLength();
    }
}
