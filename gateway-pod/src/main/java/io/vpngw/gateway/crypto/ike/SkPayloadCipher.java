package io.vpngw.gateway.crypto.ike;

import io.vpngw.gateway.crypto.DirectionalKeys;
import io.vpngw.gateway.crypto.EncryptionAlgorithm;
import io.vpngw.gateway.crypto.ProtectionSuite;
import java.security.SecureRandom;

/**
 * Protection of the IKEv2 Encrypted (SK) payload body, IV | ciphertext | ICV, for one direction of
 * an IKE SA (RFC 7296 §3.14; RFC 5282 for AES-GCM; RFC 7634 §4 for ChaCha20-Poly1305). The same
 * body layout serves the Encrypted Fragment (SKF) payload of RFC 7383.
 *
 * <p>Both operations work on the whole IKE message: everything before the body, from the IKE
 * header through the SK (or SKF) payload header, is the associated data. Its length fields must
 * already hold their final values when encrypting, which {@link #encryptedBodyLength} makes possible.
 *
 * <p>Instances are thread-safe.
 */
public sealed interface SkPayloadCipher permits AeadSkPayloadCipher, CbcHmacSkPayloadCipher {

    /**
     * A cipher for the messages one side sends: pass {@code SK_ei/SK_ai} for messages from the
     * original initiator, {@code SK_er/SK_ar} for the other direction.
     *
     * @throws IllegalArgumentException for ENCR_NULL, which IKE does not allow, or keys of the wrong length
     */
    static SkPayloadCipher create(ProtectionSuite suite, DirectionalKeys keys, SecureRandom random) {
        return switch (suite) {
            case ProtectionSuite.Aead aead -> new AeadSkPayloadCipher(aead, keys.encryption(), random);
            case ProtectionSuite.EncryptThenMac etm when etm.encryption().algorithm() == EncryptionAlgorithm.ENCR_NULL ->
                    throw new IllegalArgumentException("ENCR_NULL must not protect an IKE SA (RFC 7296 §3.3.2)");
            case ProtectionSuite.EncryptThenMac etm -> new CbcHmacSkPayloadCipher(etm, keys, random);
        };
    }

    ProtectionSuite suite();

    /** Length of the body, IV | ciphertext (padding and Pad Length included) | ICV, for a plaintext length. */
    int encryptedBodyLength(int plaintextLength);

    /**
     * Encrypts {@code innerPayloads} into {@code message[bodyOffset, bodyOffset + encryptedBodyLength(...))},
     * authenticating {@code message[0, bodyOffset)} along with it.
     *
     * @param message       the whole IKE message with its header and SK payload header already written
     * @param bodyOffset    where the IV goes, just after the SK (or SKF) payload header
     * @param innerPayloads the payloads to protect, already encoded
     * @throws IndexOutOfBoundsException if {@code message} has no room for the body
     */
    void encrypt(byte[] message, int bodyOffset, byte[] innerPayloads);

    /**
     * Authenticates and decrypts the body at {@code message[bodyOffset, bodyOffset + bodyLength)},
     * with {@code message[0, bodyOffset)} as associated data. {@code message} is not modified.
     *
     * @throws IndexOutOfBoundsException if the range lies outside {@code message}
     */
    SkDecryption decrypt(byte[] message, int bodyOffset, int bodyLength);
}
