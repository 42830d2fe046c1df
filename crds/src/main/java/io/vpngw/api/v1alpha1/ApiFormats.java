package io.vpngw.api.v1alpha1;

/**
 * Regular expressions and length limits shared by the resource schemas.
 *
 * <p>They are written in the RE2 subset (no look-around) because the Kubernetes API server
 * evaluates {@code pattern} with Go's regexp; the lengths bound string sizes so that the API
 * server's CEL cost estimator accepts rules that iterate over these values.
 */
public final class ApiFormats {
    private ApiFormats() {}

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

    /** A dotted-quad IPv4 address, e.g. {@code 203.0.113.10}. */
    public static final String IPV4 = "^" + OCTET + "(\\." + OCTET + "){3}$";
    /** An IPv4 prefix in CIDR notation, e.g. {@code 10.1.0.0/16}. */
    public static final String IPV4_CIDR = "^" + OCTET + "(\\." + OCTET + "){3}/(3[0-2]|[12]?[0-9])$";
    /** A DNS name (RFC 1123 labels), e.g. {@code vpn.example.com}. */
    public static final String FQDN =
            "^([A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?\\.)*[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?$";
    /** A SHA-1 certificate thumbprint as Azure shows it: 40 hexadecimal digits. */
    public static final String THUMBPRINT = "^[0-9A-Fa-f]{40}$";
    /** Base-64 text (the DER of a certificate as Azure takes it), line breaks allowed. */
    public static final String BASE64 = "^[A-Za-z0-9+/=\\r\\n]+$";
    /** A Kubernetes object name (DNS-1123 subdomain). */
    public static final String OBJECT_NAME = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";
    /** A Secret data key. */
    public static final String SECRET_KEY = "^[-._a-zA-Z0-9]+$";

    public static final long IPV4_MAX_LENGTH = 15;
    public static final long IPV4_CIDR_MAX_LENGTH = 18;
    public static final long NAME_MAX_LENGTH = 253;
    /** Prefixes in one address space: enough for any site, small enough for CEL's cost budget. */
    public static final long MAX_PREFIXES = 64;

}
