package io.vpngw.gateway.ike.message;

import java.util.Objects;

/**
 * SK payload (RFC 7296 §3.14): the protected payloads of a message, opaque to this codec. It is
 * always the last payload, so its body is the last {@code body.length()} octets of the message,
 * which is what the integrity check and AEAD associated data are computed around.
 *
 * <p>Once decrypted (IV, padding, pad length and ICV removed), the inner payloads are read with
 * {@link #parseInner}.
 *
 * @param firstInnerPayload the type of the first payload inside; the SK payload's Next Payload
 *                          field carries it
 * @param body              IV, ciphertext and integrity checksum as they travel
 */
public record EncryptedPayload(PayloadType firstInnerPayload, Octets body) implements Payload {

    public EncryptedPayload {
        Objects.requireNonNull(firstInnerPayload, "firstInnerPayload");
        Objects.requireNonNull(body, "body");
        FieldRange.length16(body.length(), GENERIC_HEADER_SIZE, "SK payload");
    }

    /**
     * Reads the payloads of the decrypted content in {@code plaintext[offset, offset+length)},
     * starting from {@link #firstInnerPayload}. Never throws for any content of the plaintext.
     */
    public ParseResult<PayloadChain> parseInner(byte[] plaintext, int offset, int length) {
        return PayloadChain.parse(plaintext, offset, length, firstInnerPayload);
    }

    @Override
    public PayloadType type() {
        return PayloadType.SK;
    }

    int bodyLength() {
        return body.length();
    }

    static EncryptedPayload read(PayloadType firstInner, WireReader body) throws MalformedException {
        return new EncryptedPayload(firstInner, body.rest());
    }

    void writeBody(WireWriter out) {
        out.octets(body);
    }
}
