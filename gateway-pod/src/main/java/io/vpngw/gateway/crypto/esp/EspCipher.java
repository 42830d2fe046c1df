package io.vpngw.gateway.crypto.esp;

import io.vpngw.gateway.crypto.DirectionalKeys;
import io.vpngw.gateway.crypto.EncryptionAlgorithm;
import io.vpngw.gateway.crypto.ProtectionSuite;
import java.security.SecureRandom;

/**
 * ESP protection (RFC 4303) of one SA, applied in place to packets in heap byte arrays. A sealed
 * packet is laid out as {@code SPI | Sequence Number | IV | Payload | Padding | Pad Length | Next Header | ICV}.
 *
 * <p><b>Threads.</b> An instance keeps reusable JCE objects and scratch space, so it is not
 * thread-safe: create one per SA per thread. Sequence numbers come from the caller, who owns the
 * SA's single counter (outbound) and replay window (inbound).
 *
 * <p><b>Failures.</b> Malformed or forged input is a typed {@link EspVerdict}; after any verdict but
 * {@link EspVerdict#OPENED} the packet bytes are undefined (possibly part-decrypted) and must be
 * dropped. Buffer ranges that do not fit the array are the caller's bug and throw
 * {@link IndexOutOfBoundsException}.
 */
public sealed interface EspCipher permits AeadEspCipher, CbcHmacEspCipher, NullEncryptionEspCipher {

    /**
     * A cipher for one SA.
     *
     * @param keys the SA's half of the Child SA KEYMAT: encryption key (with salt for AEAD), integrity key
     * @param spi  the SA's SPI as it appears on the wire
     * @param extendedSequenceNumbers whether the SA negotiated ESN (RFC 4303 §2.2.1)
     * @param random seeds the per-instance key that derives CBC IVs
     * @throws IllegalArgumentException if the keys do not have the lengths the suite needs
     */
    static EspCipher create(ProtectionSuite suite, DirectionalKeys keys, int spi, boolean extendedSequenceNumbers,
                            SecureRandom random) {
        return switch (suite) {
            case ProtectionSuite.Aead aead -> new AeadEspCipher(aead, keys.encryption(), spi, extendedSequenceNumbers);
            case ProtectionSuite.EncryptThenMac etm when etm.encryption().algorithm() == EncryptionAlgorithm.ENCR_NULL ->
                    new NullEncryptionEspCipher(etm, keys, spi, extendedSequenceNumbers);
            case ProtectionSuite.EncryptThenMac etm ->
                    new CbcHmacEspCipher(etm, keys, spi, extendedSequenceNumbers, random);
        };
    }

    ProtectionSuite suite();

    int spi();

    boolean extendedSequenceNumbers();

    /** Bytes before the payload: SPI, Sequence Number and IV. The caller puts the payload there. */
    int headerLength();

    /** Total length of the packet {@link #seal} makes from a payload of this length. */
    int sealedLength(int payloadLength);

    /** The most bytes sealing adds to any payload: header, worst-case padding, trailer and ICV. */
    int maxOverhead();

    /**
     * Seals in place. On entry the payload (the inner IP packet) sits at
     * {@code packet[offset + headerLength()]}; the array must have room up to
     * {@code offset + sealedLength(payloadLength)}. Writes SPI, sequence number, IV, padding and
     * trailer, encrypts, and appends the ICV.
     *
     * @param nextHeader     the Next Header value: 4 for IPv4, 41 for IPv6
     * @param sequenceNumber the next number from the SA's counter; with ESN all 64 bits, of which
     *                       the low 32 are sent (RFC 4303 §2.2.1)
     * @return the length of the ESP packet, starting at {@code offset}
     * @throws EspSealException if the sequence number is out of range or was already used
     * @throws IllegalArgumentException if {@code nextHeader} is not in 0..255
     */
    int seal(byte[] packet, int offset, int payloadLength, int nextHeader, long sequenceNumber) throws EspSealException;

    /**
     * Verifies and decrypts the ESP packet at {@code packet[offset, offset + length)} in place. The
     * ICV is checked before anything else is trusted.
     *
     * @param sequenceNumberHigh with ESN, the high-order 32 bits the replay window infers for this
     *                           packet (RFC 4303 Appendix A2); ignored without ESN
     * @param result             receives where the payload now is; written only on {@link EspVerdict#OPENED}
     */
    EspVerdict open(byte[] packet, int offset, int length, int sequenceNumberHigh, OpenedPacket result);
}
