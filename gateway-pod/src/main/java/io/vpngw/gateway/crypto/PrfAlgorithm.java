package io.vpngw.gateway.crypto;

import java.util.Arrays;
import java.util.Optional;

/**
 * IKEv2 Transform Type 2 (pseudorandom function) IDs that this gateway implements, all HMAC based
 * (RFC 2104, RFC 4868 §2.1.2). For HMAC the preferred key length, which sizes SK_d, SK_pi and SK_pr
 * (RFC 7296 §2.14), equals the output length.
 */
public enum PrfAlgorithm {

    PRF_HMAC_SHA1(2, 20),
    PRF_HMAC_SHA2_256(5, 32),
    PRF_HMAC_SHA2_384(6, 48),
    PRF_HMAC_SHA2_512(7, 64);

    private final int id;
    private final int outputLength;

    PrfAlgorithm(int id, int outputLength) {
        this.id = id;
        this.outputLength = outputLength;
    }

    /** The Transform ID on the wire. */
    public int id() {
        return id;
    }

    /** Output length in bytes. */
    public int outputLength() {
        return outputLength;
    }

    /** The key length SK_d, SK_pi and SK_pr get, in bytes. */
    public int preferredKeyLength() {
        return outputLength;
    }

    /** Looks up a Transform ID received from a peer; empty when this gateway does not implement it. */
    public static Optional<PrfAlgorithm> fromId(int id) {
        return Arrays.stream(values()).filter(algorithm -> algorithm.id == id).findFirst();
    }
}
