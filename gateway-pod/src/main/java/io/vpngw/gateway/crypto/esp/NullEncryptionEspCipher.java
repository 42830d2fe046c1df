package io.vpngw.gateway.crypto.esp;

import static io.vpngw.gateway.crypto.esp.EspPacketFormat.SPI_AND_SEQUENCE_LENGTH;
import static io.vpngw.gateway.crypto.esp.EspPacketFormat.TRAILER_LENGTH;

import io.vpngw.gateway.crypto.DirectionalKeys;
import io.vpngw.gateway.crypto.ProtectionSuite;
import io.vpngw.gateway.crypto.TruncatedHmac;
import java.util.Objects;

/**
 * Integrity-only ESP: ENCR_NULL (RFC 2410) with an HMAC. The payload travels in clear; the trailer
 * is still padded to 4 bytes and covered by the ICV, and ESN high-order bits are authenticated
 * without being sent.
 */
final class NullEncryptionEspCipher implements EspCipher {

    private static final int NULL_BLOCK = 1;

    private final ProtectionSuite.EncryptThenMac suite;
    private final int spi;
    private final boolean extendedSequenceNumbers;
    private final TruncatedHmac hmac;
    private final byte[] sequenceHigh = new byte[4];

    NullEncryptionEspCipher(ProtectionSuite.EncryptThenMac suite, DirectionalKeys keys, int spi,
                            boolean extendedSequenceNumbers) {
        if (!keys.encryption().isEmpty()) {
            throw new IllegalArgumentException("ENCR_NULL takes no encryption key");
        }
        this.suite = suite;
        this.spi = spi;
        this.extendedSequenceNumbers = extendedSequenceNumbers;
        this.hmac = new TruncatedHmac(suite.integrity(), keys.integrity());
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
        return SPI_AND_SEQUENCE_LENGTH;
    }

    @Override
    public int sealedLength(int payloadLength) {
        return SPI_AND_SEQUENCE_LENGTH + payloadLength + EspPacketFormat.paddingLength(payloadLength, NULL_BLOCK)
                + TRAILER_LENGTH + hmac.icvLength();
    }

    @Override
    public int maxOverhead() {
        return SPI_AND_SEQUENCE_LENGTH + EspPacketFormat.maxPaddingLength(NULL_BLOCK) + TRAILER_LENGTH + hmac.icvLength();
    }

    @Override
    public int seal(byte[] packet, int offset, int payloadLength, int nextHeader, long sequenceNumber)
            throws EspSealException {
        EspPacketFormat.checkSealable(sequenceNumber, extendedSequenceNumbers, nextHeader);
        int padLength = EspPacketFormat.paddingLength(payloadLength, NULL_BLOCK);
        int sealedLength = sealedLength(payloadLength);
        Objects.checkFromIndexSize(offset, sealedLength, packet.length);
        EspPacketFormat.writeHeader(packet, offset, spi, sequenceNumber);
        EspPacketFormat.writeTrailer(packet, offset + SPI_AND_SEQUENCE_LENGTH + payloadLength, padLength, nextHeader);
        int icvOffset = offset + sealedLength - hmac.icvLength();
        authenticate(packet, offset, icvOffset - offset, sequenceNumber);
        hmac.finishInto(packet, icvOffset);
        return sealedLength;
    }

    @Override
    public EspVerdict open(byte[] packet, int offset, int length, int sequenceNumberHigh, OpenedPacket result) {
        Objects.checkFromIndexSize(offset, length, packet.length);
        int plaintextLength = length - SPI_AND_SEQUENCE_LENGTH - hmac.icvLength();
        if (plaintextLength < TRAILER_LENGTH) {
            return EspVerdict.TRUNCATED;
        }
        if (EspPacketFormat.spiOf(packet, offset) != spi) {
            return EspVerdict.WRONG_SPI;
        }
        long sequenceNumber = EspPacketFormat.sequenceNumberOf(packet, offset, extendedSequenceNumbers, sequenceNumberHigh);
        int icvOffset = offset + length - hmac.icvLength();
        authenticate(packet, offset, icvOffset - offset, sequenceNumber);
        if (!hmac.finishAndVerify(packet, icvOffset)) {
            return EspVerdict.INTEGRITY_CHECK_FAILED;
        }
        return EspPacketFormat.finishOpen(packet, offset + SPI_AND_SEQUENCE_LENGTH, plaintextLength, sequenceNumber, result);
    }

    private void authenticate(byte[] packet, int offset, int length, long sequenceNumber) {
        hmac.update(packet, offset, length);
        if (extendedSequenceNumbers) {
            EspPacketFormat.writeInt(sequenceHigh, 0, (int) (sequenceNumber >>> 32));
            hmac.update(sequenceHigh, 0, sequenceHigh.length);
        }
    }
}
