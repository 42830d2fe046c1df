package io.vpngw.gateway.ike.message;

import java.util.Objects;

/**
 * A payload of a type this codec does not understand, kept whole so it can be skipped, logged or
 * relayed. If {@code critical} is set the peer demands that the whole message be rejected when the
 * type is not understood: answer UNSUPPORTED_CRITICAL_PAYLOAD (RFC 7296 §2.5); see
 * {@link PayloadChain#unsupportedCriticalPayload()}.
 *
 * @param type     the payload type; never one this codec has a record for, nor none
 * @param critical the critical bit of the generic payload header
 * @param body     the payload's octets after the generic header
 */
public record UnknownPayload(PayloadType type, boolean critical, Octets body) implements Payload {

    public UnknownPayload {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(body, "body");
        if (type.equals(PayloadType.NONE) || type.hasDedicatedRecord()) {
            throw new IllegalArgumentException(type + " is not an unknown payload type");
        }
        FieldRange.length16(body.length(), GENERIC_HEADER_SIZE, "payload");
    }

    int bodyLength() {
        return body.length();
    }

    void writeBody(WireWriter out) {
        out.octets(body);
    }
}
