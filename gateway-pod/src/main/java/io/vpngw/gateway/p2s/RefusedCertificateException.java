package io.vpngw.gateway.p2s;

import java.security.cert.CertificateException;

/** Thrown into the TLS engine when the policy refuses a client certificate; carries the reason out again. */
public final class RefusedCertificateException extends CertificateException {
    private final CertificateRefusal reason;

    public RefusedCertificateException(CertificateRefusal reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public CertificateRefusal reason() {
        return reason;
    }

    /** The refusal somewhere in a TLS exception's causes, or null. */
    public static RefusedCertificateException in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof RefusedCertificateException r) {
                return r;
            }
        }
        return null;
    }
}
