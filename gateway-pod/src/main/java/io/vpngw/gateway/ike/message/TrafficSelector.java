package io.vpngw.gateway.ike.message;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.Arrays;
import java.util.Objects;

/**
 * One traffic selector of a TSi or TSr payload (RFC 7296 §3.13.1): a range of addresses, ports and
 * an IP protocol. Ports are taken as they travel: start greater than end (65535..0) is how a peer
 * says OPAQUE, and for ICMP the two octets of each port hold type and code.
 */
public sealed interface TrafficSelector {

    int TS_IPV4_ADDR_RANGE = 7;
    int TS_IPV6_ADDR_RANGE = 8;
    /** IP protocol 0: any protocol. */
    int ANY_PROTOCOL = 0;

    /** The TS Type code. */
    int tsType();

    /** Octets the selector occupies on the wire. */
    int encodedLength();

    /** IPv4 address range, {@code startAddress}..{@code endAddress} inclusive. */
    record Ipv4Range(int ipProtocol, int startPort, int endPort, Inet4Address startAddress, Inet4Address endAddress)
            implements TrafficSelector {

        static final int SIZE = 16;

        public Ipv4Range {
            checkPorts(ipProtocol, startPort, endPort);
            Objects.requireNonNull(startAddress, "startAddress");
            Objects.requireNonNull(endAddress, "endAddress");
        }

        /** Every IPv4 address, protocol and port. */
        public static Ipv4Range all() {
            byte[] ones = {-1, -1, -1, -1};
            return new Ipv4Range(ANY_PROTOCOL, 0, 0xFFFF, AddressOctets.ipv4(new byte[4]), AddressOctets.ipv4(ones));
        }

        @Override
        public int tsType() {
            return TS_IPV4_ADDR_RANGE;
        }

        @Override
        public int encodedLength() {
            return SIZE;
        }
    }

    /** IPv6 address range, {@code startAddress}..{@code endAddress} inclusive. */
    record Ipv6Range(int ipProtocol, int startPort, int endPort, Inet6Address startAddress, Inet6Address endAddress)
            implements TrafficSelector {

        static final int SIZE = 40;

        public Ipv6Range {
            checkPorts(ipProtocol, startPort, endPort);
            Objects.requireNonNull(startAddress, "startAddress");
            Objects.requireNonNull(endAddress, "endAddress");
        }

        /** Every IPv6 address, protocol and port. */
        public static Ipv6Range all() {
            byte[] ones = new byte[16];
            Arrays.fill(ones, (byte) -1);
            return new Ipv6Range(ANY_PROTOCOL, 0, 0xFFFF, AddressOctets.ipv6(new byte[16]), AddressOctets.ipv6(ones));
        }

        @Override
        public int tsType() {
            return TS_IPV6_ADDR_RANGE;
        }

        @Override
        public int encodedLength() {
            return SIZE;
        }
    }

    /**
     * A selector of a type this codec does not interpret (e.g. RFC 9478 security labels), kept so
     * that it can be refused or relayed as received.
     *
     * @param tsType      the TS Type code; never 7 or 8
     * @param secondOctet the octet after TS Type: IP Protocol ID for address selectors, reserved
     *                    for others
     * @param content     the octets after the Selector Length field
     */
    record Unknown(int tsType, int secondOctet, Octets content) implements TrafficSelector {

        public Unknown {
            FieldRange.u8(tsType, "TS type");
            if (tsType == TS_IPV4_ADDR_RANGE || tsType == TS_IPV6_ADDR_RANGE) {
                throw new IllegalArgumentException("TS type " + tsType + " has its own record");
            }
            FieldRange.u8(secondOctet, "second octet");
            Objects.requireNonNull(content, "content");
            FieldRange.length16(content.length(), 4, "traffic selector");
        }

        @Override
        public int encodedLength() {
            return 4 + content.length();
        }
    }

    private static void checkPorts(int ipProtocol, int startPort, int endPort) {
        FieldRange.u8(ipProtocol, "IP protocol");
        FieldRange.u16(startPort, "start port");
        FieldRange.u16(endPort, "end port");
    }
}
