package io.vpngw.gateway.ike.proposal;

import io.vpngw.gateway.crypto.DiffieHellmanGroup;
import io.vpngw.gateway.crypto.ProtectionSuite;
import io.vpngw.gateway.ike.message.Proposal;
import io.vpngw.gateway.ike.message.ProtocolId;
import io.vpngw.gateway.ike.message.Transform;
import io.vpngw.gateway.ike.message.TransformType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The algorithms an ESP Child SA negotiated.
 *
 * @param protection              encryption, and integrity unless AEAD
 * @param pfsGroup                the group of the exchange's own Diffie-Hellman, if any
 * @param extendedSequenceNumbers whether 64-bit sequence numbers were chosen
 */
public record ChildSuite(ProtectionSuite protection, Optional<DiffieHellmanGroup> pfsGroup,
                         boolean extendedSequenceNumbers) {

    public ChildSuite {
        Objects.requireNonNull(protection, "protection");
        Objects.requireNonNull(pfsGroup, "pfsGroup");
    }

    /** Reads a chosen ESP proposal; empty if it names anything we lack. */
    public static Optional<ChildSuite> from(Proposal chosen) {
        if (!chosen.protocol().equals(ProtocolId.ESP)) {
            return Optional.empty();
        }
        Optional<ProtectionSuite> protection = IkeSuite.protection(chosen);
        if (protection.isEmpty()) {
            return Optional.empty();
        }
        List<Transform> ke = chosen.transforms(TransformType.KE).stream().filter(t -> t.id() != 0).toList();
        Optional<DiffieHellmanGroup> group = Optional.empty();
        if (ke.size() > 1) {
            return Optional.empty();
        }
        if (ke.size() == 1) {
            group = DiffieHellmanGroup.fromId(ke.getFirst().id());
            if (group.isEmpty()) {
                return Optional.empty();
            }
        }
        List<Transform> esn = chosen.transforms(TransformType.ESN);
        if (esn.size() > 1 || esn.stream().anyMatch(t -> t.id() > 1)) {
            return Optional.empty();
        }
        boolean extended = esn.size() == 1 && esn.getFirst().id() == 1;
        return Optional.of(new ChildSuite(protection.get(), group, extended));
    }
}
