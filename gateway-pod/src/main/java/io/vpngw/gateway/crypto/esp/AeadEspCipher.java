package io.vpngw.gateway.crypto.esp;

import static io.vpngw.gateway.crypto.esp.EspPacketFormat.SPI_AND_SEQUENCE_LENGTH;
import static io.vpngw.gateway.crypto.esp.EspPacketFormat.TRAILER_LENGTH;

import io.vpngw.gateway.crypto.EncryptionAlgorithm;
import io.vpngw.gateway.crypto.JceEngines;
import io.vpngw.gateway.crypto.ProtectionSuite;
import io.vpngw.gateway.crypto.SecretBytes;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM (RFC 4106) and ChaCha20-Poly1305 (RFC 7634) ESP. The nonce is salt || IV and the IV is
 * the packet's 64-bit sequence number, which RFC 4106 §3.1 allows and which makes a repeat
 * impossible while the caller never reuses a sequence number. The AAD is SPI || Sequence Number,
 * or SPI || high 32 bits || low 32 bits with ESN (RFC 4106 §5, RFC 7634 §2.1).
 */
final class AeadEspCipher implements EspCipher {

    private static final int IV_LENGTH = 8;
    private static final int HEADER_LENGTH = SPI_AND_SEQUENCE_LENGTH + IV_LENGTH;
    private static final int AEAD_BLOCK = 1;

    private final ProtectionSuite.Aead suite;
    private final EncryptionAlgorithm algorithm;
    private final int spi;
    private final boolean extendedSequenceNumbers;
    private final Cipher cipher;
    private final SecretKeySpec key;
    private final int saltLength;
    private final byte[] nonce;
    private final byte[] extendedAad = new byte[4 + Long.BYTES];

    AeadEspCipher(ProtectionSuite.Aead suite, SecretBytes keyMaterial, int spi, boolean extendedSequenceNumbers) {
        if (keyMaterial.length() != suite.encryptionKeyLength()) {
            throw new IllegalArgumentException(suite.encryption() + " needs " + suite.encryptionKeyLength()
                    + " bytes of key material, got " + keyMaterial.length());
        }
        this.suite = suite;
        this.algorithm = suite.encryption().algorithm();
        this.spi = spi;
        this.extendedSequenceNumbers = extendedSequenceNumbers;
        this.cipher = JceEngines.cipher(algorithm);
        this.key = JceEngines.cipherKey(suite.encryption(), keyMaterial);
        this.saltLength = algorithm.saltLength();
        this.nonce = new byte[saltLength + IV_LENGTH];
        byte[] material = keyMaterial.toByteArray();
        System.arraycopy(material, suite.encryption().keyLength(), nonce, 0, saltLength);
        Arrays.fill(material, (byte) 0);
    }

    @Override
    public ProtectionSuite suite() {
        return suite;
    }

    @Override
    public int spi() {
        return spi;
    }

    @Override
    public boolean extendedSequenceNumbers() {
        return extendedSequenceNumbers;
    }

    @Override
    public int headerLength() {
        return HEADER_LENGTH;
    }

    @Override
    public int sealedLength(int payloadLength) {
        return HEADER_LENGTH + payloadLength + EspPacketFormat.paddingLength(payloadLength, AEAD_BLOCK)
                + TRAILER_LENGTH + algorithm.icvLength();
    }

    @Override
    public int maxOverhead() {
        return HEADER_LENGTH + EspPacketFormat.maxPaddingLength(AEAD_BLOCK) + TRAILER_LENGTH + algorithm.icvLength();
    }

    @Override
    public int seal(byte[] packet, int offset, int payloadLength, int nextHeader, long sequenceNumber)
            throws EspSealException {
        return seal(packet, offset, payloadLength, nextHeader, sequenceNumber, sequenceNumber);
    }

    /** Seals with an IV other than the sequence number; for known-answer tests. */
    int seal(byte[] packet, int offset, int payloadLength, int nextHeader, long sequenceNumber, long iv)
            throws EspSealException {
        EspPacketFormat.checkSealable(sequenceNumber, extendedSequenceNumbers, nextHeader);
        int padLength = EspPacketFormat.paddingLength(payloadLength, AEAD_BLOCK);
        int plaintextLength = payloadLength + padLength + TRAILER_LENGTH;
        int sealedLength = HEADER_LENGTH + plaintextLength + algorithm.icvLength();
        Objects.checkFromIndexSize(offset, sealedLength, packet.length);

        EspPacketFormat.writeLong(nonce, saltLength, iv);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, JceEngines.aeadParameters(algorithm, nonce));
        } catch (InvalidAlgorithmParameterException | InvalidKeyException e) {
            // Only a repeated key and nonce makes the JCE refuse a key it accepted before.
            throw new EspSealException(EspSealException.Reason.NONCE_REUSE,
                    "IV " + Long.toUnsignedString(iv) + " was just used", e);
        }
        EspPacketFormat.writeHeader(packet, offset, spi, sequenceNumber);
        EspPacketFormat.writeLong(packet, offset + SPI_AND_SEQUENCE_LENGTH, iv);
        EspPacketFormat.writeTrailer(packet, offset + HEADER_LENGTH + payloadLength, padLength, nextHeader);
        authenticateHeader(packet, offset, sequenceNumber);
        try {
            cipher.doFinal(packet, offset + HEADER_LENGTH, plaintextLength, packet, offset + HEADER_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " failed to encrypt an in-bounds packet", e);
        }
        return sealedLength;
    }

    @Override
    public EspVerdict open(byte[] packet, int offset, int length, int sequenceNumberHigh, OpenedPacket result) {
        Objects.checkFromIndexSize(offset, length, packet.length);
        if (length < HEADER_LENGTH + TRAILER_LENGTH + algorithm.icvLength()) {
            return EspVerdict.TRUNCATED;
        }
        if (EspPacketFormat.spiOf(packet, offset) != spi) {
            return EspVerdict.WRONG_SPI;
        }
        long sequenceNumber = EspPacketFormat.sequenceNumberOf(packet, offset, extendedSequenceNumbers, sequenceNumberHigh);
        System.arraycopy(packet, offset + SPI_AND_SEQUENCE_LENGTH, nonce, saltLength, IV_LENGTH);
        int plaintextLength;
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, JceEngines.aeadParameters(algorithm, nonce));
            authenticateHeader(packet, offset, sequenceNumber);
            plaintextLength = cipher.doFinal(packet, offset + HEADER_LENGTH, length - HEADER_LENGTH,
                    packet, offset + HEADER_LENGTH);
        } catch (AEADBadTagException e) {
            return EspVerdict.INTEGRITY_CHECK_FAILED;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " failed to decrypt an in-bounds packet", e);
        }
        return EspPacketFormat.finishOpen(packet, offset + HEADER_LENGTH, plaintextLength, sequenceNumber, result);
    }

    private void authenticateHeader(byte[] packet, int offset, long sequenceNumber) {
        if (extendedSequenceNumbers) {
            EspPacketFormat.writeInt(extendedAad, 0, spi);
            EspPacketFormat.writeLong(extendedAad, 4, sequenceNumber);
            cipher.updateAAD(extendedAad);
        } else {
            cipher.updateAAD(packet, offset, SPI_AND_SEQUENCE_LENGTH);
        }
    }
}
