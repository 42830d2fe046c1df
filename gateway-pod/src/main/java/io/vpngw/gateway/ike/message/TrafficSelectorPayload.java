package io.vpngw.gateway.ike.message;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * TSi or TSr payload (RFC 7296 §3.13): the traffic a Child SA is to carry, from the point of view
 * of one end.
 *
 * @param party     whose side of the traffic: initiator (TSi) or responder (TSr)
 * @param selectors at most 255, in wire order; the first may be the specific packet that triggered
 *                  the exchange (§2.9)
 */
public record TrafficSelectorPayload(Party party, List<TrafficSelector> selectors) implements Payload {

    private static final int FIXED_SIZE = 4;

    public TrafficSelectorPayload {
        Objects.requireNonNull(party, "party");
        selectors = List.copyOf(selectors);
        FieldRange.u8(selectors.size(), "number of traffic selectors");
        FieldRange.length16(bodyLength(selectors), GENERIC_HEADER_SIZE, "TS payload");
    }

    public static TrafficSelectorPayload of(Party party, TrafficSelector... selectors) {
        return new TrafficSelectorPayload(party, List.of(selectors));
    }

    @Override
    public PayloadType type() {
        return party == Party.INITIATOR ? PayloadType.TSI : PayloadType.TSR;
    }

    int bodyLength() {
        return bodyLength(selectors);
    }

    private static int bodyLength(List<TrafficSelector> selectors) {
        int total = FIXED_SIZE;
        for (TrafficSelector selector : selectors) {
            total += selector.encodedLength();
        }
        return total;
    }

    static TrafficSelectorPayload read(Party party, WireReader body) throws MalformedException {
        int count = body.u8();
        body.skip(3);
        List<TrafficSelector> selectors = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            selectors.add(readSelector(body));
        }
        body.expectEnd("TS payload with selector count", count);
        return new TrafficSelectorPayload(party, selectors);
    }

    void writeBody(WireWriter out) {
        out.u8(selectors.size());
        out.zeros(3);
        for (TrafficSelector selector : selectors) {
            writeSelector(selector, out);
        }
    }

    private static TrafficSelector readSelector(WireReader in) throws MalformedException {
        int type = in.u8();
        int second = in.u8();
        int length = in.u16();
        if (length < 4) {
            throw in.malformed("traffic selector length " + length + " is below 4");
        }
        WireReader selector = in.slice(length - 4);
        return switch (type) {
            case TrafficSelector.TS_IPV4_ADDR_RANGE -> {
                expectLength(selector, length, TrafficSelector.Ipv4Range.SIZE, "TS_IPV4_ADDR_RANGE");
                int startPort = selector.u16();
                int endPort = selector.u16();
                Inet4Address start = AddressOctets.ipv4(selector.bytes(4));
                Inet4Address end = AddressOctets.ipv4(selector.bytes(4));
                yield new TrafficSelector.Ipv4Range(second, startPort, endPort, start, end);
            }
            case TrafficSelector.TS_IPV6_ADDR_RANGE -> {
                expectLength(selector, length, TrafficSelector.Ipv6Range.SIZE, "TS_IPV6_ADDR_RANGE");
                int startPort = selector.u16();
                int endPort = selector.u16();
                Inet6Address start = AddressOctets.ipv6(selector.bytes(16));
                Inet6Address end = AddressOctets.ipv6(selector.bytes(16));
                yield new TrafficSelector.Ipv6Range(second, startPort, endPort, start, end);
            }
            default -> new TrafficSelector.Unknown(type, second, selector.rest());
        };
    }

    private static void writeSelector(TrafficSelector selector, WireWriter out) {
        out.u8(selector.tsType());
        switch (selector) {
            case TrafficSelector.Ipv4Range r -> {
                out.u8(r.ipProtocol());
                out.u16(TrafficSelector.Ipv4Range.SIZE);
                out.u16(r.startPort());
                out.u16(r.endPort());
                out.bytes(r.startAddress().getAddress());
                out.bytes(r.endAddress().getAddress());
            }
            case TrafficSelector.Ipv6Range r -> {
                out.u8(r.ipProtocol());
                out.u16(TrafficSelector.Ipv6Range.SIZE);
                out.u16(r.startPort());
                out.u16(r.endPort());
                out.bytes(r.startAddress().getAddress());
                out.bytes(r.endAddress().getAddress());
            }
            case TrafficSelector.Unknown u -> {
                out.u8(u.secondOctet());
                out.u16(u.encodedLength());
                out.octets(u.content());
            }
        }
    }

    private static void expectLength(WireReader selector, int length, int expected, String type)
            throws MalformedException {
        if (length != expected) {
            throw selector.malformed(type + " selector must be " + expected + " octets, is " + length);
        }
    }
}
