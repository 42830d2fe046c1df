package io.vpngw.gateway.ike.message;

import java.util.Objects;

/**
 * KE payload (RFC 7296 §3.4): the sender's public key-exchange value for one group.
 *
 * @param group the key exchange method (Transform Type 4 ID) the data belongs to
 * @param data  the public value, in the group's encoding
 */
public record KeyExchangePayload(int group, Octets data) implements Payload {

    public KeyExchangePayload {
        FieldRange.u16(group, "key exchange group");
        Objects.requireNonNull(data, "data");
        FieldRange.length16(4 + data.length(), GENERIC_HEADER_SIZE, "KE payload");
    }

    @Override
    public PayloadType type() {
        return PayloadType.KE;
    }

    int bodyLength() {
        return 4 + data.length();
    }

    static KeyExchangePayload read(WireReader body) throws MalformedException {
        int group = body.u16();
        body.skip(2);
        return new KeyExchangePayload(group, body.rest());
    }

    void writeBody(WireWriter out) {
        out.u16(group);
        out.u16(0);
        out.octets(data);
    }
}
