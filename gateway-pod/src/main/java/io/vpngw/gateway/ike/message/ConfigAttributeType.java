package io.vpngw.gateway.ike.message;

import java.util.Map;

/** Attribute types of a Configuration payload (RFC 7296 §3.15.1, RFC 8598); 15-bit codes. */
public record ConfigAttributeType(int code) implements RegistryCode {

    /** 0 or 4 octets. */
    public static final ConfigAttributeType INTERNAL_IP4_ADDRESS = new ConfigAttributeType(1);
    /** 0 or 4 octets. */
    public static final ConfigAttributeType INTERNAL_IP4_NETMASK = new ConfigAttributeType(2);
    /** 0 or 4 octets. */
    public static final ConfigAttributeType INTERNAL_IP4_DNS = new ConfigAttributeType(3);
    /** 0 or 4 octets. */
    public static final ConfigAttributeType INTERNAL_IP4_NBNS = new ConfigAttributeType(4);
    /** 0 or 4 octets. */
    public static final ConfigAttributeType INTERNAL_IP4_DHCP = new ConfigAttributeType(6);
    /** 0 or more octets of printable ASCII. */
    public static final ConfigAttributeType APPLICATION_VERSION = new ConfigAttributeType(7);
    /** 0 or 17 octets: address and prefix length. */
    public static final ConfigAttributeType INTERNAL_IP6_ADDRESS = new ConfigAttributeType(8);
    /** 0 or 16 octets. */
    public static final ConfigAttributeType INTERNAL_IP6_DNS = new ConfigAttributeType(10);
    /** 0 or 16 octets. */
    public static final ConfigAttributeType INTERNAL_IP6_DHCP = new ConfigAttributeType(12);
    /** 0 or 8 octets: address and netmask. */
    public static final ConfigAttributeType INTERNAL_IP4_SUBNET = new ConfigAttributeType(13);
    /** A list of 2-octet attribute types. */
    public static final ConfigAttributeType SUPPORTED_ATTRIBUTES = new ConfigAttributeType(14);
    /** 0 or 17 octets: address and prefix length. */
    public static final ConfigAttributeType INTERNAL_IP6_SUBNET = new ConfigAttributeType(15);
    /** RFC 8598: a DNS domain for split DNS. */
    public static final ConfigAttributeType INTERNAL_DNS_DOMAIN = new ConfigAttributeType(25);
    /** RFC 8598. */
    public static final ConfigAttributeType INTERNAL_DNSSEC_TA = new ConfigAttributeType(26);

    private static final CodeNames NAMES = new CodeNames("ConfigAttributeType", Map.ofEntries(
            Map.entry(1, "INTERNAL_IP4_ADDRESS"),
            Map.entry(2, "INTERNAL_IP4_NETMASK"),
            Map.entry(3, "INTERNAL_IP4_DNS"),
            Map.entry(4, "INTERNAL_IP4_NBNS"),
            Map.entry(6, "INTERNAL_IP4_DHCP"),
            Map.entry(7, "APPLICATION_VERSION"),
            Map.entry(8, "INTERNAL_IP6_ADDRESS"),
            Map.entry(10, "INTERNAL_IP6_DNS"),
            Map.entry(12, "INTERNAL_IP6_DHCP"),
            Map.entry(13, "INTERNAL_IP4_SUBNET"),
            Map.entry(14, "SUPPORTED_ATTRIBUTES"),
            Map.entry(15, "INTERNAL_IP6_SUBNET"),
            Map.entry(25, "INTERNAL_DNS_DOMAIN"),
            Map.entry(26, "INTERNAL_DNSSEC_TA")));

    public ConfigAttributeType {
        FieldRange.u15(code, "ConfigAttributeType");
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
