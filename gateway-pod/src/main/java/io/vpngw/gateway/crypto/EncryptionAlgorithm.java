package io.vpngw.gateway.crypto;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * IKEv2 Transform Type 1 (encryption algorithm) IDs from the IANA "Internet Key Exchange Version 2
 * (IKEv2) Parameters" registry that this gateway implements, with the sizes that shape the IKE
 * Encrypted payload (RFC 7296 §3.14) and the ESP packet (RFC 4303 §2).
 */
public enum EncryptionAlgorithm {

    /** RFC 2451. Legacy peers only: RFC 8221 says SHOULD NOT for ESP, RFC 8247 for IKE. */
    ENCR_3DES(3, Mode.CBC, 8, 8, 0, 0, false, 192),

    /** RFC 2410: integrity-only ESP. Never allowed for the IKE SA (RFC 7296 §5). */
    ENCR_NULL(11, Mode.NONE, 1, 0, 0, 0, false, 0),

    /** RFC 3602; the Key Length attribute is mandatory (RFC 7296 §3.3.5). */
    ENCR_AES_CBC(12, Mode.CBC, 16, 16, 0, 0, true, 128, 192, 256),

    /**
     * AES-GCM with a 16-byte ICV: RFC 4106 for ESP, RFC 5282 for IKE. Key material carries a
     * 4-byte salt after the key (RFC 4106 §8.1, RFC 5282 §7.1); the packet carries an 8-byte IV.
     */
    ENCR_AES_GCM_16(20, Mode.AEAD, 1, 8, 4, 16, true, 128, 192, 256),

    /**
     * RFC 7634: 256-bit key plus a 4-byte salt, 8-byte IV, 16-byte tag; no Key Length attribute
     * (RFC 7634 §4).
     */
    ENCR_CHACHA20_POLY1305(28, Mode.AEAD, 1, 8, 4, 16, false, 256);

    /** How an algorithm protects data, which decides the packet layout around it. */
    public enum Mode {
        /** Block cipher in CBC mode, paired with a separate integrity algorithm. */
        CBC,
        /** Combined-mode cipher: confidentiality and integrity in one, no integrity transform. */
        AEAD,
        /** No confidentiality at all (ENCR_NULL). */
        NONE
    }

    private final int id;
    private final Mode mode;
    private final int blockSize;
    private final int ivLength;
    private final int saltLength;
    private final int icvLength;
    private final boolean keyLengthAttribute;
    private final int[] keySizesBits;

    EncryptionAlgorithm(int id, Mode mode, int blockSize, int ivLength, int saltLength, int icvLength,
                        boolean keyLengthAttribute, int... keySizesBits) {
        this.id = id;
        this.mode = mode;
        this.blockSize = blockSize;
        this.ivLength = ivLength;
        this.saltLength = saltLength;
        this.icvLength = icvLength;
        this.keyLengthAttribute = keyLengthAttribute;
        this.keySizesBits = keySizesBits;
    }

    /** The Transform ID on the wire. */
    public int id() {
        return id;
    }

    public Mode mode() {
        return mode;
    }

    public boolean isAead() {
        return mode == Mode.AEAD;
    }

    /**
     * The unit the plaintext must be padded to: the cipher block for CBC, 1 for stream-like
     * AEAD modes and for NULL (ESP still aligns its trailer to 4 bytes on top of this).
     */
    public int blockSize() {
        return blockSize;
    }

    /** Length of the IV sent in every packet. */
    public int ivLength() {
        return ivLength;
    }

    /** Bytes of implicit salt taken from the key material after the key itself; 0 when none. */
    public int saltLength() {
        return saltLength;
    }

    /** Length of the built-in authentication tag of an AEAD algorithm; 0 for the others. */
    public int icvLength() {
        return icvLength;
    }

    /** Whether the SA payload must carry a Key Length attribute for this transform. */
    public boolean requiresKeyLengthAttribute() {
        return keyLengthAttribute;
    }

    /** The key sizes this implementation accepts, in bits. */
    public List<Integer> keySizesBits() {
        return Arrays.stream(keySizesBits).boxed().toList();
    }

    public boolean supportsKeySize(int bits) {
        return Arrays.stream(keySizesBits).anyMatch(size -> size == bits);
    }

    /** Looks up a Transform ID received from a peer; empty when this gateway does not implement it. */
    public static Optional<EncryptionAlgorithm> fromId(int id) {
        return Arrays.stream(values()).filter(algorithm -> algorithm.id == id).findFirst();
    }
}
