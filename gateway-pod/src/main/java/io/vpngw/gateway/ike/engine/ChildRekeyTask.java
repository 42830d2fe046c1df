package io.vpngw.gateway.ike.engine;

import io.vpngw.gateway.crypto.DiffieHellmanGroup;
import io.vpngw.gateway.crypto.SecretBytes;
import io.vpngw.gateway.crypto.dh.InvalidPeerPublicValueException;
import io.vpngw.gateway.crypto.dh.KeyExchange;
import io.vpngw.gateway.ike.ChildSaListener.ChildSaDeletion;
import io.vpngw.gateway.ike.IkeEvent;
import io.vpngw.gateway.ike.IkeFailure;
import io.vpngw.gateway.ike.engine.Exchange.Inbound;
import io.vpngw.gateway.ike.engine.Exchange.Step;
import io.vpngw.gateway.ike.message.ExchangeType;
import io.vpngw.gateway.ike.message.KeyExchangePayload;
import io.vpngw.gateway.ike.message.NoncePayload;
import io.vpngw.gateway.ike.message.NotifyPayload;
import io.vpngw.gateway.ike.message.NotifyType;
import io.vpngw.gateway.ike.message.Octets;
import io.vpngw.gateway.ike.message.Party;
import io.vpngw.gateway.ike.message.Payload;
import io.vpngw.gateway.ike.message.PayloadChain;
import io.vpngw.gateway.ike.message.ProtocolId;
import io.vpngw.gateway.ike.message.SecurityAssociationPayload;
import io.vpngw.gateway.ike.message.TrafficSelectorPayload;
import io.vpngw.gateway.ike.proposal.ProposalSpec;
import io.vpngw.gateway.ike.selector.TrafficSelectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rekeys a Child SA with CREATE_CHILD_SA (RFC 7296 §1.3.3, §2.8): the new SA is installed when the
 * answer arrives, then the old one is deleted. When the peer rekeyed the same SA at the same time,
 * the SA created with the lowest of the four nonces is redundant and its creator deletes it
 * (§2.8.1); the other exchange's initiator deletes the old SA.
 */
final class ChildRekeyTask implements Exchange.InitiatorTask {

    private final ChildSaEntry old;
    private final Optional<DiffieHellmanGroup> pfsGroup;
    private int ourSpi;
    private byte[] nonce;
    private KeyExchange keyExchange;

    ChildRekeyTask(ChildSaEntry old, Optional<DiffieHellmanGroup> pfsGroup) {
        this.old = old;
        this.pfsGroup = pfsGroup;
    }

    @Override
    public ExchangeType exchange() {
        return ExchangeType.CREATE_CHILD_SA;
    }

    @Override
    public Optional<List<Payload>> buildRequest(IkeSa sa) {
        if (!sa.children.contains(old) || old.state != ChildSaEntry.State.INSTALLED) {
            return Optional.empty();
        }
        old.state = ChildSaEntry.State.REKEYING;
        old.peerRekey = null;
        ourSpi = sa.engine.newEspSpi();
        nonce = sa.engine.nonce();
        List<Payload> payloads = new ArrayList<>();
        payloads.add(NotifyPayload.rekeySa(ProtocolId.ESP, old.sa.inboundSpi()));
        payloads.add(new SecurityAssociationPayload(
                ProposalSpec.toProposals(sa.connection.policy().espOffered(), Octets.ofInt(ourSpi))));
        payloads.add(new NoncePayload(Octets.copyOf(nonce)));
        if (pfsGroup.isPresent()) {
            keyExchange = KeyExchange.generate(pfsGroup.get(), sa.engine.random);
            payloads.add(new KeyExchangePayload(pfsGroup.get().id(), Octets.copyOf(keyExchange.publicValue())));
        }
        payloads.add(new TrafficSelectorPayload(Party.INITIATOR, old.sa.localSelectors()));
        payloads.add(new TrafficSelectorPayload(Party.RESPONDER, old.sa.remoteSelectors()));
        return Optional.of(payloads);
    }

