package io.vpngw.gateway.ike.message;

import java.util.Objects;

/**
 * EAP payload (RFC 7296 §3.16): one EAP message (RFC 3748), left for the EAP layer to interpret.
 *
 * @param message the EAP message, Code field first
 */
public record EapPayload(Octets message) implements Payload {

    public EapPayload {
        Objects.requireNonNull(message, "message");
        FieldRange.length16(message.length(), GENERIC_HEADER_SIZE, "EAP payload");
    }

    @Override
    public PayloadType type() {
        return PayloadType.EAP;
    }

    int bodyLength() {
        return message.length();
    }

    static EapPayload read(WireReader body) throws MalformedException {
        return new EapPayload(body.rest());
    }

    void writeBody(WireWriter out) {
        out.octets(message);
    }
}
