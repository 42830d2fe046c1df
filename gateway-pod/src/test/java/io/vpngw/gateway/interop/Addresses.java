package io.vpngw.gateway.interop;

import java.util.regex.Pattern;

/**
 * Checks on the addresses and names the harness passes to ip, iptables and swanctl. Values are
 * checked rather than quoted: a malformed one should fail at the call that introduced it.
 */
final class Addresses {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

    private Addresses() {
    }

    static String requireIpv4(String address) {
        if (!IPV4.matcher(address).matches()) {
            throw new IllegalArgumentException("not an IPv4 address: " + address);
        }
        return address;
    }

    /** An IPv4 prefix such as {@code 10.1.0.0/16}. */
    static String requireIpv4Cidr(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not in CIDR notation (address/length): " + cidr);
        }
        requireIpv4(cidr.substring(0, slash));
        String length = cidr.substring(slash + 1);
        if (!length.matches("\\d{1,2}") || Integer.parseInt(length) > 32) {
            throw new IllegalArgumentException("bad prefix length in " + cidr);
        }
        return cidr;
    }

    /** Linux interface names are at most 15 bytes (IFNAMSIZ - 1). */
    static String requireInterfaceName(String name) {
        if (!INTERFACE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a usable interface name (1-15 of [A-Za-z0-9_.-]): " + name);
        }
        return name;
    }

    static String withoutPrefix(String cidr) {
        int slash = cidr.indexOf('/');
        return slash < 0 ? cidr : cidr.substring(0, slash);
    }
}
