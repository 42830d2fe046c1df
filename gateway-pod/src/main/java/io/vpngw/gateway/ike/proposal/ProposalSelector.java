package io.vpngw.gateway.ike.proposal;

import io.vpngw.gateway.ike.message.Octets;
import io.vpngw.gateway.ike.message.Proposal;
import io.vpngw.gateway.ike.message.Transform;
import io.vpngw.gateway.ike.message.TransformType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Responder-side proposal selection (RFC 7296 §3.3.6): the first of the initiator's proposals that
 * one of ours accepts, transform type by transform type, keeping the initiator's order of
 * preference within each type.
 */
public final class ProposalSelector {

    private ProposalSelector() {
    }

    /**
     * Chooses from {@code offered}.
     *
     * @param offered          the initiator's proposals in its order
     * @param acceptable       what we accept
     * @param preferredKeGroup the group of the initiator's KE payload: chosen when the proposal and
     *                         we both allow it, so that no INVALID_KE_PAYLOAD round trip is needed
     * @param ourSpi           the SPI to put in the chosen proposal (empty for a new IKE SA)
     * @return the accepted proposal with one transform per type, under the initiator's number
     */
    public static Optional<Proposal> select(List<Proposal> offered, List<ProposalSpec> acceptable,
                                            OptionalInt preferredKeGroup, Octets ourSpi) {
        for (Proposal proposal : offered) {
            for (ProposalSpec spec : acceptable) {
                Optional<List<Transform>> chosen = match(proposal, spec, preferredKeGroup);
                if (chosen.isPresent()) {
                    return Optional.of(new Proposal(proposal.number(), proposal.protocol(), ourSpi, chosen.get()));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a responder's answer is one we could have chosen from our offer: a single proposal
     * of our protocol with exactly one acceptable transform per type (RFC 7296 §2.7).
     */
    public static boolean isValidChoice(Proposal chosen, List<ProposalSpec> offered) {
        Set<TransformType> seen = new LinkedHashSet<>();
        for (Transform transform : chosen.transforms()) {
            if (!seen.add(transform.type())) {
                return false;
            }
        }
        return offered.stream().anyMatch(spec -> match(chosen, spec, OptionalInt.empty()).isPresent());
    }

    private static Optional<List<Transform>> match(Proposal proposal, ProposalSpec spec, OptionalInt preferredKeGroup) {
        if (!proposal.protocol().equals(spec.protocol())) {
            return Optional.empty();
        }
        Map<TransformType, List<Transform>> offeredByType = new LinkedHashMap<>();
        for (Transform transform : proposal.transforms()) {
            offeredByType.computeIfAbsent(transform.type(), t -> new ArrayList<>()).add(transform);
        }
        List<Transform> chosen = new ArrayList<>();
        for (Map.Entry<TransformType, List<Transform>> ours : spec.transforms().entrySet()) {
            List<Transform> theirs = offeredByType.remove(ours.getKey());
            if (theirs == null) {
                // A type we would send as "none" (no ESN) may be left out by the peer.
                if (ours.getValue().stream().anyMatch(t -> t.id() == 0)) {
                    continue;
                }
                return Optional.empty();
            }
            Optional<Transform> pick = pick(theirs, ours.getValue(), ours.getKey(), preferredKeGroup);
            if (pick.isEmpty()) {
                return Optional.empty();
            }
            chosen.add(pick.get());
        }
        // Types we do not use are acceptable only if the peer lets us pick NONE (ID 0) for them.
        for (List<Transform> rest : offeredByType.values()) {
            Optional<Transform> none = rest.stream().filter(t -> t.id() == 0 && t.attributes().isEmpty()).findFirst();
            if (none.isEmpty()) {
                return Optional.empty();
            }
            chosen.add(none.get());
        }
        return Optional.of(List.copyOf(chosen));
    }

    private static Optional<Transform> pick(List<Transform> theirs, List<Transform> ours, TransformType type,
                                            OptionalInt preferredKeGroup) {
        if (type.equals(TransformType.KE) && preferredKeGroup.isPresent()) {
            int group = preferredKeGroup.getAsInt();
            Optional<Transform> preferred = theirs.stream()
                    .filter(t -> t.id() == group && ours.contains(t)).findFirst();
            if (preferred.isPresent()) {
                return preferred;
            }
        }
        return theirs.stream().filter(ours::contains).findFirst();
    }
}
