package io.vpngw.gateway.ike.engine;

import io.vpngw.gateway.crypto.SecretBytes;
import io.vpngw.gateway.crypto.dh.InvalidPeerPublicValueException;
import io.vpngw.gateway.crypto.dh.KeyExchange;
import io.vpngw.gateway.ike.IkeEvent;
import io.vpngw.gateway.ike.engine.Exchange.Inbound;
import io.vpngw.gateway.ike.engine.Exchange.Step;
import io.vpngw.gateway.ike.message.ExchangeType;
import io.vpngw.gateway.ike.message.KeyExchangePayload;
import io.vpngw.gateway.ike.message.NoncePayload;
import io.vpngw.gateway.ike.message.Octets;
import io.vpngw.gateway.ike.message.Payload;
import io.vpngw.gateway.ike.message.PayloadChain;
import io.vpngw.gateway.ike.message.Proposal;
import io.vpngw.gateway.ike.message.ProtocolId;
import io.vpngw.gateway.ike.message.SecurityAssociationPayload;
import io.vpngw.gateway.ike.proposal.IkeSuite;
import io.vpngw.gateway.ike.proposal.ProposalSelector;
import io.vpngw.gateway.ike.proposal.ProposalSpec;
import java.util.List;
import java.util.Optional;

/**
 * Rekeys the IKE SA with CREATE_CHILD_SA (RFC 7296 §1.3.2, §2.18): new SPIs, a fresh
 * Diffie-Hellman and SKEYSEED from the old SK_d; the Child SAs move to the new SA and the old one
 * is deleted. We become the new SA's original initiator.
 */
final class IkeRekeyTask implements Exchange.InitiatorTask {

    private long newSpi;
    private byte[] nonce;
    private KeyExchange keyExchange;

    @Override
    public ExchangeType exchange() {
        return ExchangeType.CREATE_CHILD_SA;
    }

    @Override
    public Optional<List<Payload>> buildRequest(IkeSa sa) {
        if (sa.state != IkeSa.State.ESTABLISHED) {
            return Optional.empty();
        }
        newSpi = sa.engine.newIkeSpi();
        nonce = sa.engine.nonce();
        keyExchange = KeyExchange.generate(sa.suite.group(), sa.engine.random);
        List<ProposalSpec> offered = sa.connection.policy().ikeOffered();
        return Optional.of(List.of(
                new SecurityAssociationPayload(ProposalSpec.toProposals(offered, Octets.ofLong(newSpi))),
                new NoncePayload(Octets.copyOf(nonce)),
                new KeyExchangePayload(keyExchange.group().id(), Octets.copyOf(keyExchange.publicValue()))));
    }

    @Override
    public Step processResponse(IkeSa sa, Inbound response) {
        PayloadChain payloads = response.payloads();
        Optional<SecurityAssociationPayload> saPayload = payloads.first(SecurityAssociationPayload.class);
        Optional<NoncePayload> nr = payloads.first(NoncePayload.class);
        Optional<KeyExchangePayload> ke = payloads.first(KeyExchangePayload.class);
        if (payloads.firstError().isPresent() || saPayload.isEmpty() || nr.isEmpty() || ke.isEmpty()
                || saPayload.get().proposals().size() != 1) {
            // The old SA stays usable; a later attempt may succeed.
            sa.engine.events.accept(new IkeEvent.ChildSaFailed(sa.connection.name(),
                    IkeAuthTask.childFailure(payloads.firstError())));
            return Step.DONE;
        }
        Proposal chosen = saPayload.get().proposals().getFirst();
        Optional<IkeSuite> suite = IkeSuite.from(chosen);
        if (!chosen.protocol().equals(ProtocolId.IKE) || chosen.spi().length() != 8
                || !ProposalSelector.isValidChoice(chosen, sa.connection.policy().ikeOffered()) || suite.isEmpty()
                || suite.get().group() != keyExchange.group() || ke.get().group() != keyExchange.group().id()) {
            sa.engine.events.accept(new IkeEvent.ChildSaFailed(sa.connection.name(), io.vpngw.gateway.ike.IkeFailure.PROTOCOL_ERROR));
            return Step.DONE;
        }
        SecretBytes sharedSecret;
        try {
            sharedSecret = keyExchange.sharedSecret(ke.get().data().toByteArray());
        } catch (InvalidPeerPublicValueException e) {
            sa.engine.events.accept(new IkeEvent.ChildSaFailed(sa.connection.name(), io.vpngw.gateway.ike.IkeFailure.PROTOCOL_ERROR));
            return Step.DONE;
        }
        long peerSpi = chosen.spi().asReadOnlyBuffer().getLong();
        IkeSa successor = IkeSaRekeying.successor(sa, true, newSpi, peerSpi, suite.get(), sharedSecret, nonce,
                nr.get().nonce().toByteArray());
        sa.tasks.queueFirst(new IkeDeleteTask());
        successor.engine.events.accept(new IkeEvent.Rekeyed(sa.connection.name(), successor.initiatorSpi,
                successor.responderSpi));
        return Step.DONE;
    }
}
