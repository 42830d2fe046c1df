package io.vpngw.operator.pki;

/** Why a stored certificate has to be replaced. */
public enum RenewalReason {
    /** It expires within the renewal window, or has expired. */
    EXPIRING,
    /** Its notBefore is still ahead: the clock went back, or it was made elsewhere with a bad clock. */
    NOT_YET_VALID,
    /** Its subject is not the one wanted (the gateway was renamed, or the naming scheme changed). */
    SUBJECT_CHANGED,
    /** Its DNS names or IP addresses differ from the gateway's current ones. */
    ALTERNATIVE_NAMES_CHANGED,
    /** It is not signed by the wanted CA, or is self-signed when a CA is wanted, or the reverse. */
    ISSUER_CHANGED,
    /** Its key is not of the wanted type. */
    KEY_ALGORITHM_CHANGED,
    /** It was made for another purpose: different CA flag or extended key usages. */
    PROFILE_CHANGED
}
