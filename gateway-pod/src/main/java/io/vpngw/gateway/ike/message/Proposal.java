package io.vpngw.gateway.ike.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One proposal of an SA payload (RFC 7296 §3.3.1): a protocol, the sender's SPI for it and the
 * transforms on offer. An initiator numbers its proposals from 1; a responder returns the one it
 * chose under the same number.
 *
 * @param number     proposal number
 * @param protocol   IKE, AH or ESP
 * @param spi        the sender's inbound SPI: empty for the first IKE SA, 8 octets when rekeying an
 *                   IKE SA, 4 octets for ESP and AH
 * @param transforms transforms in wire order; at most 255
 */
public record Proposal(int number, ProtocolId protocol, Octets spi, List<Transform> transforms) {

    /** Octets of the fixed part of a proposal substructure. */
    static final int FIXED_SIZE = 8;
    static final int LAST = 0;
    static final int MORE = 2;

    public Proposal {
        FieldRange.u8(number, "proposal number");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(spi, "spi");
        FieldRange.u8(spi.length(), "SPI size");
        transforms = List.copyOf(transforms);
        FieldRange.u8(transforms.size(), "number of transforms");
        FieldRange.length16(contentLength(spi, transforms), FIXED_SIZE, "proposal");
    }

    /** The transforms of one type, in the order offered. */
    public List<Transform> transforms(TransformType type) {
        return transforms.stream().filter(t -> t.type().equals(type)).toList();
    }

    int encodedLength() {
        return FIXED_SIZE + contentLength(spi, transforms);
    }

    private static int contentLength(Octets spi, List<Transform> transforms) {
        int total = spi.length();
        for (Transform transform : transforms) {
            total += transform.encodedLength();
        }
        return total;
    }

    /**
     * Reads a proposal substructure whose 4-octet substructure header has been consumed;
     * {@code body} holds exactly the rest.
     */
    static Proposal readBody(WireReader body) throws MalformedException {
        int number = body.u8();
        int protocol = body.u8();
        int spiSize = body.u8();
        int transformCount = body.u8();
        Octets spi = body.octets(spiSize);
        List<Transform> transforms = new ArrayList<>();
        for (int i = 0; i < transformCount; i++) {
            transforms.add(Transform.read(body, i == transformCount - 1));
        }
        body.expectEnd("proposal", number);
        return new Proposal(number, new ProtocolId(protocol), spi, transforms);
    }

    void write(WireWriter out, boolean isLast) {
        out.u8(isLast ? LAST : MORE);
        out.u8(0);
        out.u16(encodedLength());
        out.u8(number);
        out.u8(protocol.code());
        out.u8(spi.length());
        out.u8(transforms.size());
        out.octets(spi);
        for (int i = 0; i < transforms.size(); i++) {
            transforms.get(i).write(out, i == transforms.size() - 1);
        }
    }
}
