package io.vpngw.gateway.ike.engine;

import io.vpngw.gateway.ike.ConnectionSettings;
import io.vpngw.gateway.ike.IkeFailure;
import io.vpngw.gateway.ike.auth.SignatureAuthentication;
import io.vpngw.gateway.ike.engine.Exchange.Inbound;
import io.vpngw.gateway.ike.engine.Exchange.Response;
import io.vpngw.gateway.ike.message.AuthenticationPayload;
import io.vpngw.gateway.ike.message.CertificatePayload;
import io.vpngw.gateway.ike.message.ConfigurationPayload;
import io.vpngw.gateway.ike.message.IdentificationPayload;
import io.vpngw.gateway.ike.message.IkeMessage;
import io.vpngw.gateway.ike.message.NotifyPayload;
import io.vpngw.gateway.ike.message.NotifyType;
import io.vpngw.gateway.ike.message.Octets;
import io.vpngw.gateway.ike.message.ParseResult;
import io.vpngw.gateway.ike.message.Party;
import io.vpngw.gateway.ike.message.Payload;
import io.vpngw.gateway.ike.message.PayloadChain;
import io.vpngw.gateway.ike.roadwarrior.CertificateIdentity;
import io.vpngw.gateway.ike.roadwarrior.ClientCertificates;
import io.vpngw.gateway.ike.roadwarrior.RoadWarriorSettings;
import io.vpngw.gateway.ike.roadwarrior.VirtualAddressConfiguration;
import io.vpngw.gateway.ike.selector.TrafficSelectors;
import java.net.Inet4Address;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The responder's IKE_AUTH for an IKEv2 point-to-site client: verify its certificate chain (roots
 * and revocation, by {@link RoadWarriorSettings#clients()}), that IDi is the certificate's, and
 * its AUTH signature; take a session slot and a virtual address; answer with our certificate,
 * our signature and the CFG_REPLY, and create the first Child SA with TSi narrowed to the virtual
 * address. From then on the SA runs under its client's own settings, named
 * {@code template-name/virtual-address}.
 */
final class RoadWarriorAuthResponder {

    private RoadWarriorAuthResponder() {
    }

    static Response respond(IkeSa sa, Inbound request) {
        RoadWarriorSettings clients = sa.roadWarrior;
        PayloadChain payloads = request.payloads();
        Optional<IdentificationPayload> idi = payloads.identification(Party.INITIATOR);
        Optional<AuthenticationPayload> auth = payloads.first(AuthenticationPayload.class);
        Optional<List<X509Certificate>> chain = ClientCertificates.decode(payloads.all(CertificatePayload.class));
        if (idi.isEmpty() || auth.isEmpty() || chain.isEmpty()
                || clients.clients().refusal(chain.get()).isPresent()
                || !CertificateIdentity.matches(idi.get(), chain.get().getFirst())
                || !SignatureAuthentication.verify(auth.get(), chain.get().getFirst().getPublicKey(),
                SignatureAuthentication.signedOctets(sa.suite.prf(), sa.initRequest, sa.responderNonce,
                        sa.keys.skPi(), idi.get().bodyOctets().toByteArray()))) {
            return refuse(sa, NotifyType.AUTHENTICATION_FAILED, IkeFailure.AUTHENTICATION_FAILED);
        }
        Optional<ConfigurationPayload> cp = payloads.first(ConfigurationPayload.class)
                .filter(VirtualAddressConfiguration::requestsIpv4Address);
        if (cp.isEmpty()) {
            return refuse(sa, NotifyType.FAILED_CP_REQUIRED, IkeFailure.REFUSED_BY_PEER);
        }
        if (!clients.sessions().tryAcquire()) {
            return refuse(sa, NotifyType.NO_ADDITIONAL_SAS, IkeFailure.REFUSED_BY_PEER);
        }
        sa.holdsSessionSlot = true;
        Optional<Inet4Address> address = clients.addresses().allocate();
        if (address.isEmpty()) {
            return refuse(sa, NotifyType.INTERNAL_ADDRESS_FAILURE, IkeFailure.REFUSED_BY_PEER);
        }
        sa.virtualAddress = address.get();
        sa.connection = forClient(clients.template(), address.get());

        X509Certificate ours = clients.chain().getFirst();
        IdentificationPayload idr = IdentificationPayload.ofDistinguishedName(Party.RESPONDER,
                Octets.copyOf(ours.getSubjectX500Principal().getEncoded()));
        byte[] ourOctets = SignatureAuthentication.signedOctets(sa.suite.prf(), sa.initResponse, sa.initiatorNonce,
                sa.keys.skPr(), idr.bodyOctets().toByteArray());
        List<Payload> response = new ArrayList<>();
        response.add(idr);
        response.addAll(ClientCertificates.encode(clients.chain()));
        response.add(SignatureAuthentication.sign(clients.key(), ourOctets, peerOffersSha256(sa.initRequest)));
        response.add(VirtualAddressConfiguration.reply(cp.get(), address.get(), clients.dns()));
        sa.established(false);
        response.addAll(IkeAuthResponder.firstChild(sa, payloads));
        return Response.of(response);
    }

    /** The client's own settings: the template's, named after the virtual address, which is its only remote selector. */
    static ConnectionSettings forClient(ConnectionSettings template, Inet4Address address) {
        return new ConnectionSettings(template.name() + "/" + address.getHostAddress(), template.mode(),
                Optional.empty(), List.of(), template.pskKey(), template.localIdentity(), Optional.empty(),
                template.policy(), template.localSelectors(),
                TrafficSelectors.fromPrefixes(List.of(address.getHostAddress() + "/32")), template.dpdTimeout());
    }

    /** Whether the client's IKE_SA_INIT announced SHA-256 for RFC 7427 signatures. */
    private static boolean peerOffersSha256(byte[] initRequest) {
        return IkeMessage.parse(initRequest) instanceof ParseResult.Parsed<IkeMessage>(IkeMessage message)
                && message.payloads().notifies(NotifyType.SIGNATURE_HASH_ALGORITHMS).stream()
                .anyMatch(n -> SignatureAuthentication.offersSha256(n.data()));
    }

    private static Response refuse(IkeSa sa, NotifyType notify, IkeFailure failure) {
        return new Response(List.of(NotifyPayload.of(notify)), () -> sa.fail(failure, false));
    }
}
