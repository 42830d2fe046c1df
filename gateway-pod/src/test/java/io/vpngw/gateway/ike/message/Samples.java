package io.vpngw.gateway.ike.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** Payloads, messages and captured datagrams shared by the codec's tests. */
final class Samples {

    static final long SPI_I = 0x0123_4567_89AB_CDEFL;
    static final long SPI_R = 0xFEDC_BA98_7654_3210L;

    private Samples() {}

    static Octets octets(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed + 31 * i);
        }
        return Octets.copyOf(b);
    }

    static Inet4Address v4(String literal) {
        return (Inet4Address) address(literal);
    }

    static Inet6Address v6(String literal) {
        return (Inet6Address) address(literal);
    }

    /** IPv6 from its sixteen octets, so that IPv4-mapped addresses stay IPv6. */
    static Inet6Address v6Octets(String hex) {
        try {
            return Inet6Address.getByAddress(null, Octets.fromHex(hex).toByteArray(), -1);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: no lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static SecurityAssociationPayload ikeProposals() {
        Proposal aesCbc = new Proposal(1, ProtocolId.IKE, Octets.EMPTY, List.of(
                Transform.withKeyLength(TransformType.ENCR, 12, 256),
                Transform.of(TransformType.PRF, 5),
                Transform.of(TransformType.INTEG, 12),
                Transform.of(TransformType.KE, 19)));
        Proposal aesGcm = new Proposal(2, ProtocolId.IKE, Octets.EMPTY, List.of(
                Transform.withKeyLength(TransformType.ENCR, 20, 128),
                Transform.of(TransformType.PRF, 7),
                Transform.of(TransformType.KE, 31),
                Transform.of(TransformType.KE, 14)));
        return SecurityAssociationPayload.of(aesCbc, aesGcm);
    }

    static SecurityAssociationPayload espProposal() {
        return SecurityAssociationPayload.of(new Proposal(1, ProtocolId.ESP, Octets.ofInt(0xC0FFEE01), List.of(
                Transform.withKeyLength(TransformType.ENCR, 20, 256),
                Transform.of(TransformType.ESN, 0))));
    }

    /** One of every payload kind, and the variants whose encodings differ. */
    static List<Payload> everyPayloadKind() {
        return List.of(
                ikeProposals(),
                espProposal(),
                SecurityAssociationPayload.of(new Proposal(7, new ProtocolId(200), octets(8, 1), List.of(
                        new Transform(new TransformType(250), 0xFFFF, List.of(
                                new TransformAttribute.TypeLengthValue(0x1234, octets(5, 2)),
                                new TransformAttribute.TypeLengthValue(99, Octets.EMPTY),
                                new TransformAttribute.TypeValue(0x7FFF, 0xFFFF))),
                        Transform.of(TransformType.ADDKE1, 35)))),
                SecurityAssociationPayload.of(new Proposal(1, ProtocolId.IKE, Octets.EMPTY, List.of())),
                new KeyExchangePayload(19, octets(64, 3)),
                new KeyExchangePayload(31, octets(32, 4)),
                new KeyExchangePayload(0, Octets.EMPTY),
                IdentificationPayload.ofAddress(Party.INITIATOR, v4("192.0.2.10")),
                IdentificationPayload.ofAddress(Party.RESPONDER, v6("2001:db8::1")),
                new IdentificationPayload(
                        Party.RESPONDER, IdType.IPV6_ADDR, Octets.fromHex("00000000000000000000ffff01020304")),
                IdentificationPayload.ofFqdn(Party.RESPONDER, "vpn.example.net"),
                IdentificationPayload.ofEmail(Party.INITIATOR, "alice@example.org"),
                IdentificationPayload.ofDistinguishedName(Party.INITIATOR, octets(40, 5)),
                IdentificationPayload.ofKeyId(Party.INITIATOR, octets(3, 6)),
                new IdentificationPayload(Party.INITIATOR, IdType.NULL_ID, Octets.EMPTY),
                new CertificatePayload(CertificateEncoding.X509_SIGNATURE, octets(300, 7)),
                CertificateRequestPayload.x509(List.of(octets(20, 8), octets(20, 9))),
                new CertificateRequestPayload(CertificateEncoding.X509_SIGNATURE, Octets.EMPTY),
                new AuthenticationPayload(AuthMethod.SHARED_KEY_MIC, octets(32, 10)),
                new AuthenticationPayload(AuthMethod.DIGITAL_SIGNATURE, octets(80, 11)),
                new NoncePayload(octets(NoncePayload.MIN_SIZE, 12)),
                new NoncePayload(octets(NoncePayload.MAX_SIZE, 13)),
                NotifyPayload.of(NotifyType.NAT_DETECTION_SOURCE_IP, octets(20, 14)),
                NotifyPayload.of(NotifyType.NAT_DETECTION_DESTINATION_IP, octets(20, 15)),
                NotifyPayload.cookie(octets(64, 16)),
                NotifyPayload.invalidKePayload(19),
                NotifyPayload.unsupportedCriticalPayload(new PayloadType(200)),
                NotifyPayload.rekeySa(ProtocolId.ESP, 0x11223344),
                NotifyPayload.signatureHashAlgorithms(List.of(2, 3, 4)),
                NotifyPayload.of(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED),
                new NotifyPayload(ProtocolId.ESP, Octets.ofInt(7), NotifyType.CHILD_SA_NOT_FOUND, Octets.EMPTY),
                NotifyPayload.of(new NotifyType(40_000), octets(3, 17)),
                DeletePayload.ikeSa(),
                DeletePayload.childSas(ProtocolId.ESP, 0xAABBCCDD, 0x01020304, 5),
                new DeletePayload(ProtocolId.AH, 4, List.of()),
                new VendorIdPayload(octets(16, 18)),
                new VendorIdPayload(Octets.EMPTY),
                TrafficSelectorPayload.of(Party.INITIATOR,
                        new TrafficSelector.Ipv4Range(6, 443, 443, v4("10.0.0.0"), v4("10.0.255.255")),
                        new TrafficSelector.Ipv6Range(17, 500, 4500, v6("2001:db8::"), v6("2001:db8::ffff")),
                        new TrafficSelector.Unknown(10, 0, octets(9, 19))),
                TrafficSelectorPayload.of(
                        Party.RESPONDER, TrafficSelector.Ipv4Range.all(), TrafficSelector.Ipv6Range.all()),
                TrafficSelectorPayload.of(Party.RESPONDER,
                        new TrafficSelector.Ipv6Range(0, 0, 0xFFFF, v6Octets("00000000000000000000ffff01020304"),
                                v6Octets("00000000000000000000ffff010203ff"))),
                TrafficSelectorPayload.of(Party.INITIATOR),
                new EncryptedPayload(PayloadType.IDI, octets(120, 20)),
                new EncryptedPayload(PayloadType.NONE, octets(32, 21)),
                new EncryptedFragmentPayload(1, 3, PayloadType.IDI, octets(500, 22)),
                new EncryptedFragmentPayload(3, 3, PayloadType.NONE, octets(40, 23)),
                ConfigurationPayload.of(ConfigType.CFG_REQUEST,
                        ConfigurationAttribute.request(ConfigAttributeType.INTERNAL_IP4_ADDRESS),
                        ConfigurationAttribute.request(ConfigAttributeType.INTERNAL_IP4_DNS),
                        ConfigurationAttribute.request(ConfigAttributeType.INTERNAL_IP6_ADDRESS)),
                ConfigurationPayload.of(ConfigType.CFG_REPLY,
                        ConfigurationAttribute.ipv4(ConfigAttributeType.INTERNAL_IP4_ADDRESS, v4("172.16.0.5")),
                        ConfigurationAttribute.ipv4(ConfigAttributeType.INTERNAL_IP4_NETMASK, v4("255.255.255.0")),
                        ConfigurationAttribute.ipv4(ConfigAttributeType.INTERNAL_IP4_DNS, v4("172.16.0.1")),
                        ConfigurationAttribute.ipv4Subnet(v4("10.1.0.0"), v4("255.255.0.0")),
                        ConfigurationAttribute.ipv6Prefix(ConfigAttributeType.INTERNAL_IP6_ADDRESS, v6("fd00::5"), 64),
                        ConfigurationAttribute.ipv6(ConfigAttributeType.INTERNAL_IP6_DNS, v6("fd00::1")),
                        new ConfigurationAttribute(new ConfigAttributeType(0x7000), octets(2, 24))),
                ConfigurationPayload.of(ConfigType.CFG_ACK),
                new EapPayload(Octets.fromHex("0201000501")),
                new UnknownPayload(new PayloadType(49), false, octets(12, 25)),
                new UnknownPayload(new PayloadType(200), true, Octets.EMPTY),
                new UnknownPayload(new PayloadType(1), false, octets(4, 26)));
    }

    /** IKE_SA_INIT request: SA, KE, Ni, N(NAT_DETECTION_SOURCE_IP), N(NAT_DETECTION_DESTINATION_IP). */
    static IkeMessage saInitRequest() {
        return IkeMessage.of(
                IkeHeader.of(SPI_I, 0, ExchangeType.IKE_SA_INIT, true, false, 0),
                ikeProposals(),
                new KeyExchangePayload(19, octets(64, 40)),
                new NoncePayload(octets(32, 41)),
                NotifyPayload.of(NotifyType.NAT_DETECTION_SOURCE_IP, octets(20, 42)),
                NotifyPayload.of(NotifyType.NAT_DETECTION_DESTINATION_IP, octets(20, 43)),
                NotifyPayload.of(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED));
    }

    /** The inner payloads of an IKE_AUTH request for remote access. */
    static PayloadChain ikeAuthRequestInner() {
        return PayloadChain.of(
                IdentificationPayload.ofEmail(Party.INITIATOR, "alice@example.org"),
                NotifyPayload.of(NotifyType.INITIAL_CONTACT),
                IdentificationPayload.ofFqdn(Party.RESPONDER, "vpn.example.net"),
                new AuthenticationPayload(AuthMethod.SHARED_KEY_MIC, octets(32, 50)),
                ConfigurationPayload.of(ConfigType.CFG_REQUEST,
                        ConfigurationAttribute.request(ConfigAttributeType.INTERNAL_IP4_ADDRESS),
                        ConfigurationAttribute.request(ConfigAttributeType.INTERNAL_IP4_DNS)),
                espProposal(),
                TrafficSelectorPayload.of(Party.INITIATOR, TrafficSelector.Ipv4Range.all()),
                TrafficSelectorPayload.of(Party.RESPONDER, TrafficSelector.Ipv4Range.all()));
    }

    /** IKE_AUTH request whose SK body stands in for the encryption of {@link #ikeAuthRequestInner()}. */
    static IkeMessage ikeAuthRequest() {
        PayloadChain inner = ikeAuthRequestInner();
        return IkeMessage.of(
                IkeHeader.of(SPI_I, SPI_R, ExchangeType.IKE_AUTH, true, false, 1),
                new EncryptedPayload(inner.firstType(), octets(16 + inner.encodedLength() + 16, 51)));
    }

    /** INFORMATIONAL request whose SK would carry a Delete of two ESP SAs. */
    static IkeMessage informationalDelete() {
        return IkeMessage.of(
                IkeHeader.of(SPI_I, SPI_R, ExchangeType.INFORMATIONAL, false, false, 7),
                new EncryptedPayload(PayloadType.DELETE, octets(48, 52)));
    }

    static List<IkeMessage> typicalMessages() {
        return List.of(saInitRequest(), ikeAuthRequest(), informationalDelete());
    }

    /** The captured datagrams in src/test/resources/ike, by file name. */
    static List<String> capturedNames() {
        return List.of(
                "ikev2-sa-init-request.hex",
                "ikev2-sa-init-response.hex",
                "ikev2-informational-request.hex",
                "ikev2-informational-response.hex");
    }

    /** A hex file of the test resources, '#' comment lines skipped. */
    static byte[] captured(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/ike/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /ike/" + name);
            }
            String hex = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .lines()
                    .filter(line -> !line.startsWith("#"))
                    .collect(Collectors.joining());
            return Octets.fromHex(hex).toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T parsed(ParseResult<T> result) {
        return switch (result) {
            case ParseResult.Parsed<T>(T value) -> value;
            case ParseResult.Malformed<T>(String reason) -> fail("expected a parse, got malformed: " + reason);
        };
    }

    static <T> String malformedReason(ParseResult<T> result) {
        assertThat(result).isInstanceOf(ParseResult.Malformed.class);
        return ((ParseResult.Malformed<T>) result).reason();
    }

    static IkeMessage parseMessage(byte[] datagram) {
        return parsed(IkeMessage.parse(datagram, 0, datagram.length));
    }
}
