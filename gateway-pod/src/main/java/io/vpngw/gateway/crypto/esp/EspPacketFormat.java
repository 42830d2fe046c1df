package io.vpngw.gateway.crypto.esp;

/**
 * The ESP packet layout of RFC 4303 §2:
 * <pre>
 *   SPI (4) | Sequence Number (4) | IV (0..16) | Payload | Padding (0..255) | Pad Length (1) | Next Header (1) | ICV
 * </pre>
 * The Pad Length and Next Header end on a 4-byte boundary and, for block ciphers, Payload through
 * Next Header fills whole blocks (§2.4).
 */
final class EspPacketFormat {

    static final int SPI_AND_SEQUENCE_LENGTH = 8;
    static final int TRAILER_LENGTH = 2;
    private static final int ALIGNMENT = 4;
    private static final long MAX_32_BIT_SEQUENCE = 0xFFFF_FFFFL;

    private EspPacketFormat() {
    }

    /** Padding that aligns the trailer's end to the cipher block and to 4 bytes. */
    static int paddingLength(int payloadLength, int blockSize) {
        int unit = Math.max(blockSize, ALIGNMENT);
        return (unit - (payloadLength + TRAILER_LENGTH) % unit) % unit;
    }

    /** The most padding any payload length can need for this block size. */
    static int maxPaddingLength(int blockSize) {
        return Math.max(blockSize, ALIGNMENT) - 1;
    }

    /**
     * Refuses what must not be sent: sequence number 0, a sequence number past 2^32 - 1 without ESN
     * (RFC 4303 §3.3.3), a Next Header that does not fit its octet.
     */
    static void checkSealable(long sequenceNumber, boolean extendedSequenceNumbers, int nextHeader)
            throws EspSealException {
        if (sequenceNumber == 0
                || !extendedSequenceNumbers && Long.compareUnsigned(sequenceNumber, MAX_32_BIT_SEQUENCE) > 0) {
            throw new EspSealException(EspSealException.Reason.SEQUENCE_NUMBER_OUT_OF_RANGE,
                    Long.toUnsignedString(sequenceNumber));
        }
        if ((nextHeader & ~0xff) != 0) {
            throw new IllegalArgumentException("Next Header " + nextHeader + " is not an octet");
        }
    }

    static void writeHeader(byte[] packet, int offset, int spi, long sequenceNumber) {
        writeInt(packet, offset, spi);
        writeInt(packet, offset + 4, (int) sequenceNumber);
    }

    static int spiOf(byte[] packet, int offset) {
        return readInt(packet, offset);
    }

    /** The full sequence number: the low half from the packet, the high half as estimated by the receiver. */
    static long sequenceNumberOf(byte[] packet, int offset, boolean extendedSequenceNumbers, int sequenceNumberHigh) {
        long low = Integer.toUnsignedLong(readInt(packet, offset + 4));
        return extendedSequenceNumbers ? ((long) sequenceNumberHigh << 32) | low : low;
    }

    /** Big-endian, as every ESP field; the JIT merges the byte stores. */
    static void writeInt(byte[] destination, int offset, int value) {
        destination[offset] = (byte) (value >>> 24);
        destination[offset + 1] = (byte) (value >>> 16);
        destination[offset + 2] = (byte) (value >>> 8);
        destination[offset + 3] = (byte) value;
    }

    static void writeLong(byte[] destination, int offset, long value) {
        writeInt(destination, offset, (int) (value >>> 32));
        writeInt(destination, offset + 4, (int) value);
    }

    private static int readInt(byte[] source, int offset) {
        return (source[offset] & 0xff) << 24 | (source[offset + 1] & 0xff) << 16
                | (source[offset + 2] & 0xff) << 8 | source[offset + 3] & 0xff;
    }

    /** Writes the self-describing padding 1, 2, 3, ... (§2.4), the Pad Length and the Next Header. */
    static void writeTrailer(byte[] packet, int payloadEnd, int padLength, int nextHeader) {
        for (int i = 0; i < padLength; i++) {
            packet[payloadEnd + i] = (byte) (i + 1);
        }
        packet[payloadEnd + padLength] = (byte) padLength;
        packet[payloadEnd + padLength + 1] = (byte) nextHeader;
    }

    /**
     * Checks the trailer of an authenticated, decrypted plaintext and reports where the payload is.
     * Runs after authentication, so its timing reveals nothing an attacker could not read anyway.
     */
    static EspVerdict finishOpen(byte[] packet, int plaintextOffset, int plaintextLength, long sequenceNumber,
                                 OpenedPacket result) {
        int trailerOffset = plaintextOffset + plaintextLength - TRAILER_LENGTH;
        int padLength = packet[trailerOffset] & 0xff;
        int nextHeader = packet[trailerOffset + 1] & 0xff;
        int payloadLength = plaintextLength - TRAILER_LENGTH - padLength;
        if (payloadLength < 0) {
            return EspVerdict.INVALID_PADDING;
        }
        int paddingOffset = plaintextOffset + payloadLength;
        for (int i = 0; i < padLength; i++) {
            if (packet[paddingOffset + i] != (byte) (i + 1)) {
                return EspVerdict.INVALID_PADDING;
            }
        }
        result.set(plaintextOffset, payloadLength, nextHeader, sequenceNumber);
        return EspVerdict.OPENED;
    }
}
