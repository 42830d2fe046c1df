package io.vpngw.gateway.ike.engine;

import io.vpngw.gateway.ike.IkeEvent;
import io.vpngw.gateway.ike.IkeFailure;
import io.vpngw.gateway.ike.auth.PskAuthentication;
import io.vpngw.gateway.ike.engine.Exchange.Inbound;
import io.vpngw.gateway.ike.engine.Exchange.Response;
import io.vpngw.gateway.ike.message.AuthMethod;
import io.vpngw.gateway.ike.message.AuthenticationPayload;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The responder's IKE_AUTH: verify the initiator's AUTH with the connection's pre-shared key,
 * answer with ours, and create the first Child SA from the proposals and selectors it brought.
 */
final class IkeAuthResponder implements Exchange.ResponderTask {

    @Override
    public Response respond(IkeSa sa, Inbound request) {
        if (sa.roadWarrior != null) {
            return RoadWarriorAuthResponder.respond(sa, request);
        }
        PayloadChain payloads = request.payloads();
        Optional<IdentificationPayload> idi = payloads.identification(Party.INITIATOR);
        Optional<AuthenticationPayload> auth = payloads.first(AuthenticationPayload.class);
        Optional<byte[]> psk = sa.engine.presharedKey(sa.connection.pskKey());
        boolean identityOk = idi.isPresent() && sa.connection.remoteIdentity()
                .map(expected -> IkeAuthTask.matches(expected, idi.get())).orElse(true);
        if (idi.isEmpty() || auth.isEmpty() || psk.isEmpty() || !identityOk
                || !auth.get().method().equals(AuthMethod.SHARED_KEY_MIC)
                || !PskAuthentication.verify(PskAuthentication.authData(sa.suite.prf(), psk.get(), sa.initRequest,
                sa.responderNonce, sa.keys.skPi(), idi.get().bodyOctets().toByteArray()), auth.get().data().toByteArray())) {
            return new Response(List.of(NotifyPayload.of(NotifyType.AUTHENTICATION_FAILED)),
                    () -> sa.fail(IkeFailure.AUTHENTICATION_FAILED, false));
        }
        IdentificationPayload idr = IkeAuthTask.identification(Party.RESPONDER, sa.connection.localIdentity());
        byte[] ourAuth = PskAuthentication.authData(sa.suite.prf(), psk.get(), sa.initResponse, sa.initiatorNonce,
                sa.keys.skPr(), idr.bodyOctets().toByteArray());
        List<Payload> response = new ArrayList<>();
        response.add(idr);
        response.add(new AuthenticationPayload(AuthMethod.SHARED_KEY_MIC, Octets.copyOf(ourAuth)));
        if (payloads.hasNotify(NotifyType.INITIAL_CONTACT)) {
            sa.engine.registry().initialContact(sa); // before Established: that event is the last word
        }
        sa.established(false);
        response.addAll(firstChild(sa, payloads));
        return Response.of(response);
    }

    static List<Payload> firstChild(IkeSa sa, PayloadChain payloads) {
        Optional<SecurityAssociationPayload> esp = payloads.first(SecurityAssociationPayload.class);
        Optional<TrafficSelectorPayload> tsi = payloads.trafficSelectors(Party.INITIATOR);
        Optional<TrafficSelectorPayload> tsr = payloads.trafficSelectors(Party.RESPONDER);
        if (esp.isEmpty() || tsi.isEmpty() || tsr.isEmpty()) {
            return List.of(); // a childless IKE SA (RFC 6023)
        }
        int ourSpi = sa.engine.newEspSpi();
        Optional<ChildNegotiation.Choice> choice = ChildNegotiation.choose(
                ChildNegotiation.withoutKeyExchange(esp.get()),
                CryptoPolicy.withoutKeyExchange(sa.connection.policy().espAccepted()), OptionalInt.empty(), ourSpi);
        if (choice.isEmpty()) {
            sa.engine.releaseEspSpi(ourSpi);
            sa.engine.events.accept(new IkeEvent.ChildSaFailed(sa.connection.name(), IkeFailure.NO_PROPOSAL_CHOSEN));
            return List.of(NotifyPayload.of(NotifyType.NO_PROPOSAL_CHOSEN));
        }
        // TSi is the initiator's side, which is the remote side for us.
        List<TrafficSelector> remote = ChildNegotiation.narrow(tsi.get().selectors(), sa.connection.remoteSelectors());
        List<TrafficSelector> local = ChildNegotiation.narrow(tsr.get().selectors(), sa.connection.localSelectors());
        if (remote.isEmpty() || local.isEmpty()) {
            sa.engine.releaseEspSpi(ourSpi);
            sa.engine.events.accept(new IkeEvent.ChildSaFailed(sa.connection.name(), IkeFailure.TS_UNACCEPTABLE));
            return List.of(NotifyPayload.of(NotifyType.TS_UNACCEPTABLE));
        }
        sa.installChild(choice.get().suite(), ourSpi, choice.get().peerSpi(), false, sa.initiatorNonce,
                sa.responderNonce, Optional.empty(), local, remote);
        return List.of(SecurityAssociationPayload.of(choice.get().chosen()),
                new TrafficSelectorPayload(Party.INITIATOR, remote),
                new TrafficSelectorPayload(Party.RESPONDER, local));
    }
}
