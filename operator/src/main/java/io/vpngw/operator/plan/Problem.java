package io.vpngw.operator.plan;

/**
 * Why the operator refuses a resource or part of it: a CamelCase reason for machines and a
 * message for the person who has to change something.
 */
public record Problem(String reason, String message) {
    public static final String NOT_SUPPORTED = "NotSupported";
    public static final String REFERENCE_NOT_FOUND = "ReferenceNotFound";
    public static final String SECRET_NOT_FOUND = "SecretNotFound";
    public static final String INVALID_SECRET = "InvalidSecret";
    public static final String SKU_LIMIT_EXCEEDED = "SkuLimitExceeded";
    public static final String POLICY_NOT_ALLOWED = "PolicyNotAllowed";
    public static final String PREFIX_OVERLAP = "PrefixOverlap";
    public static final String INVALID_CERTIFICATE = "InvalidCertificate";
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String GATEWAY_REFUSED = "GatewayRefused";
    public static final String GATEWAY_NOT_FOUND = "GatewayNotFound";
    public static final String STILL_REFERENCED = "StillReferenced";
    public static final String RESOLUTION_FAILED = "ResolutionFailed";
}
