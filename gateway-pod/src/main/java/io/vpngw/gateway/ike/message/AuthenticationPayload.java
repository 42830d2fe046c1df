package io.vpngw.gateway.ike.message;

import java.util.Objects;

/**
 * AUTH payload (RFC 7296 §3.8): the proof of identity over the signed octets of §2.15.
 *
 * @param method how {@code data} was computed
 * @param data   the signature or MIC; for {@link AuthMethod#DIGITAL_SIGNATURE} it starts with the
 *               RFC 7427 algorithm identifier
 */
public record AuthenticationPayload(AuthMethod method, Octets data) implements Payload {

    public AuthenticationPayload {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(data, "data");
        FieldRange.length16(4 + data.length(), GENERIC_HEADER_SIZE, "AUTH payload");
    }

    @Override
    public PayloadType type() {
        return PayloadType.AUTH;
    }

    int bodyLength() {
        return 4 + data.length();
    }

    static AuthenticationPayload read(WireReader body) throws MalformedException {
        int method = body.u8();
        body.skip(3);
        return new AuthenticationPayload(new AuthMethod(method), body.rest());
    }

    void writeBody(WireWriter out) {
        out.u8(method.code());
        out.zeros(3);
        out.octets(data);
    }
}
