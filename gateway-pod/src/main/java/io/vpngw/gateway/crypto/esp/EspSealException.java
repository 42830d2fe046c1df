package io.vpngw.gateway.crypto.esp;

import java.security.GeneralSecurityException;
import java.util.Objects;

/** A packet could not be sealed. The packet buffer was left as it was. */
public final class EspSealException extends GeneralSecurityException {

    /** Why sealing was refused. */
    public enum Reason {
        /**
         * Sequence number 0, or above 2^32 - 1 on an SA without extended sequence numbers: the SA
         * is exhausted and must be rekeyed (RFC 4303 §3.3.3).
         */
        SEQUENCE_NUMBER_OUT_OF_RANGE,
        /** The JCE refused the cipher parameters: a sequence number, hence a nonce, was reused. */
        NONCE_REUSE
    }

    private final Reason reason;

    EspSealException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    EspSealException(Reason reason, String detail, Throwable cause) {
        this(reason, detail);
        initCause(cause);
    }

    public Reason reason() {
        return reason;
    }
}
