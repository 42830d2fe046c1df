package io.vpngw.gateway.ike.engine;

import io.vpngw.gateway.ike.message.Octets;
import io.vpngw.gateway.ike.message.Proposal;
import io.vpngw.gateway.ike.message.ProtocolId;
import io.vpngw.gateway.ike.message.SecurityAssociationPayload;
import io.vpngw.gateway.ike.message.TrafficSelector;
import io.vpngw.gateway.ike.message.TransformType;
import io.vpngw.gateway.ike.proposal.ChildSuite;
import io.vpngw.gateway.ike.proposal.ProposalSelector;
import io.vpngw.gateway.ike.proposal.ProposalSpec;
import io.vpngw.gateway.ike.selector.TrafficSelectors;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Proposal and traffic selector handling shared by the exchanges that create Child SAs. */
final class ChildNegotiation {

    private ChildNegotiation() {
    }

    /** The responder's choice among ESP proposals, with the initiator's SPI for that proposal. */
    record Choice(Proposal chosen, ChildSuite suite, int peerSpi) {}

    /** Selects among the initiator's ESP proposals; empty for NO_PROPOSAL_CHOSEN. */
    static Optional<Choice> choose(SecurityAssociationPayload offered, List<ProposalSpec> acceptable,
                                   OptionalInt keGroup, int ourSpi) {
        Optional<Proposal> chosen = ProposalSelector.select(offered.proposals(), acceptable, keGroup, Octets.ofInt(ourSpi));
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        Optional<ChildSuite> suite = ChildSuite.from(chosen.get());
        Optional<Proposal> theirs = offered.proposals().stream()
                .filter(p -> p.number() == chosen.get().number()).findFirst();
        if (suite.isEmpty() || theirs.isEmpty() || theirs.get().spi().length() != 4) {
            return Optional.empty();
        }
        return Optional.of(new Choice(chosen.get(), suite.get(), spi(theirs.get().spi())));
    }

    /** The initiator's proposals without key exchange transforms, as IKE_AUTH treats them (§1.2). */
    static SecurityAssociationPayload withoutKeyExchange(SecurityAssociationPayload offered) {
        return new SecurityAssociationPayload(offered.proposals().stream()
                .map(p -> new Proposal(p.number(), p.protocol(), p.spi(),
                        p.transforms().stream().filter(t -> !t.type().equals(TransformType.KE)).toList()))
                .toList());
    }

    /** The initiator's check of the responder's single chosen ESP proposal. */
    static Optional<Choice> accepted(SecurityAssociationPayload answer, List<ProposalSpec> offered) {
        if (answer.proposals().size() != 1) {
            return Optional.empty();
        }
        Proposal chosen = answer.proposals().getFirst();
        if (!chosen.protocol().equals(ProtocolId.ESP) || chosen.spi().length() != 4
                || !ProposalSelector.isValidChoice(chosen, offered)) {
            return Optional.empty();
        }
        return ChildSuite.from(chosen).map(suite -> new Choice(chosen, suite, spi(chosen.spi())));
    }

    /** Narrowed selectors: what the peer proposed for a side, cut down to what we allow (§2.9). */
    static List<TrafficSelector> narrow(List<TrafficSelector> proposed, List<TrafficSelector> allowed) {
        return TrafficSelectors.narrow(proposed, allowed);
    }

    static int spi(Octets fourOctets) {
        return fourOctets.asReadOnlyBuffer().getInt();
    }
}
