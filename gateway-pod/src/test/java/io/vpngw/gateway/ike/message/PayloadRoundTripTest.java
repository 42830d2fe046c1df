package io.vpngw.gateway.ike.message;

import static io.vpngw.gateway.ike.message.Samples.octets;
import static io.vpngw.gateway.ike.message.Samples.parsed;
import static io.vpngw.gateway.ike.message.Samples.v4;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every payload kind encodes to the RFC 7296 layout and parses back to an equal record. */
class PayloadRoundTripTest {

    static List<Payload> everyPayloadKind() {
        return Samples.everyPayloadKind();
    }

    @ParameterizedTest
    @MethodSource("everyPayloadKind")
    void parsesBackToAnEqualPayloadInAMessage(Payload payload) {
        IkeHeader header = IkeHeader.of(Samples.SPI_I, Samples.SPI_R, ExchangeType.INFORMATIONAL, true, false, 3);
        IkeMessage message = IkeMessage.of(header, payload);
        byte[] encoded = message.encode();

        IkeMessage back = Samples.parseMessage(encoded);

        assertThat(back.payloads().payloads()).containsExactly(payload);
        assertThat(back).isEqualTo(message);
        assertThat(Octets.copyOf(encoded, IkeHeader.SIZE, encoded.length - IkeHeader.SIZE))
                .isEqualTo(Octets.copyOf(payload.encode()));
    }

    @ParameterizedTest
    @MethodSource("everyPayloadKind")
    void parsesBackToAnEqualPayloadAsDecryptedContent(Payload payload) {
        byte[] encoded = payload.encode();

        ParseResult<PayloadChain> result = PayloadChain.parse(encoded, 0, encoded.length, payload.type());

        if (payload.type().isEncrypted()) {
            // RFC 7296 §3.14: an Encrypted payload MUST NOT contain another Encrypted payload.
            assertThat(Samples.malformedReason(result)).contains("inside an encrypted payload");
        } else {
            assertThat(parsed(result).payloads()).containsExactly(payload);
        }
    }

    @ParameterizedTest
    @MethodSource("everyPayloadKind")
    void genericHeaderCarriesLengthAndNextPayload(Payload payload) {
        byte[] encoded = payload.encode();

        int expectedNext = switch (payload) {
            case EncryptedPayload sk -> sk.firstInnerPayload().code();
            case EncryptedFragmentPayload skf -> skf.firstInnerPayload().code();
            default -> 0;
        };
        assertThat(encoded[0] & 0xFF).as("next payload").isEqualTo(expectedNext);
        assertThat(encoded[1] & 0xFF).as("critical bit and reserved")
                .isEqualTo(payload instanceof UnknownPayload u && u.critical() ? 0x80 : 0);
        assertThat((encoded[2] & 0xFF) << 8 | (encoded[3] & 0xFF)).as("payload length").isEqualTo(encoded.length);
    }

    @Test
    void aChainOfEveryKindRoundTripsWithEachNextPayloadNamingTheFollowingOne() {
        List<Payload> plain = new ArrayList<>(Samples.everyPayloadKind().stream()
                .filter(p -> !p.type().isEncrypted())
                .toList());
        plain.add(new EncryptedPayload(PayloadType.NOTIFY, octets(64, 1)));
        PayloadChain chain = new PayloadChain(plain);

        byte[] encoded = chain.encode();
        IkeMessage message = new IkeMessage(IkeHeader.of(1, 2, ExchangeType.IKE_AUTH, false, true, 1), chain);
        PayloadChain back = Samples.parseMessage(message.encode()).payloads();

        assertThat(back).isEqualTo(chain);
        int offset = 0;
        for (int i = 0; i < plain.size(); i++) {
            int next = encoded[offset] & 0xFF;
            int expected = i + 1 < plain.size() ? plain.get(i + 1).type().code() : PayloadType.NOTIFY.code();
            assertThat(next).as("next payload of payload %d", i).isEqualTo(expected);
            offset += (encoded[offset + 2] & 0xFF) << 8 | (encoded[offset + 3] & 0xFF);
        }
        assertThat(offset).isEqualTo(encoded.length);
    }

    @Test
    void saPayloadMarksLastSubstructuresAndCountsTransforms() {
        // RFC 7296 §3.3.1/§3.3.2: proposals say 2 while more follow, transforms 3; the last says 0.
        byte[] encoded = Samples.ikeProposals().encode();
        int proposal1 = 4;
        assertThat(encoded[proposal1] & 0xFF).isEqualTo(2);
        int proposal1Length = u16(encoded, proposal1 + 2);
        assertThat(encoded[proposal1 + 4] & 0xFF).as("proposal number").isEqualTo(1);
        assertThat(encoded[proposal1 + 5] & 0xFF).as("protocol IKE").isEqualTo(1);
        assertThat(encoded[proposal1 + 6] & 0xFF).as("SPI size").isZero();
        assertThat(encoded[proposal1 + 7] & 0xFF).as("transform count").isEqualTo(4);

        int transform = proposal1 + 8;
        assertThat(Octets.copyOf(encoded, transform, 12)).as("ENCR 12 with Key Length 256")
                .isEqualTo(Octets.fromHex("0300000c 0100000c 800e0100"));
        int lastTransform = transform + 12 + 8 + 8;
        assertThat(Octets.copyOf(encoded, lastTransform, 8)).as("last transform: KE 19")
                .isEqualTo(Octets.fromHex("00000008 04000013"));

        int proposal2 = proposal1 + proposal1Length;
        assertThat(encoded[proposal2] & 0xFF).isZero();
        assertThat(proposal2 + u16(encoded, proposal2 + 2)).isEqualTo(encoded.length);
    }

