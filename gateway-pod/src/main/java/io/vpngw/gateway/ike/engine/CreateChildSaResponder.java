package io.vpngw.gateway.ike.engine;

import io.vpngw.gateway.crypto.DiffieHellmanGroup;
import io.vpngw.gateway.crypto.SecretBytes;
import io.vpngw.gateway.crypto.dh.InvalidPeerPublicValueException;
import io.vpngw.gateway.crypto.dh.KeyExchange;
import io.vpngw.gateway.ike.IkeEvent;
import io.vpngw.gateway.ike.engine.Exchange.Inbound;
import io.vpngw.gateway.ike.engine.Exchange.Response;
import io.vpngw.gateway.ike.message.KeyExchangePayload;
import io.vpngw.gateway.ike.message.NoncePayload;
import io.vpngw.gateway.ike.message.NotifyPayload;
import io.vpngw.gateway.ike.message.NotifyType;
import io.vpngw.gateway.ike.message.Octets;
import io.vpngw.gateway.ike.message.Party;
import io.vpngw.gateway.ike.message.Payload;
import io.vpngw.gateway.ike.message.PayloadChain;
import io.vpngw.gateway.ike.message.Proposal;
import io.vpngw.gateway.ike.message.ProtocolId;
import io.vpngw.gateway.ike.message.SecurityAssociationPayload;
import io.vpngw.gateway.ike.message.TrafficSelector;
import io.vpngw.gateway.ike.message.TrafficSelectorPayload;
import io.vpngw.gateway.ike.proposal.IkeSuite;
import io.vpngw.gateway.ike.proposal.ProposalSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Answers CREATE_CHILD_SA (RFC 7296 §1.3): rekeying the IKE SA when the proposals are for IKE,
 * otherwise creating a Child SA, replacing the one REKEY_SA names.
 */
final class CreateChildSaResponder implements Exchange.ResponderTask {

    @Override
    public Response respond(IkeSa sa, Inbound request) {
        if (sa.state != IkeSa.State.ESTABLISHED) {
            return Response.of(NotifyPayload.of(NotifyType.TEMPORARY_FAILURE));
        }
        PayloadChain payloads = request.payloads();
        Optional<SecurityAssociationPayload> saPayload = payloads.first(SecurityAssociationPayload.class);
        Optional<NoncePayload> ni = payloads.first(NoncePayload.class);
        if (saPayload.isEmpty() || ni.isEmpty()) {
            return Response.of(NotifyPayload.of(NotifyType.INVALID_SYNTAX));
        }
        boolean ikeRekey = saPayload.get().proposals().stream().anyMatch(p -> p.protocol().equals(ProtocolId.IKE));
        return ikeRekey
                ? rekeyIkeSa(sa, payloads, saPayload.get(), ni.get().nonce().toByteArray())
                : createChild(sa, payloads, saPayload.get(), ni.get().nonce().toByteArray());
    }

    private static Response rekeyIkeSa(IkeSa sa, PayloadChain payloads, SecurityAssociationPayload offered, byte[] ni) {
        if (sa.tasks.hasQueued(IkeRekeyTask.class) && sa.tasks.active().filter(IkeRekeyTask.class::isInstance).isPresent()) {
            // Our own IKE rekey is in flight; let the peer retry later rather than race (§2.25).
            return Response.of(NotifyPayload.of(NotifyType.TEMPORARY_FAILURE));
        }
        Optional<KeyExchangePayload> ke = payloads.first(KeyExchangePayload.class);
        if (ke.isEmpty()) {
            return Response.of(NotifyPayload.of(NotifyType.INVALID_SYNTAX));
        }
        long ourSpi = sa.engine.newIkeSpi();
        List<Proposal> withSpis = offered.proposals().stream().filter(p -> p.spi().length() == 8).toList();
        Optional<Proposal> chosen = ProposalSelector.select(withSpis, sa.connection.policy().ikeAccepted(),
                OptionalInt.of(ke.get().group()), Octets.ofLong(ourSpi));
        Optional<IkeSuite> suite = chosen.flatMap(IkeSuite::from);
        if (suite.isEmpty()) {
            return Response.of(NotifyPayload.of(NotifyType.NO_PROPOSAL_CHOSEN));
        }
        if (ke.get().group() != suite.get().group().id()) {
            return Response.of(NotifyPayload.invalidKePayload(suite.get().group().id()));
        }
        KeyExchange keyExchange = KeyExchange.generate(suite.get().group(), sa.engine.random);
        SecretBytes sharedSecret;
        try {
            sharedSecret = keyExchange.sharedSecret(ke.get().data().toByteArray());
        } catch (InvalidPeerPublicValueException e) {
            return Response.of(NotifyPayload.of(NotifyType.INVALID_SYNTAX));
        }
        long peerSpi = withSpis.stream().filter(p -> p.number() == chosen.get().number()).findFirst()
                .orElseThrow().spi().asReadOnlyBuffer().getLong();
        byte[] nr = sa.engine.nonce();
        IkeSa successor = IkeSaRekeying.successor(sa, false, ourSpi, peerSpi, suite.get(), sharedSecret, ni, nr);
        sa.engine.events.accept(new IkeEvent.Rekeyed(sa.connection.name(), successor.initiatorSpi,
                successor.responderSpi));
        return Response.of(SecurityAssociationPayload.of(chosen.get()), new NoncePayload(Octets.copyOf(nr)),
                new KeyExchangePayload(suite.get().group().id(), Octets.copyOf(keyExchange.publicValue())));
    }

