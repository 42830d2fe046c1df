package io.vpngw.operator.pki;

/** Why the gateway refuses a client certificate. */
public enum RefusalReason {
    /** It does not chain to any of vpnClientRootCertificates. */
    UNTRUSTED_ISSUER,
    /** It, a certificate above it, or the trusted root has expired. */
    EXPIRED,
    /** It, a certificate above it, or the trusted root is not valid yet. */
    NOT_YET_VALID,
    /** It or a certificate above it is listed in vpnClientRevokedCertificates. */
    REVOKED,
    /** It lacks the clientAuth extended key usage Azure requires of client certificates. */
    MISSING_CLIENT_AUTH,
    /** A signature in the chain does not verify, or uses an algorithm no longer accepted. */
    BAD_SIGNATURE,
    /** The chain is unusable otherwise: empty, an intermediate that is not a CA, a path too long. */
    INVALID_CHAIN
}
