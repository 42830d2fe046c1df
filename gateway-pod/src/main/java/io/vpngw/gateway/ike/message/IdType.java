package io.vpngw.gateway.ike.message;

import java.util.Map;

/** Identification types of IDi and IDr payloads (RFC 7296 §3.5, RFC 7619 for ID_NULL). */
public record IdType(int code) implements RegistryCode {

    /** A single four-octet IPv4 address. */
    public static final IdType IPV4_ADDR = new IdType(1);
    /** A fully qualified domain name, no terminator. */
    public static final IdType FQDN = new IdType(2);
    /** An e-mail address, no terminator. */
    public static final IdType RFC822_ADDR = new IdType(3);
    /** A single sixteen-octet IPv6 address. */
    public static final IdType IPV6_ADDR = new IdType(5);
    /** The DER encoding of an X.500 distinguished name. */
    public static final IdType DER_ASN1_DN = new IdType(9);
    /** The DER encoding of an X.509 GeneralName. */
    public static final IdType DER_ASN1_GN = new IdType(10);
    /** An opaque octet string, often carrying vendor-specific identities. */
    public static final IdType KEY_ID = new IdType(11);
    /** RFC 4595. */
    public static final IdType FC_NAME = new IdType(12);
    /** No identity, for NULL authentication (RFC 7619). */
    public static final IdType NULL_ID = new IdType(13);

    private static final CodeNames NAMES = new CodeNames("IdType", Map.ofEntries(
            Map.entry(1, "ID_IPV4_ADDR"),
            Map.entry(2, "ID_FQDN"),
            Map.entry(3, "ID_RFC822_ADDR"),
            Map.entry(5, "ID_IPV6_ADDR"),
            Map.entry(9, "ID_DER_ASN1_DN"),
            Map.entry(10, "ID_DER_ASN1_GN"),
            Map.entry(11, "ID_KEY_ID"),
            Map.entry(12, "ID_FC_NAME"),
            Map.entry(13, "ID_NULL")));

    public IdType {
        FieldRange.u8(code, "IdType");
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
