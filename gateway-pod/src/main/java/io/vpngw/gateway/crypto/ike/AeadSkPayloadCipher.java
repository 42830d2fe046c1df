package io.vpngw.gateway.crypto.ike;

import io.vpngw.gateway.crypto.EncryptionAlgorithm;
import io.vpngw.gateway.crypto.JceEngines;
import io.vpngw.gateway.crypto.ProtectionSuite;
import io.vpngw.gateway.crypto.SecretBytes;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM (RFC 5282) and ChaCha20-Poly1305 (RFC 7634 §4) for the Encrypted payload. The nonce is
 * the 4-byte salt from the key material followed by the 8-byte IV sent in the payload. The IV is a
 * per-instance counter starting at a random value: a GCM nonce must never repeat under one key,
 * which a counter guarantees and random IVs only make likely. No padding is added, as AEAD modes
 * need no block alignment; received padding of any length is accepted.
 */
final class AeadSkPayloadCipher implements SkPayloadCipher {

    private static final int PAD_LENGTH_FIELD = 1;

    private final ProtectionSuite.Aead suite;
    private final EncryptionAlgorithm algorithm;
    private final SecretKeySpec key;
    private final byte[] salt;
    private final AtomicLong nextIv;

    AeadSkPayloadCipher(ProtectionSuite.Aead suite, SecretBytes keyMaterial, SecureRandom random) {
        if (keyMaterial.length() != suite.encryptionKeyLength()) {
            throw new IllegalArgumentException(suite.encryption() + " needs " + suite.encryptionKeyLength()
                    + " bytes of key material, got " + keyMaterial.length());
        }
        this.suite = suite;
        this.algorithm = suite.encryption().algorithm();
        this.key = JceEngines.cipherKey(suite.encryption(), keyMaterial);
        byte[] material = keyMaterial.toByteArray();
        this.salt = Arrays.copyOfRange(material, suite.encryption().keyLength(), material.length);
        Arrays.fill(material, (byte) 0);
        this.nextIv = new AtomicLong(random.nextLong());
    }

    @Override
    public ProtectionSuite suite() {
        return suite;
    }

    @Override
    public int encryptedBodyLength(int plaintextLength) {
        return algorithm.ivLength() + plaintextLength + PAD_LENGTH_FIELD + algorithm.icvLength();
    }

    @Override
    public void encrypt(byte[] message, int bodyOffset, byte[] innerPayloads) {
        encrypt(message, bodyOffset, innerPayloads, ByteBuffer.allocate(Long.BYTES).putLong(nextIv.getAndIncrement()).array());
    }

    /** Encrypts with a given IV; for known-answer tests. */
    void encrypt(byte[] message, int bodyOffset, byte[] innerPayloads, byte[] iv) {
        Objects.checkFromIndexSize(bodyOffset, encryptedBodyLength(innerPayloads.length), message.length);
        int ivLength = algorithm.ivLength();
        System.arraycopy(iv, 0, message, bodyOffset, ivLength);
        byte[] plaintext = Arrays.copyOf(innerPayloads, innerPayloads.length + PAD_LENGTH_FIELD);
        try {
            Cipher cipher = initialized(Cipher.ENCRYPT_MODE, message, bodyOffset);
            cipher.doFinal(plaintext, 0, plaintext.length, message, bodyOffset + ivLength);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " refused to encrypt with a fresh IV", e);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    @Override
    public SkDecryption decrypt(byte[] message, int bodyOffset, int bodyLength) {
        Objects.checkFromIndexSize(bodyOffset, bodyLength, message.length);
        int ivLength = algorithm.ivLength();
        int ciphertextLength = bodyLength - ivLength;
        if (ciphertextLength < PAD_LENGTH_FIELD + algorithm.icvLength()) {
            return new SkDecryption.Rejected(SkRejection.TRUNCATED);
        }
        byte[] plaintext;
        try {
            Cipher cipher = initialized(Cipher.DECRYPT_MODE, message, bodyOffset);
            plaintext = cipher.doFinal(message, bodyOffset + ivLength, ciphertextLength);
        } catch (AEADBadTagException e) {
            return new SkDecryption.Rejected(SkRejection.INTEGRITY_CHECK_FAILED);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " failed on a well-formed body", e);
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

    /** A cipher keyed with the nonce salt || IV read from the message, with the message prefix as AAD. */
    private Cipher initialized(int mode, byte[] message, int bodyOffset) throws GeneralSecurityException {
        byte[] nonce = new byte[salt.length + algorithm.ivLength()];
        System.arraycopy(salt, 0, nonce, 0, salt.length);
        System.arraycopy(message, bodyOffset, nonce, salt.length, algorithm.ivLength());
        Cipher cipher = JceEngines.cipher(algorithm);
        cipher.init(mode, key, JceEngines.aeadParameters(algorithm, nonce));
        cipher.updateAAD(message, 0, bodyOffset);
        return cipher;
    }
}
