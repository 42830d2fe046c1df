package io.vpngw.gateway.ike.message;

import java.util.Objects;

/**
 * SKF payload (RFC 7383 §2.5): one encrypted fragment of a message too large for a datagram. Like
 * SK it is the last payload and its body is opaque. Decrypted fragments are joined in fragment
 * number order and the result read as one inner payload chain starting from the first fragment's
 * {@code firstInnerPayload}.
 *
 * @param fragmentNumber    1-based position of this fragment
 * @param totalFragments    how many fragments the message was cut into; at least
 *                          {@code fragmentNumber}
 * @param firstInnerPayload the first inner payload's type in fragment 1; {@link PayloadType#NONE}
 *                          in the others
 * @param body              IV, ciphertext and integrity checksum as they travel
 */
public record EncryptedFragmentPayload(
        int fragmentNumber, int totalFragments, PayloadType firstInnerPayload, Octets body) implements Payload {

    private static final int FIXED_SIZE = 4;

    public EncryptedFragmentPayload {
        String problem = numberingProblem(fragmentNumber, totalFragments);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        Objects.requireNonNull(firstInnerPayload, "firstInnerPayload");
        Objects.requireNonNull(body, "body");
        FieldRange.length16(FIXED_SIZE + body.length(), GENERIC_HEADER_SIZE, "SKF payload");
    }

    @Override
    public PayloadType type() {
        return PayloadType.SKF;
    }

    int bodyLength() {
        return FIXED_SIZE + body.length();
    }

    static EncryptedFragmentPayload read(PayloadType firstInner, WireReader body) throws MalformedException {
        int number = body.u16();
        int total = body.u16();
        String problem = numberingProblem(number, total);
        if (problem != null) {
            // RFC 7383 §2.6.1: such a fragment is discarded.
            throw body.malformed(problem);
        }
        return new EncryptedFragmentPayload(number, total, firstInner, body.rest());
    }

    void writeBody(WireWriter out) {
        out.u16(fragmentNumber);
        out.u16(totalFragments);
        out.octets(body);
    }

    private static String numberingProblem(int number, int total) {
        if (total < 1 || total > FieldRange.MAX_U16) {
            return "total fragments must be 1..65535: " + total;
        }
        if (number < 1 || number > total) {
            return "fragment number " + number + " is outside 1.." + total;
        }
        return null;
    }
}
