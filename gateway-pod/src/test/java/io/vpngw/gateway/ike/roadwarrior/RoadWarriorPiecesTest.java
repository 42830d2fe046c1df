package io.vpngw.gateway.ike.roadwarrior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vpngw.gateway.ike.message.CertificateEncoding;
import io.vpngw.gateway.ike.message.CertificatePayload;
import io.vpngw.gateway.ike.message.CertificateRequestPayload;
import io.vpngw.gateway.ike.message.ConfigAttributeType;
import io.vpngw.gateway.ike.message.ConfigType;
import io.vpngw.gateway.ike.message.ConfigurationAttribute;
import io.vpngw.gateway.ike.message.ConfigurationPayload;
import io.vpngw.gateway.ike.message.IdentificationPayload;
import io.vpngw.gateway.ike.message.IkeHeader;
import io.vpngw.gateway.ike.message.IkeMessage;
import io.vpngw.gateway.ike.message.ExchangeType;
import io.vpngw.gateway.ike.message.Octets;
import io.vpngw.gateway.ike.message.ParseResult;
import io.vpngw.gateway.ike.message.Party;
import io.vpngw.gateway.ike.message.PayloadChain;
import io.vpngw.gateway.p2s.TestPki;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoadWarriorPiecesTest {

    private static Inet4Address v4(String literal) throws Exception {
        return (Inet4Address) InetAddress.getByName(literal);
    }

    /** strongSwan's CFG_REQUEST with vips = 0.0.0.0 as on the wire: INTERNAL_IP4_ADDRESS and _DNS, empty. */
    private static final byte[] STRONGSWAN_CP_BODY = HexFormat.of().parseHex("01000000" + "00010000" + "00030000");

    @Test
    void cpRequestFromTheWireIsAnsweredWithTheAddressAndDns() throws Exception {
        ConfigurationPayload request = ConfigurationPayload.of(ConfigType.CFG_REQUEST,
                ConfigurationAttribute.request(ConfigAttributeType.INTERNAL_IP4_ADDRESS),
                ConfigurationAttribute.request(ConfigAttributeType.INTERNAL_IP4_DNS));
        byte[] encoded = roundTrip(request);
        assertThat(encoded).containsSubsequence(STRONGSWAN_CP_BODY);
        assertThat(VirtualAddressConfiguration.requestsIpv4Address(request)).isTrue();

        ConfigurationPayload reply = VirtualAddressConfiguration.reply(request, v4("172.16.201.2"),
                List.of(v4("10.1.0.4"), v4("10.1.0.5")));

        assertThat(reply.configType()).isEqualTo(ConfigType.CFG_REPLY);
        assertThat(reply.firstAttribute(ConfigAttributeType.INTERNAL_IP4_ADDRESS).flatMap(ConfigurationAttribute::ipv4Address))
                .contains(v4("172.16.201.2"));
        assertThat(reply.attributes(ConfigAttributeType.INTERNAL_IP4_DNS).stream()
                .map(a -> a.ipv4Address().orElseThrow()).toList()).containsExactly(v4("10.1.0.4"), v4("10.1.0.5"));
        assertThat(roundTrip(reply)).containsSubsequence(HexFormat.of().parseHex(
                "02000000" + "00010004ac10c902" + "000300040a010004" + "000300040a010005"));
    }

    @Test
    void onlyARequestForAnIpv4AddressGetsOne() throws Exception {
        ConfigurationPayload ipv6Only = ConfigurationPayload.of(ConfigType.CFG_REQUEST,
                ConfigurationAttribute.request(ConfigAttributeType.INTERNAL_IP6_ADDRESS));
        ConfigurationPayload set = ConfigurationPayload.of(ConfigType.CFG_SET,
                ConfigurationAttribute.request(ConfigAttributeType.INTERNAL_IP4_ADDRESS));
        assertThat(VirtualAddressConfiguration.requestsIpv4Address(ipv6Only)).isFalse();
        assertThat(VirtualAddressConfiguration.requestsIpv4Address(set)).isFalse();
        assertThatThrownBy(() -> VirtualAddressConfiguration.reply(ipv6Only, v4("172.16.201.2"), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idMustBeTheCertificatesSubjectOrAlternativeName() throws Exception {
        TestPki.Issued ca = TestPki.ca("P2S Root");
        TestPki.Issued client = TestPki.client(ca, "alice");
        TestPki.Issued named = TestPki.server(ca, "bob.example.com", "192.0.2.7");
        Octets subject = Octets.copyOf(client.certificate().getSubjectX500Principal().getEncoded());

        assertThat(CertificateIdentity.matches(IdentificationPayload.ofDistinguishedName(Party.INITIATOR, subject),
                client.certificate())).isTrue();
        assertThat(CertificateIdentity.matches(IdentificationPayload.ofDistinguishedName(Party.INITIATOR, subject),
                named.certificate())).isFalse();
        // the same name with a PrintableString CN (SEQUENCE { SET { SEQUENCE { 2.5.4.3, "alice" } } })
        Octets printable = Octets.copyOf(HexFormat.of().parseHex("3010310e300c06035504031305616c696365"));
        assertThat(CertificateIdentity.matches(IdentificationPayload.ofDistinguishedName(Party.INITIATOR, printable),
                client.certificate())).isTrue();
        assertThat(CertificateIdentity.matches(IdentificationPayload.ofFqdn(Party.INITIATOR, "BOB.example.com"),
                named.certificate())).isTrue();
        assertThat(CertificateIdentity.matches(IdentificationPayload.ofFqdn(Party.INITIATOR, "eve.example.com"),
                named.certificate())).isFalse();
        assertThat(CertificateIdentity.matches(IdentificationPayload.ofAddress(Party.INITIATOR, v4("192.0.2.7")),
                named.certificate())).isTrue();
        assertThat(CertificateIdentity.matches(IdentificationPayload.ofAddress(Party.INITIATOR, v4("192.0.2.8")),
                named.certificate())).isFalse();
        assertThat(CertificateIdentity.matches(IdentificationPayload.ofEmail(Party.INITIATOR, "alice@example.com"),
                client.certificate())).isFalse();
    }

    @Test
    void certPayloadsDecodeInOrderAndAnythingElseIsRefused() throws Exception {
        TestPki.Issued ca = TestPki.ca("P2S Root");
        TestPki.Issued client = TestPki.client(ca, "alice");
        List<CertificatePayload> payloads = ClientCertificates.encode(List.of(client.certificate(), ca.certificate()));
        assertThat(ClientCertificates.decode(payloads)).contains(List.of(client.certificate(), ca.certificate()));
        assertThat(ClientCertificates.decode(List.of())).isEmpty();
        assertThat(ClientCertificates.decode(List.of(new CertificatePayload(CertificateEncoding.X509_SIGNATURE,
                Octets.copyOf(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}))))).isEmpty();
        assertThat(ClientCertificates.decode(List.of(new CertificatePayload(CertificateEncoding.PKCS7_WRAPPED_X509,
                payloads.getFirst().data())))).isEmpty();
    }

    @Test
    void certificateRequestNamesRootsBySha1OfTheirPublicKeyInfo() throws Exception {
        TestPki.Issued a = TestPki.ca("Root A");
        TestPki.Issued b = TestPki.ca("Root B");
        CertificateRequestPayload request = ClientCertificates.request(List.of(a.certificate(), b.certificate()));
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        assertThat(request.caKeyHashes()).containsExactly(
                Octets.copyOf(sha1.digest(a.certificate().getPublicKey().getEncoded())),
                Octets.copyOf(sha1.digest(b.certificate().getPublicKey().getEncoded())));
    }

    @Test
    void sessionSlotsRefuseAndCountBeyondTheLimit() {
        SessionSlots slots = new SessionSlots(2);
        assertThat(slots.tryAcquire()).isTrue();
        assertThat(slots.tryAcquire()).isTrue();
        assertThat(slots.tryAcquire()).isFalse();
        assertThat(slots.refused()).isEqualTo(1);
        slots.release();
        assertThat(slots.tryAcquire()).isTrue();
        assertThat(new SessionSlots(0).tryAcquire()).isFalse(); // Basic: no IKEv2 sessions at all
    }

    /** Encodes the payload in a message, parses it back and returns the encoding. */
    private static byte[] roundTrip(ConfigurationPayload cp) {
        IkeMessage message = new IkeMessage(IkeHeader.of(1, 2, ExchangeType.IKE_AUTH, true, false, 1), PayloadChain.of(cp));
        byte[] bytes = message.encode();
        ParseResult<IkeMessage> parsed = IkeMessage.parse(bytes);
        assertThat(parsed).isInstanceOf(ParseResult.Parsed.class);
        IkeMessage back = ((ParseResult.Parsed<IkeMessage>) parsed).value();
        assertThat(back.payloads().first(ConfigurationPayload.class)).contains(cp);
        return bytes;
    }
}
