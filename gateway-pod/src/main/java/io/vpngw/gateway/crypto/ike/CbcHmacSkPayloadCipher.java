package io.vpngw.gateway.crypto.ike;

import io.vpngw.gateway.crypto.DirectionalKeys;
import io.vpngw.gateway.crypto.EncryptionAlgorithm;
import io.vpngw.gateway.crypto.JceEngines;
import io.vpngw.gateway.crypto.ProtectionSuite;
import io.vpngw.gateway.crypto.SecretBytes;
import io.vpngw.gateway.crypto.TruncatedHmac;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CBC or 3DES-CBC with a truncated HMAC, encrypt-then-MAC as RFC 7296 §3.14 specifies: a random
 * IV per message, minimal zero padding, and an ICV over the whole message up to and including the
 * ciphertext. The ICV is verified, in constant time, before anything is decrypted.
 */
final class CbcHmacSkPayloadCipher implements SkPayloadCipher {

    private static final int PAD_LENGTH_FIELD = 1;

    private final ProtectionSuite.EncryptThenMac suite;
    private final EncryptionAlgorithm algorithm;
    private final SecretKeySpec key;
    private final SecretBytes integrityKey;
    private final SecureRandom random;

    CbcHmacSkPayloadCipher(ProtectionSuite.EncryptThenMac suite, DirectionalKeys keys, SecureRandom random) {
        if (keys.encryption().length() != suite.encryptionKeyLength()
                || keys.integrity().length() != suite.integrityKeyLength()) {
            throw new IllegalArgumentException(suite + " needs keys of " + suite.encryptionKeyLength() + " and "
                    + suite.integrityKeyLength() + " bytes");
        }
        this.suite = suite;
        this.algorithm = suite.encryption().algorithm();
        this.key = JceEngines.cipherKey(suite.encryption(), keys.encryption());
        this.integrityKey = keys.integrity();
        this.random = random;
    }

    @Override
    public ProtectionSuite suite() {
        return suite;
    }

    @Override
    public int encryptedBodyLength(int plaintextLength) {
        return algorithm.ivLength() + paddedLength(plaintextLength) + suite.icvLength();
    }

    @Override
    public void encrypt(byte[] message, int bodyOffset, byte[] innerPayloads) {
        byte[] iv = new byte[algorithm.ivLength()];
        random.nextBytes(iv);
        encrypt(message, bodyOffset, innerPayloads, iv);
    }

    /** Encrypts with a given IV; for known-answer tests. */
    void encrypt(byte[] message, int bodyOffset, byte[] innerPayloads, byte[] iv) {
        Objects.checkFromIndexSize(bodyOffset, encryptedBodyLength(innerPayloads.length), message.length);
        int ivLength = algorithm.ivLength();
        int ciphertextOffset = bodyOffset + ivLength;
        // Padding is zeros: RFC 7296 §3.14 lets the sender choose, and the Pad Length is its length.
        byte[] plaintext = Arrays.copyOf(innerPayloads, paddedLength(innerPayloads.length));
        plaintext[plaintext.length - 1] = (byte) (plaintext.length - PAD_LENGTH_FIELD - innerPayloads.length);
        System.arraycopy(iv, 0, message, bodyOffset, ivLength);
        try {
            Cipher cipher = JceEngines.cipher(algorithm);
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv, 0, ivLength));
            cipher.doFinal(plaintext, 0, plaintext.length, message, ciphertextOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " refused a block-aligned plaintext", e);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
        TruncatedHmac hmac = new TruncatedHmac(suite.integrity(), integrityKey);
        hmac.update(message, 0, ciphertextOffset + plaintext.length);
        hmac.finishInto(message, ciphertextOffset + plaintext.length);
    }

    @Override
    public SkDecryption decrypt(byte[] message, int bodyOffset, int bodyLength) {
        Objects.checkFromIndexSize(bodyOffset, bodyLength, message.length);
        int ivLength = algorithm.ivLength();
        int blockSize = algorithm.blockSize();
        int ciphertextLength = bodyLength - ivLength - suite.icvLength();
        if (ciphertextLength < blockSize) {
            return new SkDecryption.Rejected(SkRejection.TRUNCATED);
        }
        if (ciphertextLength % blockSize != 0) {
            return new SkDecryption.Rejected(SkRejection.MISALIGNED);
        }
        int ciphertextOffset = bodyOffset + ivLength;
        int icvOffset = ciphertextOffset + ciphertextLength;
        TruncatedHmac hmac = new TruncatedHmac(suite.integrity(), integrityKey);
        hmac.update(message, 0, icvOffset);
        if (!hmac.finishAndVerify(message, icvOffset)) {
            return new SkDecryption.Rejected(SkRejection.INTEGRITY_CHECK_FAILED);
        }
        byte[] plaintext;
        try {
            Cipher cipher = JceEngines.cipher(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(message, bodyOffset, ivLength));
            plaintext = cipher.doFinal(message, ciphertextOffset, ciphertextLength);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " failed on an authenticated, aligned body", e);
        }
        try {
            int padLength = plaintext[plaintext.length - 1] & 0xff;
            int payloadsLength = plaintext.length - PAD_LENGTH_FIELD - padLength;
            if (payloadsLength < 0) {
                return new SkDecryption.Rejected(SkRejection.INVALID_PADDING);
            }
            return new SkDecryption.Decrypted(Arrays.copyOf(plaintext, payloadsLength));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** Plaintext plus the least padding that, with the Pad Length byte, fills whole blocks. */
    private int paddedLength(int plaintextLength) {
        int blockSize = algorithm.blockSize();
        int unpadded = plaintextLength + PAD_LENGTH_FIELD;
        return (unpadded + blockSize - 1) / blockSize * blockSize;
    }
}
