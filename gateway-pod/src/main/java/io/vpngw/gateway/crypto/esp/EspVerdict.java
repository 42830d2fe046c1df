package io.vpngw.gateway.crypto.esp;

/**
 * The outcome of opening an ESP packet. Everything but {@link #OPENED} means: drop the packet,
 * count it, and do not touch the replay window (RFC 4303 §3.4.3, §3.4.4).
 */
public enum EspVerdict {
    /** Authenticated, decrypted, trailer valid; the {@link OpenedPacket} holds the result. */
    OPENED,
    /** The packet carries another SA's SPI. */
    WRONG_SPI,
    /** Too short for header, trailer and ICV (and, for CBC, one cipher block). */
    TRUNCATED,
    /** CBC ciphertext that is not a whole number of cipher blocks. */
    MISALIGNED,
    /** The ICV or AEAD tag does not match: forged, corrupted, replayed under another key, or wrong ESN guess. */
    INTEGRITY_CHECK_FAILED,
    /** Authenticated, but the Pad Length or the padding bytes are not what RFC 4303 §2.4 prescribes. */
    INVALID_PADDING
}
