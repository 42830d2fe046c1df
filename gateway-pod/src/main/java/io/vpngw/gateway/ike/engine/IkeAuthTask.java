package io.vpngw.gateway.ike.engine;

import io.vpngw.gateway.ike.ConnectionSettings.Identity;
import io.vpngw.gateway.ike.IkeEvent;
import io.vpngw.gateway.ike.IkeFailure;
import io.vpngw.gateway.ike.auth.PskAuthentication;
import io.vpngw.gateway.ike.engine.Exchange.Inbound;
import io.vpngw.gateway.ike.engine.Exchange.Step;
import io.vpngw.gateway.ike.message.AuthMethod;
import io.vpngw.gateway.ike.message.AuthenticationPayload;
import io.vpngw.gateway.ike.message.ExchangeType;
import io.vpngw.gateway.ike.message.IdentificationPayload;
import io.vpngw.gateway.ike.message.NotifyPayload;
import io.vpngw.gateway.ike.message.NotifyType;
import io.vpngw.gateway.ike.message.Octets;
import io.vpngw.gateway.ike.message.Party;
import io.vpngw.gateway.ike.message.Payload;
import io.vpngw.gateway.ike.message.PayloadChain;
import io.vpngw.gateway.ike.message.SecurityAssociationPayload;
import io.vpngw.gateway.ike.message.TrafficSelector;
import io.vpngw.gateway.ike.message.TrafficSelectorPayload;
import io.vpngw.gateway.ike.proposal.CryptoPolicy;
import io.vpngw.gateway.ike.proposal.ProposalSpec;
import io.vpngw.gateway.ike.selector.TrafficSelectors;
import java.util.List;
import java.util.Optional;

/**
 * The initiator's IKE_AUTH with a pre-shared key (RFC 7296 §1.2, §2.15), creating the first Child
 * SA along with it. An answer without a usable Child SA leaves the IKE SA up (§1.2).
 */
final class IkeAuthTask implements Exchange.InitiatorTask {

    private int ourSpi;

    @Override
    public ExchangeType exchange() {
        return ExchangeType.IKE_AUTH;
    }

    @Override
    public Optional<List<Payload>> buildRequest(IkeSa sa) {
        Optional<byte[]> psk = sa.engine.presharedKey(sa.connection.pskKey());
        if (psk.isEmpty()) {
            sa.fail(IkeFailure.AUTHENTICATION_FAILED, true);
            return Optional.empty();
        }
        if (ourSpi == 0) {
            ourSpi = sa.engine.newEspSpi();
        }
        IdentificationPayload id = identification(Party.INITIATOR, sa.connection.localIdentity());
        byte[] auth = PskAuthentication.authData(sa.suite.prf(), psk.get(), sa.initRequest, sa.responderNonce,
                sa.keys.skPi(), id.bodyOctets().toByteArray());
        List<ProposalSpec> esp = CryptoPolicy.withoutKeyExchange(sa.connection.policy().espOffered());
        List<Payload> payloads = new java.util.ArrayList<>(List.of(id,
                new AuthenticationPayload(AuthMethod.SHARED_KEY_MIC, Octets.copyOf(auth))));
        if (!sa.engine.registry().hasOtherSa(sa)) {
            // RFC 7296 §2.4: asserts this is the only IKE SA with the peer, so it may drop stale ones
            payloads.add(NotifyPayload.of(NotifyType.INITIAL_CONTACT));
        }
        payloads.addAll(List.of(
                new SecurityAssociationPayload(ProposalSpec.toProposals(esp, Octets.ofInt(ourSpi))),
                new TrafficSelectorPayload(Party.INITIATOR, sa.connection.localSelectors()),
                new TrafficSelectorPayload(Party.RESPONDER, sa.connection.remoteSelectors())));
        return Optional.of(List.copyOf(payloads));
    }

