package io.vpngw.api.validation;

import java.util.Arrays;
import java.util.Objects;

/**
 * The {@code net.CIDR} value of the Kubernetes CEL IP library: an address and a prefix length,
 * parsed as Go's {@code netip.ParsePrefix} does (host bits may be set; {@link #masked()} clears them).
 */
public final class IpPrefix {
    private final IpAddress address;
    private final int bits;

    private IpPrefix(IpAddress address, int bits) {
        this.address = address;
        this.bits = bits;
    }

    public static IpPrefix parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("network address parse error during conversion from string: no '/' in \"" + text + "\"");
        }
        IpAddress address = IpAddress.parse(text.substring(0, slash));
        String len = text.substring(slash + 1);
        int max = address.family() == 4 ? 32 : 128;
        if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(Character::isDigit)
                || (len.length() > 1 && len.charAt(0) == '0') || Integer.parseInt(len) > max) {
            throw new IllegalArgumentException("network address parse error during conversion from string: bad prefix length in \"" + text + "\"");
        }
        return new IpPrefix(address, Integer.parseInt(len));
    }

    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public IpAddress ip() {
        return address;
    }

    public long prefixLength() {
        return bits;
    }

    public IpPrefix masked() {
        byte[] b = address.bytes();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.clamp(bits - i * 8L, 0, 8);
            b[i] &= (byte) (0xff << (8 - keep));
        }
        return new IpPrefix(new IpAddress(b), bits);
    }

    public boolean containsIp(IpAddress ip) {
        if (ip.family() != address.family()) {
            return false;
        }
        return Arrays.equals(masked().address.bytes(), new IpPrefix(ip, bits).masked().address.bytes());
    }

    public boolean containsPrefix(IpPrefix other) {
        return other.bits >= bits && containsIp(other.address);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpPrefix other && bits == other.bits && address.equals(other.address);
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, bits);
    }

    @Override
    public String toString() {
        return address + "/" + bits;
    }
}
