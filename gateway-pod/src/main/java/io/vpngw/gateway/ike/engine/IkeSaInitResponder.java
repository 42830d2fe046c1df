package io.vpngw.gateway.ike.engine;

import io.vpngw.gateway.crypto.DiffieHellmanGroup;
import io.vpngw.gateway.crypto.SecretBytes;
import io.vpngw.gateway.crypto.dh.InvalidPeerPublicValueException;
import io.vpngw.gateway.crypto.dh.KeyExchange;
import io.vpngw.gateway.crypto.kdf.IkeKeyDerivation;
import io.vpngw.gateway.ike.ConnectionSettings;
import io.vpngw.gateway.ike.Endpoint;
import io.vpngw.gateway.ike.message.ExchangeType;
import io.vpngw.gateway.ike.message.IkeHeader;
import io.vpngw.gateway.ike.message.IkeMessage;
import io.vpngw.gateway.ike.message.KeyExchangePayload;
import io.vpngw.gateway.ike.message.NoncePayload;
import io.vpngw.gateway.ike.message.NotifyPayload;
import io.vpngw.gateway.ike.message.NotifyType;
import io.vpngw.gateway.ike.message.Octets;
import io.vpngw.gateway.ike.message.Payload;
import io.vpngw.gateway.ike.message.PayloadChain;
import io.vpngw.gateway.ike.message.Proposal;
import io.vpngw.gateway.ike.message.SecurityAssociationPayload;
import io.vpngw.gateway.ike.proposal.IkeSuite;
import io.vpngw.gateway.ike.proposal.ProposalSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The responder's IKE_SA_INIT: choose a proposal, check the KE group, answer with our KE and
 * nonce and derive the keys. Refusals (NO_PROPOSAL_CHOSEN, INVALID_KE_PAYLOAD) keep no state.
 */
final class IkeSaInitResponder {

    private IkeSaInitResponder() {
    }

    /** What became of an IKE_SA_INIT request. */
    sealed interface Outcome {
        /** A new half-open SA, whose response is already encoded and cached. */
        record Accepted(IkeSa sa, byte[] response) implements Outcome {}

        /** A stateless refusal to send back with responder SPI zero. */
        record Refused(List<Payload> payloads) implements Outcome {}
    }

    static Outcome respond(EngineContext engine, ConnectionSettings connection, IkeMessage request, byte[] raw,
                           Endpoint source, Endpoint destination) {
        return respond(engine, connection, request, raw, source, destination, List.of());
    }

    /**
     * As {@link #respond(EngineContext, ConnectionSettings, IkeMessage, byte[], Endpoint, Endpoint)},
     * with {@code extra} payloads (a road warrior's CERTREQ and SIGNATURE_HASH_ALGORITHMS) appended
     * to an accepting response.
     */
    static Outcome respond(EngineContext engine, ConnectionSettings connection, IkeMessage request, byte[] raw,
                           Endpoint source, Endpoint destination, List<Payload> extra) {
        PayloadChain payloads = request.payloads();
        Optional<SecurityAssociationPayload> saPayload = payloads.first(SecurityAssociationPayload.class);
        Optional<KeyExchangePayload> ke = payloads.first(KeyExchangePayload.class);
        Optional<NoncePayload> nonce = payloads.first(NoncePayload.class);
        if (saPayload.isEmpty() || ke.isEmpty() || nonce.isEmpty()) {
            return new Outcome.Refused(List.of(NotifyPayload.of(NotifyType.INVALID_SYNTAX)));
        }
        Optional<Proposal> chosen = ProposalSelector.select(saPayload.get().proposals(),
                connection.policy().ikeAccepted(), OptionalInt.of(ke.get().group()), Octets.EMPTY);
        Optional<IkeSuite> suite = chosen.flatMap(IkeSuite::from);
        if (suite.isEmpty()) {
            return new Outcome.Refused(List.of(NotifyPayload.of(NotifyType.NO_PROPOSAL_CHOSEN)));
        }
        DiffieHellmanGroup group = suite.get().group();
        if (ke.get().group() != group.id()) {
            return new Outcome.Refused(List.of(NotifyPayload.invalidKePayload(group.id())));
        }
        KeyExchange keyExchange = KeyExchange.generate(group, engine.random);
        SecretBytes sharedSecret;
        try {
            sharedSecret = keyExchange.sharedSecret(ke.get().data().toByteArray());
        } catch (InvalidPeerPublicValueException e) {
            return new Outcome.Refused(List.of(NotifyPayload.of(NotifyType.INVALID_SYNTAX)));
        }
        IkeHeader header = request.header();
        IkeSa sa = new IkeSa(engine, connection, false, destination, source, header.initiatorSpi(),
                engine.newIkeSpi(), IkeSa.State.HALF_OPEN);
        sa.initiatorNonce = nonce.get().nonce().toByteArray();
        sa.responderNonce = engine.nonce();
        sa.initRequest = raw;
        sa.natDetected = NatDetection.natDetected(payloads.notifies(NotifyType.NAT_DETECTION_SOURCE_IP),
                payloads.notifies(NotifyType.NAT_DETECTION_DESTINATION_IP), header.initiatorSpi(), 0, source,
                destination);

        List<Payload> response = new ArrayList<>();
        response.add(SecurityAssociationPayload.of(chosen.get()));
        response.add(new KeyExchangePayload(group.id(), Octets.copyOf(keyExchange.publicValue())));
        response.add(new NoncePayload(Octets.copyOf(sa.responderNonce)));
        response.addAll(NatDetection.notifies(sa.initiatorSpi, sa.responderSpi, destination, source,
                engine.forceUdpEncapsulation ? engine.random : null));
        response.addAll(extra);
        byte[] bytes = sa.encode(ExchangeType.IKE_SA_INIT, true, 0, response);
        sa.initResponse = bytes;
        SecretBytes skeyseed = IkeKeyDerivation.skeyseed(suite.get().prf(), sa.initiatorNonce, sa.responderNonce,
                sharedSecret);
        sharedSecret.destroy();
        sa.installKeys(suite.get(), skeyseed);
        sa.tasks.setMessageIds(0, 1);
        sa.tasks.cacheResponse(0, bytes);
        return new Outcome.Accepted(sa, bytes);
    }
}