    private static Response createChild(IkeSa sa, PayloadChain payloads, SecurityAssociationPayload offered, byte[] ni) {
        Optional<NotifyPayload> rekey = payloads.firstNotify(NotifyType.REKEY_SA);
        Optional<ChildSaEntry> old = Optional.empty();
        if (rekey.isPresent()) {
            NotifyPayload notify = rekey.get();
            if (!notify.protocol().equals(ProtocolId.ESP) || notify.spi().length() != 4) {
                return Response.of(NotifyPayload.of(NotifyType.INVALID_SYNTAX));
            }
            old = sa.childByOutboundSpi(ChildNegotiation.spi(notify.spi()));
            if (old.isEmpty()) {
                return Response.of(new NotifyPayload(ProtocolId.ESP, notify.spi(), NotifyType.CHILD_SA_NOT_FOUND,
                        Octets.EMPTY));
            }
            ChildSaEntry.State state = old.get().state;
            if (state == ChildSaEntry.State.REKEYED || state == ChildSaEntry.State.DELETING) {
                return Response.of(NotifyPayload.of(NotifyType.TEMPORARY_FAILURE));
            }
        }
        Optional<TrafficSelectorPayload> tsi = payloads.trafficSelectors(Party.INITIATOR);
        Optional<TrafficSelectorPayload> tsr = payloads.trafficSelectors(Party.RESPONDER);
        if (tsi.isEmpty() || tsr.isEmpty()) {
            return Response.of(NotifyPayload.of(NotifyType.INVALID_SYNTAX));
        }
        Optional<KeyExchangePayload> ke = payloads.first(KeyExchangePayload.class);
        int ourSpi = sa.engine.newEspSpi();
        Optional<ChildNegotiation.Choice> choice = ChildNegotiation.choose(offered, sa.connection.policy().espAccepted(),
                ke.map(k -> OptionalInt.of(k.group())).orElse(OptionalInt.empty()), ourSpi);
        if (choice.isEmpty()) {
            sa.engine.releaseEspSpi(ourSpi);
            return Response.of(NotifyPayload.of(NotifyType.NO_PROPOSAL_CHOSEN));
        }
        Optional<DiffieHellmanGroup> pfs = choice.get().suite().pfsGroup();
        Optional<SecretBytes> sharedSecret = Optional.empty();
        KeyExchange keyExchange = null;
        if (pfs.isPresent()) {
            if (ke.isEmpty() || ke.get().group() != pfs.get().id()) {
                sa.engine.releaseEspSpi(ourSpi);
                return Response.of(NotifyPayload.invalidKePayload(pfs.get().id()));
            }
            keyExchange = KeyExchange.generate(pfs.get(), sa.engine.random);
            try {
                sharedSecret = Optional.of(keyExchange.sharedSecret(ke.get().data().toByteArray()));
            } catch (InvalidPeerPublicValueException e) {
                sa.engine.releaseEspSpi(ourSpi);
                return Response.of(NotifyPayload.of(NotifyType.INVALID_SYNTAX));
            }
        }
        List<TrafficSelector> remote = ChildNegotiation.narrow(tsi.get().selectors(), sa.connection.remoteSelectors());
        List<TrafficSelector> local = ChildNegotiation.narrow(tsr.get().selectors(), sa.connection.localSelectors());
        if (remote.isEmpty() || local.isEmpty()) {
            sa.engine.releaseEspSpi(ourSpi);
            sharedSecret.ifPresent(SecretBytes::destroy);
            return Response.of(NotifyPayload.of(NotifyType.TS_UNACCEPTABLE));
        }
        byte[] nr = sa.engine.nonce();
        ChildSaEntry created = sa.installChild(choice.get().suite(), ourSpi, choice.get().peerSpi(), false, ni, nr,
                sharedSecret, local, remote);
        old.ifPresent(o -> {
            if (o.state == ChildSaEntry.State.REKEYING) {
                o.peerRekey = new ChildSaEntry.PeerRekey(ni, nr, created); // a collision, settled by §2.8.1
            } else {
                o.state = ChildSaEntry.State.REKEYED; // the initiator deletes it next
            }
        });
        List<Payload> response = new ArrayList<>();
        response.add(SecurityAssociationPayload.of(choice.get().chosen()));
        response.add(new NoncePayload(Octets.copyOf(nr)));
        if (keyExchange != null) {
            response.add(new KeyExchangePayload(keyExchange.group().id(), Octets.copyOf(keyExchange.publicValue())));
        }
        response.add(new TrafficSelectorPayload(Party.INITIATOR, remote));
        response.add(new TrafficSelectorPayload(Party.RESPONDER, local));
        return Response.of(response);
    }
}
