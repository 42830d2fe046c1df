package io.vpngw.gateway.ike.message;

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
            selectors.add(TrafficSelector.read(body));
        }
        body.expectEnd("TS payload with selector count", count);
        return new TrafficSelectorPayload(party, selectors);
    }

    void writeBody(WireWriter out) {
        out.u8(selectors.size());
        out.zeros(3);
        for (TrafficSelector selector : selectors) {
            TrafficSelector.write(selector, out);
        }
    }
}
