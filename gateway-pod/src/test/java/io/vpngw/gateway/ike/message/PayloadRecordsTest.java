package io.vpngw.gateway.ike.message;

import static io.vpngw.gateway.ike.message.Samples.octets;
import static io.vpngw.gateway.ike.message.Samples.v4;
import static io.vpngw.gateway.ike.message.Samples.v6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the payload records refuse to hold and what their helpers read out of them. */
class PayloadRecordsTest {

    @Test
    void nonceSizeIsBoundedBySection3_9() {
        assertThatThrownBy(() -> new NoncePayload(octets(15, 0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NoncePayload(octets(257, 0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordsThatCouldNotBeEncodedAreRefused() {
        assertThatThrownBy(() -> new VendorIdPayload(octets(Payload.MAX_BODY_SIZE + 1, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new VendorIdPayload(octets(Payload.MAX_BODY_SIZE, 0)).encode()).hasSize(0xFFFF);
        assertThatThrownBy(() -> new KeyExchangePayload(0x10000, Octets.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Proposal(256, ProtocolId.IKE, Octets.EMPTY, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SecurityAssociationPayload(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EncryptedFragmentPayload(0, 1, PayloadType.NONE, Octets.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EncryptedFragmentPayload(3, 2, PayloadType.NONE, Octets.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IdentificationPayload(Party.INITIATOR, IdType.IPV4_ADDR, octets(5, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeletePayload(ProtocolId.ESP, 4, List.of(octets(8, 0))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NotifyPayload.cookie(octets(65, 0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TransformAttribute.TypeValue(0x8000, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownPayloadsCannotImpersonateKnownOnes() {
        assertThatThrownBy(() -> new UnknownPayload(PayloadType.NONCE, false, octets(16, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UnknownPayload(PayloadType.NONE, false, Octets.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrafficSelector.Unknown(TrafficSelector.TS_IPV4_ADDR_RANGE, 0, Octets.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordsCopyWhatTheyAreGiven() {
        byte[] source = {1, 2, 3, 4};
        Octets copy = Octets.copyOf(source);
        source[0] = 9;
        assertThat(copy.unsignedByteAt(0)).isEqualTo(1);
        copy.toByteArray()[1] = 9;
        assertThat(copy.unsignedByteAt(1)).isEqualTo(2);
        assertThat(copy.asReadOnlyBuffer().isReadOnly()).isTrue();

        List<Transform> transforms = new java.util.ArrayList<>(List.of(Transform.of(TransformType.PRF, 5)));
        Proposal proposal = new Proposal(1, ProtocolId.IKE, Octets.EMPTY, transforms);
        transforms.clear();
        assertThat(proposal.transforms()).hasSize(1);
        assertThatThrownBy(() -> proposal.transforms().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void notifyHelpersReadTypedData() {
        assertThat(NotifyPayload.invalidKePayload(31).acceptableGroup()).hasValue(31);
        assertThat(NotifyPayload.of(NotifyType.INVALID_KE_PAYLOAD, octets(3, 0)).acceptableGroup()).isEmpty();
        assertThat(NotifyPayload.of(NotifyType.COOKIE, octets(2, 0)).acceptableGroup()).isEmpty();
        assertThat(NotifyPayload.signatureHashAlgorithms(List.of(2, 5)).hashAlgorithms()).containsExactly(2, 5);
        assertThat(NotifyPayload.of(NotifyType.SIGNATURE_HASH_ALGORITHMS, octets(3, 0)).hashAlgorithms()).isEmpty();
        assertThat(NotifyPayload.of(NotifyType.AUTHENTICATION_FAILED).isError()).isTrue();
        assertThat(NotifyPayload.of(NotifyType.TEMPORARY_FAILURE).isError()).isTrue();
        assertThat(NotifyPayload.of(NotifyType.REKEY_SA).isError()).isFalse();
        assertThat(NotifyPayload.rekeySa(ProtocolId.ESP, 0x01020304).spi()).isEqualTo(Octets.fromHex("01020304"));
    }

    @Test
    void registryCodesCarryTheirRfcNumbersAndUnknownOnesSurvive() {
        assertThat(List.of(NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD, NotifyType.INVALID_SYNTAX, NotifyType.INVALID_SPI,
                        NotifyType.NO_PROPOSAL_CHOSEN, NotifyType.INVALID_KE_PAYLOAD, NotifyType.AUTHENTICATION_FAILED,
                        NotifyType.TS_UNACCEPTABLE, NotifyType.TEMPORARY_FAILURE, NotifyType.CHILD_SA_NOT_FOUND,
                        NotifyType.INITIAL_CONTACT, NotifyType.NAT_DETECTION_SOURCE_IP,
                        NotifyType.NAT_DETECTION_DESTINATION_IP, NotifyType.COOKIE, NotifyType.USE_TRANSPORT_MODE,
                        NotifyType.REKEY_SA, NotifyType.IKEV2_FRAGMENTATION_SUPPORTED,
                        NotifyType.SIGNATURE_HASH_ALGORITHMS))
                .extracting(NotifyType::code)
                .containsExactly(1, 7, 11, 14, 17, 24, 38, 43, 44, 16384, 16388, 16389, 16390, 16391, 16393, 16430, 16431);
        assertThat(List.of(AuthMethod.RSA_DIGITAL_SIGNATURE, AuthMethod.SHARED_KEY_MIC, AuthMethod.DSS_DIGITAL_SIGNATURE,
                        AuthMethod.ECDSA_SHA256_P256, AuthMethod.ECDSA_SHA384_P384, AuthMethod.ECDSA_SHA512_P521,
                        AuthMethod.DIGITAL_SIGNATURE))
                .extracting(AuthMethod::code).containsExactly(1, 2, 3, 9, 10, 11, 14);
        assertThat(List.of(IdType.IPV4_ADDR, IdType.FQDN, IdType.RFC822_ADDR, IdType.IPV6_ADDR, IdType.DER_ASN1_DN,
                        IdType.KEY_ID))
                .extracting(IdType::code).containsExactly(1, 2, 3, 5, 9, 11);
        assertThat(List.of(ExchangeType.IKE_SA_INIT, ExchangeType.IKE_AUTH, ExchangeType.CREATE_CHILD_SA,
                        ExchangeType.INFORMATIONAL))
                .extracting(ExchangeType::code).containsExactly(34, 35, 36, 37);
        assertThat(List.of(ConfigType.CFG_REQUEST, ConfigType.CFG_REPLY, ConfigType.CFG_SET, ConfigType.CFG_ACK))
                .extracting(ConfigType::code).containsExactly(1, 2, 3, 4);
        assertThat(PayloadType.SKF.code()).isEqualTo(53);
        assertThat(NotifyType.COOKIE).hasToString("COOKIE(16390)");
        assertThat(NotifyType.COOKIE.label()).isEqualTo("COOKIE");
        assertThat(new NotifyType(40_000).isRegistered()).isFalse();
        assertThat(new NotifyType(40_000)).hasToString("NotifyType(40000)");
        assertThat(PayloadType.IDI.label()).isEqualTo("IDi");
        assertThat(new PayloadType(49).hasDedicatedRecord()).isFalse();
    }

    @Test
    void identificationHelpers() {
        IdentificationPayload v4 = IdentificationPayload.ofAddress(Party.INITIATOR, v4("198.51.100.7"));
        assertThat(v4.idType()).isEqualTo(IdType.IPV4_ADDR);
        assertThat(v4.address()).contains(v4("198.51.100.7"));
        assertThat(v4.name()).isEmpty();
        assertThat(v4.type()).isEqualTo(PayloadType.IDI);
        assertThat(v4.bodyOctets()).isEqualTo(Octets.fromHex("01000000 c6336407"));

        IdentificationPayload v6 = IdentificationPayload.ofAddress(Party.RESPONDER, v6("2001:db8::7"));
        assertThat(v6.idType()).isEqualTo(IdType.IPV6_ADDR);
        assertThat(v6.address()).contains(v6("2001:db8::7"));
        assertThat(v6.type()).isEqualTo(PayloadType.IDR);

        assertThat(IdentificationPayload.ofFqdn(Party.RESPONDER, "gw.example").name()).hasValue("gw.example");
        assertThatThrownBy(() -> IdentificationPayload.ofFqdn(Party.RESPONDER, "gw.exämple"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void certificateRequestHashes() {
        Octets first = octets(20, 1);
        Octets second = octets(20, 2);

        assertThat(CertificateRequestPayload.x509(List.of(first, second)).caKeyHashes()).containsExactly(first, second);
        assertThat(new CertificateRequestPayload(CertificateEncoding.X509_SIGNATURE, octets(30, 0)).caKeyHashes())
                .isEmpty();
        assertThat(new CertificateRequestPayload(CertificateEncoding.CRL, octets(20, 0)).caKeyHashes()).isEmpty();
    }

    @Test
    void configurationAttributeHelpers() {
        ConfigurationPayload reply = ConfigurationPayload.of(ConfigType.CFG_REPLY,
                ConfigurationAttribute.ipv4(ConfigAttributeType.INTERNAL_IP4_DNS, v4("10.0.0.53")),
                ConfigurationAttribute.ipv4(ConfigAttributeType.INTERNAL_IP4_DNS, v4("10.0.1.53")),
                ConfigurationAttribute.ipv6Prefix(ConfigAttributeType.INTERNAL_IP6_ADDRESS, v6("fd00::9"), 64),
                ConfigurationAttribute.request(ConfigAttributeType.INTERNAL_IP4_ADDRESS));

        assertThat(reply.attributes(ConfigAttributeType.INTERNAL_IP4_DNS))
                .map(a -> a.ipv4Address().orElseThrow())
                .containsExactly(v4("10.0.0.53"), v4("10.0.1.53"));
        ConfigurationAttribute ip6 = reply.firstAttribute(ConfigAttributeType.INTERNAL_IP6_ADDRESS).orElseThrow();
        assertThat(ip6.ipv6Address()).contains(v6("fd00::9"));
        assertThat(ip6.value().unsignedByteAt(16)).isEqualTo(64);
        assertThat(reply.firstAttribute(ConfigAttributeType.INTERNAL_IP4_ADDRESS).orElseThrow().ipv4Address()).isEmpty();
        assertThatThrownBy(() ->
                        ConfigurationAttribute.ipv6Prefix(ConfigAttributeType.INTERNAL_IP6_SUBNET, v6("fd00::"), 129))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void chainQueries() {
        PayloadChain chain = PayloadChain.of(
                NotifyPayload.of(NotifyType.NAT_DETECTION_SOURCE_IP, octets(20, 1)),
                NotifyPayload.of(NotifyType.NAT_DETECTION_SOURCE_IP, octets(20, 2)),
                NotifyPayload.of(NotifyType.TS_UNACCEPTABLE),
                NotifyPayload.of(NotifyType.NO_PROPOSAL_CHOSEN),
                TrafficSelectorPayload.of(Party.RESPONDER, TrafficSelector.Ipv4Range.all()));

        assertThat(chain.notifies(NotifyType.NAT_DETECTION_SOURCE_IP)).hasSize(2);
        assertThat(chain.firstError()).map(NotifyPayload::notifyType).contains(NotifyType.TS_UNACCEPTABLE);
        assertThat(chain.all(NotifyPayload.class)).hasSize(4);
        assertThat(chain.first(NoncePayload.class)).isEmpty();
        assertThat(chain.trafficSelectors(Party.INITIATOR)).isEmpty();
        assertThat(chain.trafficSelectors(Party.RESPONDER)).isPresent();
        assertThat(chain.firstType()).isEqualTo(PayloadType.NOTIFY);
        assertThat(PayloadChain.EMPTY.firstType()).isEqualTo(PayloadType.NONE);
    }

    @Test
    void transformKeyLengthIsReadFromTheShortFormOnly() {
        assertThat(Transform.withKeyLength(TransformType.ENCR, 12, 128).keyLength()).hasValue(128);
        assertThat(Transform.of(TransformType.ENCR, 12).keyLength()).isEmpty();
        assertThat(new Transform(TransformType.ENCR, 12, List.of(
                        new TransformAttribute.TypeLengthValue(TransformAttribute.KEY_LENGTH, octets(2, 0))))
                .keyLength()).isEmpty();
    }

    @Test
    void octetsCompareByContentAndPrintAsHex() {
        assertThat(Octets.fromHex("0a 0b")).isEqualTo(Octets.copyOf(new byte[] {10, 11}));
        assertThat(Octets.fromHex("0a0b")).hasSameHashCodeAs(Octets.copyOf(new byte[] {10, 11}));
        assertThat(Octets.fromHex("0a0b")).hasToString("0a0b");
        assertThat(octets(40, 0).toString()).endsWith("…(40 octets)");
        assertThat(Octets.ofLong(0x0102030405060708L)).isEqualTo(Octets.fromHex("0102030405060708"));
        assertThat(Octets.fromHex("")).isSameAs(Octets.EMPTY);
    }
}
