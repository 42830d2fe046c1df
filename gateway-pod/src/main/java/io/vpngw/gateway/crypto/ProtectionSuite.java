package io.vpngw.gateway.crypto;

import java.util.Objects;

/**
 * The negotiated protection of an SA's traffic: either one AEAD transform, or an encryption
 * transform (possibly ENCR_NULL) followed by a separate integrity transform. The two shapes differ
 * in key material, packet layout and processing order, so they are distinct types.
 */
public sealed interface ProtectionSuite {

    EncryptionTransform encryption();

    /** Bytes of encryption key material per direction, salt included. */
    default int encryptionKeyLength() {
        return encryption().keyMaterialLength();
    }

    /** Bytes of integrity key per direction; 0 for AEAD. */
    int integrityKeyLength();

    /** Length of the integrity check value at the end of every protected message or packet. */
    int icvLength();

    /** A combined-mode cipher (AES-GCM, ChaCha20-Poly1305): no integrity transform is negotiated. */
    record Aead(EncryptionTransform encryption) implements ProtectionSuite {

        public Aead {
            Objects.requireNonNull(encryption, "encryption");
            if (!encryption.algorithm().isAead()) {
                throw new IllegalArgumentException(encryption.algorithm() + " is not an AEAD algorithm");
            }
        }

        @Override
        public int integrityKeyLength() {
            return 0;
        }

        @Override
        public int icvLength() {
            return encryption.algorithm().icvLength();
        }
    }

    /** Encryption (CBC, or none) whose output is then authenticated by an HMAC. */
    record EncryptThenMac(EncryptionTransform encryption, IntegrityAlgorithm integrity) implements ProtectionSuite {

        public EncryptThenMac {
            Objects.requireNonNull(encryption, "encryption");
            Objects.requireNonNull(integrity, "integrity");
            if (encryption.algorithm().isAead()) {
                throw new IllegalArgumentException(encryption.algorithm() + " is AEAD and takes no integrity transform");
            }
        }

        @Override
        public int integrityKeyLength() {
            return integrity.keyLength();
        }

        @Override
        public int icvLength() {
            return integrity.icvLength();
        }
    }
}
