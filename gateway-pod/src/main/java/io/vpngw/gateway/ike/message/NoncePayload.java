package io.vpngw.gateway.ike.message;

import java.util.Objects;

/**
 * Ni or Nr payload (RFC 7296 §3.9): fresh random data that makes each exchange's keys unique.
 *
 * @param nonce between {@value #MIN_SIZE} and {@value #MAX_SIZE} octets, as §3.9 requires
 */
public record NoncePayload(Octets nonce) implements Payload {

    public static final int MIN_SIZE = 16;
    public static final int MAX_SIZE = 256;

    public NoncePayload {
        Objects.requireNonNull(nonce, "nonce");
        if (nonce.length() < MIN_SIZE || nonce.length() > MAX_SIZE) {
            throw new IllegalArgumentException("nonce must be 16..256 octets: " + nonce.length());
        }
    }

    @Override
    public PayloadType type() {
        return PayloadType.NONCE;
    }

    int bodyLength() {
        return nonce.length();
    }

    static NoncePayload read(WireReader body) throws MalformedException {
        int size = body.remaining();
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw body.malformed("nonce of " + size + " octets is outside 16..256");
        }
        return new NoncePayload(body.rest());
    }

    void writeBody(WireWriter out) {
        out.octets(nonce);
    }
}
