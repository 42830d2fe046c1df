package io.vpngw.gateway.ike.engine;

import io.vpngw.gateway.crypto.DiffieHellmanGroup;
import io.vpngw.gateway.crypto.SecretBytes;
import io.vpngw.gateway.crypto.dh.InvalidPeerPublicValueException;
import io.vpngw.gateway.crypto.dh.KeyExchange;
import io.vpngw.gateway.crypto.kdf.IkeKeyDerivation;
import io.vpngw.gateway.ike.IkeFailure;
import io.vpngw.gateway.ike.engine.Exchange.Inbound;
import io.vpngw.gateway.ike.engine.Exchange.Step;
import io.vpngw.gateway.ike.message.ExchangeType;
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
import io.vpngw.gateway.ike.proposal.ProposalSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The initiator's IKE_SA_INIT (RFC 7296 §1.2): offer the proposals with a KE for the preferred
 * group, retry with the cookie (§2.6) or the group the responder asks for (§1.3), then derive the
 * IKE SA keys.
 */
final class IkeSaInitTask implements Exchange.InitiatorTask {

    private static final int MAX_RETRIES = 3;

    private DiffieHellmanGroup group;
    private KeyExchange keyExchange;
    private Octets cookie;
    private int cookieRetries;
    private int groupRetries;

    @Override
    public ExchangeType exchange() {
        return ExchangeType.IKE_SA_INIT;
    }

    @Override
    public Optional<List<Payload>> buildRequest(IkeSa sa) {
        List<ProposalSpec> offered = sa.connection.policy().ikeOffered();
        if (group == null) {
            group = DiffieHellmanGroup.fromId(offered.getFirst().keyExchangeGroups().getFirst()).orElseThrow();
        }
        if (keyExchange == null || keyExchange.group() != group) {
            keyExchange = KeyExchange.generate(group, sa.engine.random);
        }
        if (sa.initiatorNonce == null) {
            sa.initiatorNonce = sa.engine.nonce();
        }
        List<Payload> payloads = new ArrayList<>();
        if (cookie != null) {
            payloads.add(NotifyPayload.cookie(cookie)); // must come first (§2.6)
        }
        payloads.add(new SecurityAssociationPayload(ProposalSpec.toProposals(offered, Octets.EMPTY)));
        payloads.add(new KeyExchangePayload(group.id(), Octets.copyOf(keyExchange.publicValue())));
        payloads.add(new NoncePayload(Octets.copyOf(sa.initiatorNonce)));
        payloads.addAll(NatDetection.notifies(sa.initiatorSpi, 0, sa.local, sa.remote,
                sa.engine.forceUdpEncapsulation ? sa.engine.random : null));
        return Optional.of(payloads);
    }

    @Override
    public void sent(IkeSa sa, byte[] request) {
        sa.initRequest = request;
    }

    @Override
    public Step processResponse(IkeSa sa, Inbound response) {
        PayloadChain payloads = response.payloads();
        Optional<NotifyPayload> cookieNotify = payloads.firstNotify(NotifyType.COOKIE);
        if (cookieNotify.isPresent()) {
            if (++cookieRetries > MAX_RETRIES || cookieNotify.get().data().isEmpty()
                    || cookieNotify.get().data().length() > 64) {
                return new Step.Failed(IkeFailure.PROTOCOL_ERROR);
            }
            cookie = cookieNotify.get().data();
            return Step.RETRY;
        }
        Optional<NotifyPayload> invalidKe = payloads.firstNotify(NotifyType.INVALID_KE_PAYLOAD);
        if (invalidKe.isPresent()) {
            OptionalInt wanted = invalidKe.get().acceptableGroup();
            Optional<DiffieHellmanGroup> next = wanted.isPresent()
                    ? DiffieHellmanGroup.fromId(wanted.getAsInt()) : Optional.empty();
            boolean weOfferIt = next.isPresent() && sa.connection.policy().ikeOffered().stream()
                    .anyMatch(spec -> spec.keyExchangeGroups().contains(next.get().id()));
            if (!weOfferIt || next.get() == group || ++groupRetries > MAX_RETRIES) {
                return new Step.Failed(IkeFailure.INVALID_KE_PAYLOAD);
            }
            group = next.get();
            return Step.RETRY;
        }
        Optional<NotifyPayload> error = payloads.firstError();
        if (error.isPresent()) {
            return new Step.Failed(error.get().notifyType().equals(NotifyType.NO_PROPOSAL_CHOSEN)
                    ? IkeFailure.NO_PROPOSAL_CHOSEN : IkeFailure.REFUSED_BY_PEER);
        }
        Optional<SecurityAssociationPayload> saPayload = payloads.first(SecurityAssociationPayload.class);
        Optional<KeyExchangePayload> ke = payloads.first(KeyExchangePayload.class);
        Optional<NoncePayload> nonce = payloads.first(NoncePayload.class);
        if (saPayload.isEmpty() || ke.isEmpty() || nonce.isEmpty() || response.header().responderSpi() == 0
                || saPayload.get().proposals().size() != 1) {
            return new Step.Failed(IkeFailure.PROTOCOL_ERROR);
        }
        Proposal chosen = saPayload.get().proposals().getFirst();
        Optional<IkeSuite> suite = IkeSuite.from(chosen);
        if (!ProposalSelector.isValidChoice(chosen, sa.connection.policy().ikeOffered()) || suite.isEmpty()
                || suite.get().group() != group || ke.get().group() != group.id()) {
            return new Step.Failed(IkeFailure.PROTOCOL_ERROR);
        }
        SecretBytes sharedSecret;
        try {
            sharedSecret = keyExchange.sharedSecret(ke.get().data().toByteArray());
        } catch (InvalidPeerPublicValueException e) {
            return new Step.Failed(IkeFailure.PROTOCOL_ERROR);
        }
        sa.responderSpi = response.header().responderSpi();
        sa.responderNonce = nonce.get().nonce().toByteArray();
        sa.initResponse = response.raw();
        sa.natDetected = NatDetection.natDetected(payloads.notifies(NotifyType.NAT_DETECTION_SOURCE_IP),
                payloads.notifies(NotifyType.NAT_DETECTION_DESTINATION_IP), sa.initiatorSpi, sa.responderSpi,
                response.source(), response.destination());
        if (sa.natDetected || sa.engine.forceUdpEncapsulation) {
            // IKE_AUTH and everything after it, and ESP, go between ports 4500 (RFC 7296 §2.23, RFC 3948)
            sa.local = new io.vpngw.gateway.ike.Endpoint(sa.local.address(), IkeSa.NAT_TRAVERSAL_PORT);
            sa.remote = new io.vpngw.gateway.ike.Endpoint(sa.remote.address(), IkeSa.NAT_TRAVERSAL_PORT);
        }
        SecretBytes skeyseed = IkeKeyDerivation.skeyseed(suite.get().prf(), sa.initiatorNonce, sa.responderNonce,
                sharedSecret);
        sharedSecret.destroy();
        sa.installKeys(suite.get(), skeyseed);
        return Step.DONE;
    }
}
