package io.vpngw.gateway.ike.message;

import java.util.ArrayList;
import java.util.List;

/**
 * SA payload (RFC 7296 §3.3): the proposals an initiator offers, or the single one a responder
 * accepted.
 *
 * @param proposals at least one, in wire order
 */
public record SecurityAssociationPayload(List<Proposal> proposals) implements Payload {

    public SecurityAssociationPayload {
        proposals = List.copyOf(proposals);
        if (proposals.isEmpty()) {
            throw new IllegalArgumentException("an SA payload carries at least one proposal");
        }
        FieldRange.length16(bodyLength(proposals), GENERIC_HEADER_SIZE, "SA payload");
    }

    public static SecurityAssociationPayload of(Proposal... proposals) {
        return new SecurityAssociationPayload(List.of(proposals));
    }

    @Override
    public PayloadType type() {
        return PayloadType.SA;
    }

    int bodyLength() {
        return bodyLength(proposals);
    }

    private static int bodyLength(List<Proposal> proposals) {
        int total = 0;
        for (Proposal proposal : proposals) {
            total += proposal.encodedLength();
            if (total > FieldRange.MAX_U16) {
                break; // already too long; stop before the sum could overflow
            }
        }
        return total;
    }

    static SecurityAssociationPayload read(WireReader body) throws MalformedException {
        List<Proposal> proposals = new ArrayList<>();
        int lastSubstructure;
        do {
            lastSubstructure = body.u8();
            if (lastSubstructure != Proposal.LAST && lastSubstructure != Proposal.MORE) {
                throw body.malformed("proposal Last Substruc must be 0 or 2, is " + lastSubstructure);
            }
            body.skip(1);
            int length = body.u16();
            if (length < Proposal.FIXED_SIZE) {
                throw body.malformed("proposal length " + length + " is below " + Proposal.FIXED_SIZE);
            }
            proposals.add(Proposal.readBody(body.slice(length - 4)));
        } while (lastSubstructure == Proposal.MORE);
        body.expectEnd("SA payload after proposal", proposals.size());
        return new SecurityAssociationPayload(proposals);
    }

    void writeBody(WireWriter out) {
        for (int i = 0; i < proposals.size(); i++) {
            proposals.get(i).write(out, i == proposals.size() - 1);
        }
    }
}
