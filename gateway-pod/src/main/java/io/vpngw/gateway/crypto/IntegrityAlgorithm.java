package io.vpngw.gateway.crypto;

import java.util.Arrays;
import java.util.Optional;

/**
 * IKEv2 Transform Type 3 (integrity algorithm) IDs that this gateway implements. HMAC keys have the
 * hash's output length and the ICV is the leftmost half of the output, or 96 bits for SHA-1
 * (RFC 2404, RFC 4868 §2.1).
 */
public enum IntegrityAlgorithm {

    /** RFC 2404. */
    AUTH_HMAC_SHA1_96(2, 20, 12),
    /** RFC 4868. */
    AUTH_HMAC_SHA2_256_128(12, 32, 16),
    /** RFC 4868. */
    AUTH_HMAC_SHA2_384_192(13, 48, 24),
    /** RFC 4868. */
    AUTH_HMAC_SHA2_512_256(14, 64, 32);

    private final int id;
    private final int keyLength;
    private final int icvLength;

    IntegrityAlgorithm(int id, int keyLength, int icvLength) {
        this.id = id;
        this.keyLength = keyLength;
        this.icvLength = icvLength;
    }

    /** The Transform ID on the wire. */
    public int id() {
        return id;
    }

    /** Key length in bytes. */
    public int keyLength() {
        return keyLength;
    }

    /** Length of the truncated MAC carried in the packet, in bytes. */
    public int icvLength() {
        return icvLength;
    }

    /** Looks up a Transform ID received from a peer; empty when this gateway does not implement it. */
    public static Optional<IntegrityAlgorithm> fromId(int id) {
        return Arrays.stream(values()).filter(algorithm -> algorithm.id == id).findFirst();
    }
}
