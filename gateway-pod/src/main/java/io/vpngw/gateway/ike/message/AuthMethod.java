package io.vpngw.gateway.ike.message;

import java.util.Map;

/** Authentication methods of the AUTH payload (RFC 7296 §3.8, RFC 4754, RFC 7427, RFC 7619). */
public record AuthMethod(int code) implements RegistryCode {

    /** RSASSA-PKCS1-v1_5 with SHA-1. */
    public static final AuthMethod RSA_DIGITAL_SIGNATURE = new AuthMethod(1);
    /** Shared key message integrity code. */
    public static final AuthMethod SHARED_KEY_MIC = new AuthMethod(2);
    public static final AuthMethod DSS_DIGITAL_SIGNATURE = new AuthMethod(3);
    /** RFC 4754. */
    public static final AuthMethod ECDSA_SHA256_P256 = new AuthMethod(9);
    /** RFC 4754. */
    public static final AuthMethod ECDSA_SHA384_P384 = new AuthMethod(10);
    /** RFC 4754. */
    public static final AuthMethod ECDSA_SHA512_P521 = new AuthMethod(11);
    /** RFC 6467. */
    public static final AuthMethod GENERIC_SECURE_PASSWORD = new AuthMethod(12);
    /** RFC 7619. */
    public static final AuthMethod NULL_AUTHENTICATION = new AuthMethod(13);
    /** Signature with an algorithm identifier, RFC 7427. */
    public static final AuthMethod DIGITAL_SIGNATURE = new AuthMethod(14);

    private static final CodeNames NAMES = new CodeNames("AuthMethod", Map.ofEntries(
            Map.entry(1, "RSA_DIGITAL_SIGNATURE"),
            Map.entry(2, "SHARED_KEY_MIC"),
            Map.entry(3, "DSS_DIGITAL_SIGNATURE"),
            Map.entry(9, "ECDSA_SHA256_P256"),
            Map.entry(10, "ECDSA_SHA384_P384"),
            Map.entry(11, "ECDSA_SHA512_P521"),
            Map.entry(12, "GENERIC_SECURE_PASSWORD"),
            Map.entry(13, "NULL_AUTHENTICATION"),
            Map.entry(14, "DIGITAL_SIGNATURE")));

    public AuthMethod {
        FieldRange.u8(code, "AuthMethod");
    }

    @Override
    public CodeNames names() {
        return NAMES;
    }

    @Override
    public String toString() {
        return NAMES.describe(code);
    }
}
