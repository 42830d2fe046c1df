package io.vpngw.gateway.ike.message;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.Objects;
import java.util.Optional;

/**
 * One attribute of a Configuration payload (RFC 7296 §3.15.1). An empty value in a CFG_REQUEST
 * asks for the attribute; the reply fills it in. Values are kept as received; the typed accessors
 * return empty when the length does not fit the type.
 *
 * @param attributeType the 15-bit type
 * @param value         the value, possibly empty
 */
public record ConfigurationAttribute(ConfigAttributeType attributeType, Octets value) {

    public ConfigurationAttribute {
        Objects.requireNonNull(attributeType, "attributeType");
        Objects.requireNonNull(value, "value");
        FieldRange.u16(value.length(), "attribute length");
    }

    /** An attribute with no value, as a CFG_REQUEST asks for one. */
    public static ConfigurationAttribute request(ConfigAttributeType type) {
        return new ConfigurationAttribute(type, Octets.EMPTY);
    }

    /** INTERNAL_IP4_ADDRESS, _NETMASK, _DNS, _NBNS or _DHCP with an address. */
    public static ConfigurationAttribute ipv4(ConfigAttributeType type, Inet4Address address) {
        return new ConfigurationAttribute(type, Octets.copyOf(address.getAddress()));
    }

    /** INTERNAL_IP4_SUBNET: a protected subnet as address and netmask. */
    public static ConfigurationAttribute ipv4Subnet(Inet4Address address, Inet4Address netmask) {
        byte[] value = new byte[8];
        System.arraycopy(address.getAddress(), 0, value, 0, 4);
        System.arraycopy(netmask.getAddress(), 0, value, 4, 4);
        return new ConfigurationAttribute(ConfigAttributeType.INTERNAL_IP4_SUBNET, Octets.adopt(value));
    }

    /** INTERNAL_IP6_DNS or _DHCP with an address. */
    public static ConfigurationAttribute ipv6(ConfigAttributeType type, Inet6Address address) {
        return new ConfigurationAttribute(type, Octets.copyOf(address.getAddress()));
    }

    /** INTERNAL_IP6_ADDRESS or INTERNAL_IP6_SUBNET: an address and prefix length. */
    public static ConfigurationAttribute ipv6Prefix(ConfigAttributeType type, Inet6Address address, int prefixLength) {
        if (prefixLength < 0 || prefixLength > 128) {
            throw new IllegalArgumentException("IPv6 prefix length must be 0..128: " + prefixLength);
        }
        byte[] value = new byte[17];
        System.arraycopy(address.getAddress(), 0, value, 0, 16);
        value[16] = (byte) prefixLength;
        return new ConfigurationAttribute(type, Octets.adopt(value));
    }

    /** The value as an IPv4 address, when it is exactly four octets. */
    public Optional<Inet4Address> ipv4Address() {
        return value.length() == 4 ? Optional.of(AddressOctets.ipv4(value.toByteArray())) : Optional.empty();
    }

    /** The value as an IPv6 address, when it starts with sixteen octets (17 with a prefix length). */
    public Optional<Inet6Address> ipv6Address() {
        if (value.length() != 16 && value.length() != 17) {
            return Optional.empty();
        }
        return Optional.of(AddressOctets.ipv6(value.slice(0, 16).toByteArray()));
    }

    int encodedLength() {
        return 4 + value.length();
    }

    static ConfigurationAttribute read(WireReader in) throws MalformedException {
        // The top bit is reserved: ignored on receipt (§3.15.1).
        int type = in.u16() & 0x7FFF;
        int length = in.u16();
        return new ConfigurationAttribute(new ConfigAttributeType(type), in.octets(length));
    }

    void write(WireWriter out) {
        out.u16(attributeType.code());
        out.u16(value.length());
        out.octets(value);
    }
}