    @Override
    public Step processResponse(IkeSa sa, Inbound response) {
        PayloadChain payloads = response.payloads();
        Optional<NotifyPayload> error = payloads.firstError();
        Optional<SecurityAssociationPayload> esp = payloads.first(SecurityAssociationPayload.class);
        Optional<NoncePayload> nr = payloads.first(NoncePayload.class);
        Optional<TrafficSelectorPayload> tsi = payloads.trafficSelectors(Party.INITIATOR);
        Optional<TrafficSelectorPayload> tsr = payloads.trafficSelectors(Party.RESPONDER);
        if (error.isPresent() || esp.isEmpty() || nr.isEmpty() || tsi.isEmpty() || tsr.isEmpty()) {
            return giveUp(sa, IkeAuthTask.childFailure(error));
        }
        Optional<ChildNegotiation.Choice> choice = ChildNegotiation.accepted(esp.get(), sa.connection.policy().espOffered());
        if (choice.isEmpty() || !choice.get().suite().pfsGroup().equals(pfsGroup)
                || !TrafficSelectors.isWithin(tsi.get().selectors(), old.sa.localSelectors())
                || !TrafficSelectors.isWithin(tsr.get().selectors(), old.sa.remoteSelectors())) {
            return giveUp(sa, IkeFailure.PROTOCOL_ERROR);
        }
        Optional<SecretBytes> sharedSecret = Optional.empty();
        if (keyExchange != null) {
            Optional<KeyExchangePayload> ke = payloads.first(KeyExchangePayload.class);
            if (ke.isEmpty() || ke.get().group() != keyExchange.group().id()) {
                return giveUp(sa, IkeFailure.PROTOCOL_ERROR);
            }
            try {
                sharedSecret = Optional.of(keyExchange.sharedSecret(ke.get().data().toByteArray()));
            } catch (InvalidPeerPublicValueException e) {
                return giveUp(sa, IkeFailure.PROTOCOL_ERROR);
            }
        }
        byte[] responderNonce = nr.get().nonce().toByteArray();
        ChildSaEntry created = sa.installChild(choice.get().suite(), ourSpi, choice.get().peerSpi(), true, nonce,
                responderNonce, sharedSecret, tsi.get().selectors(), tsr.get().selectors());
        ChildSaEntry.PeerRekey collision = old.peerRekey;
        old.state = ChildSaEntry.State.REKEYED;
        if (collision != null && lowestNonceIsOurs(nonce, responderNonce, collision)) {
            // Our new SA lost: we delete it; the peer, whose exchange won, deletes the old one.
            created.state = ChildSaEntry.State.REKEYED;
            sa.tasks.queueFirst(new ChildDeleteTask(created, ChildSaDeletion.REDUNDANT));
        } else {
            if (collision != null) {
                collision.created().state = ChildSaEntry.State.REKEYED; // the peer deletes it
            }
            sa.tasks.queueFirst(new ChildDeleteTask(old, ChildSaDeletion.REKEYED));
        }
        return Step.DONE;
    }

    static boolean lowestNonceIsOurs(byte[] ourNi, byte[] ourNr, ChildSaEntry.PeerRekey theirs) {
        byte[] ours = TaskManager.lower(ourNi, ourNr) ? ourNi : ourNr;
        byte[] peer = TaskManager.lower(theirs.initiatorNonce(), theirs.responderNonce())
                ? theirs.initiatorNonce() : theirs.responderNonce();
        return TaskManager.lower(ours, peer);
    }

    private Step giveUp(IkeSa sa, IkeFailure failure) {
        sa.engine.releaseEspSpi(ourSpi);
        if (sa.children.contains(old) && old.state == ChildSaEntry.State.REKEYING) {
            old.state = ChildSaEntry.State.INSTALLED;
        }
        sa.engine.events.accept(new IkeEvent.ChildSaFailed(sa.connection.name(), failure));
        return Step.DONE;
    }
}
