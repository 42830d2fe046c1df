package io.vpngw.gateway.crypto.esp;

import static io.vpngw.gateway.crypto.esp.EspPacketFormat.SPI_AND_SEQUENCE_LENGTH;
import static io.vpngw.gateway.crypto.esp.EspPacketFormat.TRAILER_LENGTH;

import io.vpngw.gateway.crypto.DirectionalKeys;
import io.vpngw.gateway.crypto.EncryptionAlgorithm;
import io.vpngw.gateway.crypto.JceEngines;
import io.vpngw.gateway.crypto.ProtectionSuite;
import io.vpngw.gateway.crypto.TruncatedHmac;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CBC (RFC 3602) or 3DES-CBC (RFC 2451) followed by a truncated HMAC (RFC 2404, RFC 4868). With
 * ESN the high-order 32 sequence bits are authenticated after the packet without being sent
 * (RFC 4303 §2.2.1). Received packets are authenticated before they are decrypted.
 *
 * <p>CBC needs unpredictable IVs (RFC 3602 §3). Each is AES, under a random key private to this
 * instance, of the SPI and sequence number: a counter encrypted under a key no one else holds
 * (NIST SP 800-38A Appendix C), so no random generator runs per packet.
 *
 * <p>The JCE copies its input when a CBC operation works in place, so ciphertext goes through a
 * scratch array owned by the instance, which avoids an allocation per packet.
 */
final class CbcHmacEspCipher implements EspCipher {

    private static final int AES_BLOCK = 16;
    private static final int INITIAL_SCRATCH = 2048;

    private final ProtectionSuite.EncryptThenMac suite;
    private final EncryptionAlgorithm algorithm;
    private final int spi;
    private final boolean extendedSequenceNumbers;
    private final int blockSize;
    private final int headerLength;
    private final Cipher cipher;
    private final SecretKeySpec key;
    private final TruncatedHmac hmac;
    private final Cipher ivGenerator;
    private final byte[] ivCounter = new byte[AES_BLOCK];
    private final byte[] ivBlock = new byte[AES_BLOCK];
    private final byte[] sequenceHigh = new byte[4];
    private byte[] scratch = new byte[INITIAL_SCRATCH];

