package io.vpngw.gateway.crypto.ike;

/** Why an Encrypted payload was refused. Every case means: drop the message silently (RFC 7296 §2.21.2). */
public enum SkRejection {
    /** Too short to hold an IV, one block of ciphertext and the ICV. */
    TRUNCATED,
    /** CBC ciphertext that is not a whole number of cipher blocks. */
    MISALIGNED,
    /** The ICV or AEAD tag does not match: forged, corrupted, or the wrong key. */
    INTEGRITY_CHECK_FAILED,
    /** The authenticated Pad Length points before the start of the plaintext. */
    INVALID_PADDING
}
