package io.vpngw.gateway.crypto.dh;

import io.vpngw.gateway.crypto.DiffieHellmanGroup;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * A peer's Key Exchange Data failed validation (RFC 7296 §5.12, RFC 6989). The exchange must be
 * abandoned; no shared secret was computed.
 */
public final class InvalidPeerPublicValueException extends GeneralSecurityException {

    /** What was wrong with the value. */
    public enum Reason {
        /** The KE data is not exactly the group's public value length. */
        WRONG_LENGTH,
        /** A MODP value outside [2, p-2], or an ECP coordinate not below the field prime. */
        OUT_OF_RANGE,
        /** A MODP value outside the prime-order subgroup of a group that has small subgroups. */
        NOT_IN_PRIME_ORDER_SUBGROUP,
        /** An ECP point that does not satisfy the curve equation. */
        NOT_ON_CURVE,
        /** An X25519 value of small order, which yields the all-zero shared secret. */
        LOW_ORDER_POINT
    }

    private final DiffieHellmanGroup group;
    private final Reason reason;

    public InvalidPeerPublicValueException(DiffieHellmanGroup group, Reason reason, String detail) {
        super(group + ": " + reason + " (" + detail + ")");
        this.group = Objects.requireNonNull(group, "group");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    InvalidPeerPublicValueException(DiffieHellmanGroup group, Reason reason, String detail, Throwable cause) {
        this(group, reason, detail);
        initCause(cause);
    }

    public DiffieHellmanGroup group() {
        return group;
    }

    public Reason reason() {
        return reason;
    }
}