    @Override
    public Step processResponse(IkeSa sa, Inbound response) {
        PayloadChain payloads = response.payloads();
        Optional<IdentificationPayload> idr = payloads.identification(Party.RESPONDER);
        Optional<AuthenticationPayload> auth = payloads.first(AuthenticationPayload.class);
        if (idr.isEmpty() || auth.isEmpty()) {
            sa.engine.releaseEspSpi(ourSpi);
            boolean authFailed = payloads.hasNotify(NotifyType.AUTHENTICATION_FAILED);
            return new Step.Failed(authFailed ? IkeFailure.AUTHENTICATION_FAILED
                    : payloads.firstError().isPresent() ? IkeFailure.REFUSED_BY_PEER : IkeFailure.PROTOCOL_ERROR);
        }
        byte[] psk = sa.engine.presharedKey(sa.connection.pskKey()).orElse(new byte[0]);
        boolean identityOk = sa.connection.remoteIdentity()
                .map(expected -> matches(expected, idr.get())).orElse(true);
        if (psk.length == 0 || !identityOk || !auth.get().method().equals(AuthMethod.SHARED_KEY_MIC)
                || !PskAuthentication.verify(PskAuthentication.authData(sa.suite.prf(), psk, sa.initResponse,
                sa.initiatorNonce, sa.keys.skPr(), idr.get().bodyOctets().toByteArray()), auth.get().data().toByteArray())) {
            sa.engine.releaseEspSpi(ourSpi);
            return new Step.Failed(IkeFailure.AUTHENTICATION_FAILED);
        }
        sa.established(true);
        installFirstChild(sa, payloads);
        return Step.DONE;
    }

    private void installFirstChild(IkeSa sa, PayloadChain payloads) {
        Optional<NotifyPayload> error = payloads.firstError();
        Optional<SecurityAssociationPayload> esp = payloads.first(SecurityAssociationPayload.class);
        Optional<TrafficSelectorPayload> tsi = payloads.trafficSelectors(Party.INITIATOR);
        Optional<TrafficSelectorPayload> tsr = payloads.trafficSelectors(Party.RESPONDER);
        if (error.isPresent() || esp.isEmpty() || tsi.isEmpty() || tsr.isEmpty()) {
            sa.engine.releaseEspSpi(ourSpi);
            sa.engine.events.accept(new IkeEvent.ChildSaFailed(sa.connection.name(), childFailure(error)));
            return;
        }
        Optional<ChildNegotiation.Choice> choice = ChildNegotiation.accepted(esp.get(),
                CryptoPolicy.withoutKeyExchange(sa.connection.policy().espOffered()));
        List<TrafficSelector> local = tsi.get().selectors();
        List<TrafficSelector> remote = tsr.get().selectors();
        if (choice.isEmpty() || !TrafficSelectors.isWithin(local, sa.connection.localSelectors())
                || !TrafficSelectors.isWithin(remote, sa.connection.remoteSelectors())) {
            sa.engine.releaseEspSpi(ourSpi);
            sa.engine.events.accept(new IkeEvent.ChildSaFailed(sa.connection.name(), IkeFailure.PROTOCOL_ERROR));
            return;
        }
        sa.installChild(choice.get().suite(), ourSpi, choice.get().peerSpi(), true, sa.initiatorNonce,
                sa.responderNonce, Optional.empty(), local, remote);
    }

    static IkeFailure childFailure(Optional<NotifyPayload> error) {
        if (error.isEmpty()) {
            return IkeFailure.PROTOCOL_ERROR;
        }
        NotifyType type = error.get().notifyType();
        if (type.equals(NotifyType.NO_PROPOSAL_CHOSEN)) {
            return IkeFailure.NO_PROPOSAL_CHOSEN;
        }
        if (type.equals(NotifyType.TS_UNACCEPTABLE)) {
            return IkeFailure.TS_UNACCEPTABLE;
        }
        if (type.equals(NotifyType.INVALID_KE_PAYLOAD)) {
            return IkeFailure.INVALID_KE_PAYLOAD;
        }
        return IkeFailure.REFUSED_BY_PEER;
    }

    static IdentificationPayload identification(Party party, Identity identity) {
        return new IdentificationPayload(party, identity.type(), identity.data());
    }

    static boolean matches(Identity expected, IdentificationPayload received) {
        return expected.type().equals(received.idType()) && expected.data().equals(received.data());
    }
}
