package io.vpngw.gateway.p2s;

/** Why a point-to-site client certificate is refused; the label is what metrics and logs carry. */
public enum CertificateRefusal {
    NO_CERTIFICATE("no_certificate"),
    UNTRUSTED_ISSUER("untrusted_issuer"),
    REVOKED("revoked"),
    EXPIRED("expired"),
    NOT_YET_VALID("not_yet_valid"),
    BAD_SIGNATURE("bad_signature"),
    MISSING_CLIENT_AUTH("missing_client_auth"),
    INVALID_CHAIN("invalid_chain");

    private final String label;

    CertificateRefusal(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
