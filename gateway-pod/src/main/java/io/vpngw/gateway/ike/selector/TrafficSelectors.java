package io.vpngw.gateway.ike.selector;

import io.vpngw.gateway.ike.message.TrafficSelector;
import io.vpngw.gateway.ike.message.TrafficSelector.Ipv4Range;
import io.vpngw.gateway.ike.message.TrafficSelector.Ipv6Range;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Traffic selectors from configured prefixes, and their narrowing by a responder (RFC 7296 §2.9). */
public final class TrafficSelectors {

    private TrafficSelectors() {
    }

    /** Every protocol and port of a prefix such as {@code 10.1.0.0/16} or {@code fd00::/8}. */
    public static TrafficSelector fromPrefix(String prefix) {
        int slash = prefix.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a prefix: " + prefix);
        }
        byte[] address = literal(prefix.substring(0, slash).trim());
        int length = Integer.parseInt(prefix.substring(slash + 1).trim());
        if (length < 0 || length > address.length * 8) {
            throw new IllegalArgumentException("prefix length out of range: " + prefix);
        }
        byte[] start = address.clone();
        byte[] end = address.clone();
        for (int bit = length; bit < address.length * 8; bit++) {
            int mask = 0x80 >>> (bit % 8);
            start[bit / 8] &= (byte) ~mask;
            end[bit / 8] |= (byte) mask;
        }
        return address.length == 4
                ? new Ipv4Range(TrafficSelector.ANY_PROTOCOL, 0, 0xFFFF, ipv4(start), ipv4(end))
                : new Ipv6Range(TrafficSelector.ANY_PROTOCOL, 0, 0xFFFF, ipv6(start), ipv6(end));
    }

    public static List<TrafficSelector> fromPrefixes(List<String> prefixes) {
        return prefixes.stream().map(TrafficSelectors::fromPrefix).toList();
    }

    /**
     * The parts of {@code proposed} that {@code allowed} permits: every pairwise intersection, in
     * the proposer's order, without duplicates. Empty when nothing fits (TS_UNACCEPTABLE).
     */
    public static List<TrafficSelector> narrow(List<TrafficSelector> proposed, List<TrafficSelector> allowed) {
        List<TrafficSelector> result = new ArrayList<>();
        for (TrafficSelector offer : proposed) {
            for (TrafficSelector permit : allowed) {
                intersect(offer, permit).filter(ts -> !result.contains(ts)).ifPresent(result::add);
            }
        }
        return List.copyOf(result);
    }

    /** Whether every selector of {@code narrowed} lies within some selector of {@code proposed}. */
    public static boolean isWithin(List<TrafficSelector> narrowed, List<TrafficSelector> proposed) {
        return narrowed.stream().allMatch(ts -> proposed.stream()
                .anyMatch(p -> intersect(ts, p).map(ts::equals).orElse(false)));
    }

    /** The common part of two selectors of the same address family, if any. */
    public static Optional<TrafficSelector> intersect(TrafficSelector a, TrafficSelector b) {
        return switch (a) {
            case Ipv4Range x when b instanceof Ipv4Range y -> range(x.ipProtocol(), y.ipProtocol(), x.startPort(),
                    x.endPort(), y.startPort(), y.endPort(), x.startAddress(), x.endAddress(), y.startAddress(),
                    y.endAddress()).map(r -> new Ipv4Range(r.protocol, r.startPort, r.endPort,
                    ipv4(r.start), ipv4(r.end)));
            case Ipv6Range x when b instanceof Ipv6Range y -> range(x.ipProtocol(), y.ipProtocol(), x.startPort(),
                    x.endPort(), y.startPort(), y.endPort(), x.startAddress(), x.endAddress(), y.startAddress(),
                    y.endAddress()).map(r -> new Ipv6Range(r.protocol, r.startPort, r.endPort,
                    ipv6(r.start), ipv6(r.end)));
            default -> Optional.empty();
        };
    }

    private record Range(int protocol, int startPort, int endPort, byte[] start, byte[] end) {}

    private static Optional<Range> range(int protocolA, int protocolB, int startA, int endA, int startB, int endB,
                                         InetAddress fromA, InetAddress toA, InetAddress fromB, InetAddress toB) {
        int protocol;
        if (protocolA == protocolB || protocolB == TrafficSelector.ANY_PROTOCOL) {
            protocol = protocolA;
        } else if (protocolA == TrafficSelector.ANY_PROTOCOL) {
            protocol = protocolB;
        } else {
            return Optional.empty();
        }
        int startPort = Math.max(startA, startB);
        int endPort = Math.min(endA, endB);
        if (startPort > endPort) {
            return Optional.empty();
        }
        byte[] start = max(fromA.getAddress(), fromB.getAddress());
        byte[] end = min(toA.getAddress(), toB.getAddress());
        if (Arrays.compareUnsigned(start, end) > 0) {
            return Optional.empty();
        }
        return Optional.of(new Range(protocol, startPort, endPort, start, end));
    }

    private static byte[] max(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b) >= 0 ? a : b;
    }

    private static byte[] min(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b) <= 0 ? a : b;
    }

    /** Parses an IPv4 or IPv6 address literal, never resolving a name. */
    public static InetAddress addressLiteral(String text) {
        byte[] octets = literal(text.trim());
        return octets.length == 4 ? ipv4(octets) : ipv6(octets);
    }

    private static byte[] literal(String text) {
        boolean numeric = text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
        if (!numeric || text.isEmpty()) {
            throw new IllegalArgumentException("not an address literal: " + text);
        }
        try {
            // Only literals reach here, so no name lookup happens.
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address literal: " + text, e);
        }
    }

    private static Inet4Address ipv4(byte[] octets) {
        try {
            return (Inet4Address) InetAddress.getByAddress(octets);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Inet6Address ipv6(byte[] octets) {
        try {
            return Inet6Address.getByAddress(null, octets, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