    @Test
    void trafficSelectorLayout() {
        byte[] encoded = TrafficSelectorPayload.of(Party.INITIATOR,
                new TrafficSelector.Ipv4Range(17, 500, 4500, v4("10.0.0.1"), v4("10.0.0.255"))).encode();

        assertThat(Octets.copyOf(encoded)).isEqualTo(Octets.fromHex(
                "00000018" + "01000000" + "07 11 0010" + "01f4 1194" + "0a000001" + "0a0000ff"));
    }

    @Test
    void notifyDeleteAndFragmentLayouts() {
        assertThat(Octets.copyOf(NotifyPayload.rekeySa(ProtocolId.ESP, 0x11223344).encode()))
                .isEqualTo(Octets.fromHex("0000000c 03 04 4009 11223344"));
        assertThat(Octets.copyOf(NotifyPayload.invalidKePayload(19).encode()))
                .isEqualTo(Octets.fromHex("0000000a 00 00 0011 0013"));
        assertThat(Octets.copyOf(DeletePayload.childSas(ProtocolId.ESP, 0x01020304, 0x0A0B0C0D).encode()))
                .isEqualTo(Octets.fromHex("00000010 03 04 0002 01020304 0a0b0c0d"));
        assertThat(Octets.copyOf(DeletePayload.ikeSa().encode())).isEqualTo(Octets.fromHex("00000008 01 00 0000"));
        assertThat(Octets.copyOf(new EncryptedFragmentPayload(2, 5, PayloadType.NONE, Octets.fromHex("aabb")).encode()))
                .isEqualTo(Octets.fromHex("0000000a 0002 0005 aabb"));
    }

    @Test
    void configurationLayout() {
        byte[] encoded = ConfigurationPayload.of(ConfigType.CFG_REPLY,
                ConfigurationAttribute.ipv4(ConfigAttributeType.INTERNAL_IP4_ADDRESS, v4("172.16.0.5")),
                ConfigurationAttribute.request(ConfigAttributeType.INTERNAL_IP4_DNS)).encode();

        assertThat(Octets.copyOf(encoded))
                .isEqualTo(Octets.fromHex("00000014 02000000 0001 0004 ac100005 0003 0000"));
    }

    @Test
    void idAuthKeNonceLayouts() {
        assertThat(Octets.copyOf(IdentificationPayload.ofFqdn(Party.RESPONDER, "gw").encode()))
                .isEqualTo(Octets.fromHex("0000000a 02000000 6777"));
        assertThat(Octets.copyOf(new AuthenticationPayload(AuthMethod.SHARED_KEY_MIC, Octets.fromHex("ee")).encode()))
                .isEqualTo(Octets.fromHex("00000009 02000000 ee"));
        assertThat(Octets.copyOf(new KeyExchangePayload(14, Octets.fromHex("abcd")).encode()))
                .isEqualTo(Octets.fromHex("0000000a 000e 0000 abcd"));
        assertThat(Octets.copyOf(new CertificatePayload(CertificateEncoding.X509_SIGNATURE, Octets.fromHex("30")).encode()))
                .isEqualTo(Octets.fromHex("00000006 04 30"));
    }

    @Test
    void reservedBitsAndFieldsAreIgnoredOnReceipt() {
        // Critical bit and reserved bits set on a known payload, reserved octets of ID non-zero:
        // §3.2 says a recipient that understands the type ignores the bit; reserved octets likewise.
        byte[] id = Octets.fromHex("00ff000a 02ffffff 6777").toByteArray();

        PayloadChain chain = parsed(PayloadChain.parse(id, 0, id.length, PayloadType.IDR));

        assertThat(chain.payloads()).containsExactly(IdentificationPayload.ofFqdn(Party.RESPONDER, "gw"));
    }

    @Test
    void configurationAttributeReservedBitIsIgnored() {
        byte[] cp = Octets.fromHex("0000000c 02000000 8001 0000").toByteArray();

        ConfigurationPayload payload = parsed(PayloadChain.parse(cp, 0, cp.length, PayloadType.CP))
                .first(ConfigurationPayload.class).orElseThrow();

        assertThat(payload.attributes())
                .containsExactly(ConfigurationAttribute.request(ConfigAttributeType.INTERNAL_IP4_ADDRESS));
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }
}
