package io.vpngw.api.validation;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The {@code net.IP} value of the Kubernetes CEL IP library: an IPv4 or IPv6 address parsed as
 * Go's {@code netip.ParseAddr} does (no leading zeros in IPv4, no zones, no IPv4-mapped IPv6).
 */
public final class IpAddress {
    private final byte[] bytes;

    IpAddress(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    /** Parses an address literal; never resolves names. */
    public static IpAddress parse(String text) {
        if (text.indexOf(':') < 0) {
            return new IpAddress(parseIpv4(text));
        }
        if (text.indexOf('%') >= 0) {
            throw new IllegalArgumentException("IP address with zone value is not allowed: " + text);
        }
        if (text.contains(".")) {
            throw new IllegalArgumentException("IPv4-mapped IPv6 address is not allowed: " + text);
        }
        try {
            byte[] b = InetAddress.ofLiteral(text).getAddress();
            if (b.length != 16) {
                throw new IllegalArgumentException("IPv4-mapped IPv6 address is not allowed: " + text);
            }
            return new IpAddress(b);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("IP Address \"" + text + "\" parse error: " + e.getMessage(), e);
        }
    }

    private static byte[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("IP Address \"" + text + "\" parse error: IPv4 needs four octets");
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)
                    || (p.length() > 1 && p.charAt(0) == '0')) {
                throw new IllegalArgumentException("IP Address \"" + text + "\" parse error: bad octet \"" + p + "\"");
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                throw new IllegalArgumentException("IP Address \"" + text + "\" parse error: octet " + v + " above 255");
            }
            b[i] = (byte) v;
        }
        return b;
    }

    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** 4 or 6. */
    public long family() {
        return bytes.length == 4 ? 4 : 6;
    }

    byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        if (bytes.length == 4) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return HexFormat.of().formatHex(bytes);
        }
    }
}
