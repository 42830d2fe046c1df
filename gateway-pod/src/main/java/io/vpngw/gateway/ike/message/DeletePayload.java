package io.vpngw.gateway.ike.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Delete payload (RFC 7296 §3.11): SAs the sender has removed. Deleting the IKE SA carries
 * protocol IKE and no SPIs; deleting Child SAs lists their inbound SPIs (4 octets each).
 *
 * @param protocol which kind of SA
 * @param spiSize  octets per SPI: 0 for the IKE SA, 4 for ESP and AH
 * @param spis     the SPIs, each {@code spiSize} long; none when {@code spiSize} is 0
 */
public record DeletePayload(ProtocolId protocol, int spiSize, List<Octets> spis) implements Payload {

    private static final int FIXED_SIZE = 4;

    public DeletePayload {
        Objects.requireNonNull(protocol, "protocol");
        FieldRange.u8(spiSize, "SPI size");
        spis = List.copyOf(spis);
        FieldRange.u16(spis.size(), "number of SPIs");
        for (Octets spi : spis) {
            if (spi.length() != spiSize) {
                throw new IllegalArgumentException("every SPI must be " + spiSize + " octets: " + spi);
            }
        }
        if (spiSize == 0 && !spis.isEmpty()) {
            throw new IllegalArgumentException("zero-length SPIs cannot be listed");
        }
        FieldRange.length16(FIXED_SIZE + spiSize * spis.size(), GENERIC_HEADER_SIZE, "Delete payload");
    }

    /** Deletion of the IKE SA the message travels in. */
    public static DeletePayload ikeSa() {
        return new DeletePayload(ProtocolId.IKE, 0, List.of());
    }

    /** Deletion of ESP or AH SAs by their inbound SPIs. */
    public static DeletePayload childSas(ProtocolId protocol, int... spis) {
        List<Octets> list = new ArrayList<>();
        for (int spi : spis) {
            list.add(Octets.ofInt(spi));
        }
        return new DeletePayload(protocol, 4, list);
    }

    /** The SPIs as 32-bit values, for ESP and AH deletions. */
    public List<Integer> childSaSpis() {
        if (spiSize != 4) {
            return List.of();
        }
        return spis.stream().map(s -> s.asReadOnlyBuffer().getInt()).toList();
    }

    @Override
    public PayloadType type() {
        return PayloadType.DELETE;
    }

    int bodyLength() {
        return FIXED_SIZE + spiSize * spis.size();
    }

    static DeletePayload read(WireReader body) throws MalformedException {
        int protocol = body.u8();
        int spiSize = body.u8();
        int count = body.u16();
        // Checked before reading so that a large count with tiny SPIs cannot make many objects.
        if (spiSize == 0 && count != 0) {
            throw body.malformed("Delete lists " + count + " SPIs of zero octets");
        }
        if (spiSize * count != body.remaining()) {
            throw body.malformed("Delete of " + count + " SPIs of " + spiSize + " octets has "
                    + body.remaining() + " octets of SPIs");
        }
        List<Octets> spis = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            spis.add(body.octets(spiSize));
        }
        return new DeletePayload(new ProtocolId(protocol), spiSize, spis);
    }

    void writeBody(WireWriter out) {
        out.u8(protocol.code());
        out.u8(spiSize);
        out.u16(spis.size());
        for (Octets spi : spis) {
            out.octets(spi);
        }
    }
}