    CbcHmacEspCipher(ProtectionSuite.EncryptThenMac suite, DirectionalKeys keys, int spi,
                     boolean extendedSequenceNumbers, SecureRandom random) {
        if (keys.encryption().length() != suite.encryptionKeyLength()) {
            throw new IllegalArgumentException(suite.encryption() + " needs a " + suite.encryptionKeyLength()
                    + "-byte key, got " + keys.encryption().length());
        }
        this.suite = suite;
        this.algorithm = suite.encryption().algorithm();
        this.spi = spi;
        this.extendedSequenceNumbers = extendedSequenceNumbers;
        this.blockSize = algorithm.blockSize();
        this.headerLength = SPI_AND_SEQUENCE_LENGTH + algorithm.ivLength();
        this.cipher = JceEngines.cipher(algorithm);
        this.key = JceEngines.cipherKey(suite.encryption(), keys.encryption());
        this.hmac = new TruncatedHmac(suite.integrity(), keys.integrity());
        this.ivGenerator = JceEngines.aesBlock();
        byte[] ivKey = new byte[AES_BLOCK];
        random.nextBytes(ivKey);
        try {
            ivGenerator.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(ivKey, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES refused a 128-bit key", e);
        } finally {
            Arrays.fill(ivKey, (byte) 0);
        }
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
        return headerLength;
    }

    @Override
    public int sealedLength(int payloadLength) {
        return headerLength + payloadLength + EspPacketFormat.paddingLength(payloadLength, blockSize)
                + TRAILER_LENGTH + hmac.icvLength();
    }

    @Override
    public int maxOverhead() {
        return headerLength + EspPacketFormat.maxPaddingLength(blockSize) + TRAILER_LENGTH + hmac.icvLength();
    }

    @Override
    public int seal(byte[] packet, int offset, int payloadLength, int nextHeader, long sequenceNumber)
            throws EspSealException {
        EspPacketFormat.writeInt(ivCounter, 0, spi);
        EspPacketFormat.writeLong(ivCounter, 4, sequenceNumber);
        try {
            ivGenerator.doFinal(ivCounter, 0, AES_BLOCK, ivBlock, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-ECB failed on one block", e);
        }
        return seal(packet, offset, payloadLength, nextHeader, sequenceNumber, ivBlock);
    }

    /** Seals with a given IV; for known-answer tests. */
    int seal(byte[] packet, int offset, int payloadLength, int nextHeader, long sequenceNumber, byte[] iv)
            throws EspSealException {
        EspPacketFormat.checkSealable(sequenceNumber, extendedSequenceNumbers, nextHeader);
        int padLength = EspPacketFormat.paddingLength(payloadLength, blockSize);
        int plaintextLength = payloadLength + padLength + TRAILER_LENGTH;
        int sealedLength = headerLength + plaintextLength + hmac.icvLength();
        Objects.checkFromIndexSize(offset, sealedLength, packet.length);

        EspPacketFormat.writeHeader(packet, offset, spi, sequenceNumber);
        System.arraycopy(iv, 0, packet, offset + SPI_AND_SEQUENCE_LENGTH, algorithm.ivLength());
        int ciphertextOffset = offset + headerLength;
        EspPacketFormat.writeTrailer(packet, ciphertextOffset + payloadLength, padLength, nextHeader);
        byte[] output = scratch(plaintextLength);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key,
                    new IvParameterSpec(packet, offset + SPI_AND_SEQUENCE_LENGTH, algorithm.ivLength()));
            cipher.doFinal(packet, ciphertextOffset, plaintextLength, output, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " failed on a block-aligned packet", e);
        }
        System.arraycopy(output, 0, packet, ciphertextOffset, plaintextLength);
        int icvOffset = ciphertextOffset + plaintextLength;
        authenticate(packet, offset, icvOffset - offset, sequenceNumber);
        hmac.finishInto(packet, icvOffset);
        return sealedLength;
    }

    @Override
    public EspVerdict open(byte[] packet, int offset, int length, int sequenceNumberHigh, OpenedPacket result) {
        Objects.checkFromIndexSize(offset, length, packet.length);
        int ciphertextLength = length - headerLength - hmac.icvLength();
        if (ciphertextLength < blockSize) {
            return EspVerdict.TRUNCATED;
        }
        if (ciphertextLength % blockSize != 0) {
            return EspVerdict.MISALIGNED;
        }
        if (EspPacketFormat.spiOf(packet, offset) != spi) {
            return EspVerdict.WRONG_SPI;
        }
        long sequenceNumber = EspPacketFormat.sequenceNumberOf(packet, offset, extendedSequenceNumbers, sequenceNumberHigh);
        int ciphertextOffset = offset + headerLength;
        int icvOffset = ciphertextOffset + ciphertextLength;
        authenticate(packet, offset, icvOffset - offset, sequenceNumber);
        if (!hmac.finishAndVerify(packet, icvOffset)) {
            return EspVerdict.INTEGRITY_CHECK_FAILED;
        }
        byte[] output = scratch(ciphertextLength);
        try {
            cipher.init(Cipher.DECRYPT_MODE, key,
                    new IvParameterSpec(packet, offset + SPI_AND_SEQUENCE_LENGTH, algorithm.ivLength()));
            cipher.doFinal(packet, ciphertextOffset, ciphertextLength, output, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " failed on an authenticated, aligned packet", e);
        }
        System.arraycopy(output, 0, packet, ciphertextOffset, ciphertextLength);
        return EspPacketFormat.finishOpen(packet, ciphertextOffset, ciphertextLength, sequenceNumber, result);
    }

    private void authenticate(byte[] packet, int offset, int length, long sequenceNumber) {
        hmac.update(packet, offset, length);
        if (extendedSequenceNumbers) {
            EspPacketFormat.writeInt(sequenceHigh, 0, (int) (sequenceNumber >>> 32));
            hmac.update(sequenceHigh, 0, sequenceHigh.length);
        }
    }

    private byte[] scratch(int length) {
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, 2 * scratch.length)];
        }
        return scratch;
    }
}
