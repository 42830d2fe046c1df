package io.vpngw.gateway.ike.message;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns address octets from the wire into {@link InetAddress} values without name lookups, keeping
 * IPv4-mapped IPv6 addresses as IPv6 (which {@link InetAddress#getByAddress(byte[])} does not),
 * so that an address re-encodes to the octets it came from.
 */
final class AddressOctets {

    private AddressOctets() {}

    static Inet4Address ipv4(byte[] fourOctets) {
        if (fourOctets.length != 4) {
            throw new IllegalArgumentException("an IPv4 address is 4 octets: " + fourOctets.length);
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(fourOctets);
        } catch (UnknownHostException impossibleForFourOctets) {
            throw new IllegalStateException(impossibleForFourOctets);
        }
    }

    static Inet6Address ipv6(byte[] sixteenOctets) {
        if (sixteenOctets.length != 16) {
            throw new IllegalArgumentException("an IPv6 address is 16 octets: " + sixteenOctets.length);
        }
        try {
            return Inet6Address.getByAddress(null, sixteenOctets, -1);
        } catch (UnknownHostException impossibleForSixteenOctets) {
            throw new IllegalStateException(impossibleForSixteenOctets);
        }
    }
}
