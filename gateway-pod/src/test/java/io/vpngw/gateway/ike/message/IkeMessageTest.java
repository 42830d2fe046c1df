package io.vpngw.gateway.ike.message;

import static io.vpngw.gateway.ike.message.Samples.SPI_I;
import static io.vpngw.gateway.ike.message.Samples.SPI_R;
import static io.vpngw.gateway.ike.message.Samples.malformedReason;
import static io.vpngw.gateway.ike.message.Samples.octets;
import static io.vpngw.gateway.ike.message.Samples.parseMessage;
import static io.vpngw.gateway.ike.message.Samples.parsed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Whole messages: header, chaining, typical exchanges and what makes a datagram malformed. */
class IkeMessageTest {

    static List<IkeMessage> typicalMessages() {
        return Samples.typicalMessages();
    }

    @ParameterizedTest
    @MethodSource("typicalMessages")
    void typicalMessagesRoundTrip(IkeMessage message) {
        byte[] encoded = message.encode();

        assertThat(encoded).hasSize(message.encodedLength());
        assertThat(parseMessage(encoded)).isEqualTo(message);
    }

    @Test
    void saInitRequestHeaderIsDerivedFromItsPayloads() {
        IkeMessage message = Samples.saInitRequest();
        byte[] encoded = message.encode();

        assertThat(message.header().nextPayload()).isEqualTo(PayloadType.SA);
        assertThat(message.header().length()).isEqualTo(encoded.length);
        assertThat(Octets.copyOf(encoded, 0, IkeHeader.SIZE)).isEqualTo(Octets.fromHex(
                "0123456789abcdef 0000000000000000 21 20 22 08 00000000" + String.format("%08x", encoded.length)));
    }

    @Test
    void givenNextPayloadAndLengthAreReplaced() {
        IkeHeader misleading = new IkeHeader(SPI_I, SPI_R, PayloadType.EAP, 2, 0, ExchangeType.INFORMATIONAL,
                true, false, true, 9, 12345);

        IkeMessage message = IkeMessage.of(misleading, DeletePayload.ikeSa());

        assertThat(message.header().nextPayload()).isEqualTo(PayloadType.DELETE);
        assertThat(message.header().length()).isEqualTo(IkeHeader.SIZE + 8);
        assertThat(message.header().messageId()).isEqualTo(9);
    }

    @Test
    void ikeAuthInnerPayloadsParseFromDecryptedPlaintext() {
        IkeMessage message = parseMessage(Samples.ikeAuthRequest().encode());
        EncryptedPayload sk = message.payloads().first(EncryptedPayload.class).orElseThrow();
        PayloadChain inner = Samples.ikeAuthRequestInner();
        // Stands in for what the crypto layer hands back: plaintext inside a larger buffer.
        byte[] plaintext = new byte[inner.encodedLength() + 20];
        inner.encode(plaintext, 7);

        PayloadChain decrypted = parsed(sk.parseInner(plaintext, 7, inner.encodedLength()));

        assertThat(sk.firstInnerPayload()).isEqualTo(PayloadType.IDI);
        assertThat(decrypted).isEqualTo(inner);
        assertThat(decrypted.identification(Party.INITIATOR).flatMap(IdentificationPayload::name))
                .hasValue("alice@example.org");
        assertThat(decrypted.identification(Party.RESPONDER).flatMap(IdentificationPayload::name))
                .hasValue("vpn.example.net");
        assertThat(decrypted.trafficSelectors(Party.RESPONDER)).isPresent();
        assertThat(decrypted.hasNotify(NotifyType.INITIAL_CONTACT)).isTrue();
        assertThat(decrypted.first(ConfigurationPayload.class).orElseThrow().configType())
                .isEqualTo(ConfigType.CFG_REQUEST);
    }

    @Test
    void informationalDeleteInnerPayloads() {
        PayloadChain inner = PayloadChain.of(DeletePayload.childSas(ProtocolId.ESP, 0xCAFEBABE, 0x00000101));
        byte[] plaintext = inner.encode();

        PayloadChain decrypted = parsed(PayloadChain.parse(plaintext, 0, plaintext.length, PayloadType.DELETE));

        assertThat(decrypted.first(DeletePayload.class).orElseThrow().childSaSpis()).containsExactly(0xCAFEBABE, 0x101);
    }

    @Test
    void encodesIntoACallersBufferAtAnOffset() {
        IkeMessage message = Samples.informationalDelete();
        byte[] buffer = new byte[message.encodedLength() + 10];
        Arrays.fill(buffer, (byte) 0x5A);

        int written = message.encode(buffer, 4);

        assertThat(written).isEqualTo(message.encodedLength());
        assertThat(Arrays.copyOfRange(buffer, 4, 4 + written)).isEqualTo(message.encode());
        assertThat(buffer[3]).isEqualTo((byte) 0x5A);
        assertThat(buffer[4 + written]).isEqualTo((byte) 0x5A);
        assertThat(parsed(IkeMessage.parse(buffer, 4, written))).isEqualTo(message);
        assertThatThrownBy(() -> message.encode(new byte[written - 1], 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void flagsTravelAsTheirBitsAndReservedBitsAreIgnored() {
        IkeMessage response = IkeMessage.of(new IkeHeader(SPI_I, SPI_R, PayloadType.NONE, 2, 0,
                ExchangeType.CREATE_CHILD_SA, false, true, true, 4, 0));
        byte[] encoded = response.encode();
        assertThat(encoded[19]).as("V and R flags").isEqualTo((byte) 0x30);

        encoded[19] |= (byte) 0xC7; // reserved flag bits
        encoded[17] = 0x2F; // a minor version this codec ignores but keeps

        IkeHeader header = parseMessage(encoded).header();
        assertThat(header.initiator()).isFalse();
        assertThat(header.higherVersion()).isTrue();
        assertThat(header.response()).isTrue();
        assertThat(header.minorVersion()).isEqualTo(15);
    }

    @Test
    void aHeaderAloneIsAMessageWithoutPayloads() {
        IkeMessage empty = IkeMessage.of(IkeHeader.of(SPI_I, SPI_R, ExchangeType.INFORMATIONAL, true, true, 1));

        assertThat(empty.encode()).hasSize(IkeHeader.SIZE);
        assertThat(parseMessage(empty.encode()).payloads().isEmpty()).isTrue();
    }

    @Test
    void anotherMajorVersionIsMalformedButItsHeaderCanBePeeked() {
        byte[] encoded = Samples.saInitRequest().encode();
        encoded[17] = 0x30;

        assertThat(malformedReason(IkeMessage.parse(encoded))).contains("major version 3");
        IkeHeader header = parsed(IkeHeader.peek(encoded, 0, encoded.length));
        assertThat(header.majorVersion()).isEqualTo(3);
        assertThat(header.initiatorSpi()).isEqualTo(SPI_I);
    }

    @Test
    void peekNeedsAWholeHeader() {
        assertThat(malformedReason(IkeHeader.peek(new byte[27], 0, 27))).contains("truncated");
        assertThat(parsed(IkeHeader.peek(new byte[28], 0, 28)).length()).isZero();
    }

    @Test
    void lengthFieldMustMatchTheDatagram() {
        byte[] encoded = Samples.saInitRequest().encode();
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);

        assertThat(malformedReason(IkeMessage.parse(longer))).contains("Length");
        assertThat(malformedReason(IkeMessage.parse(encoded, 0, encoded.length - 1))).contains("Length");
    }

    @Test
    void octetsAfterTheLastPayloadAreMalformed() {
        // Header Length covers a stray octet after a payload whose Next Payload is none.
        byte[] encoded = IkeMessage.of(IkeHeader.of(SPI_I, 0, ExchangeType.IKE_SA_INIT, true, false, 0),
                NotifyPayload.of(NotifyType.COOKIE, octets(8, 1))).encode();
        byte[] padded = Arrays.copyOf(encoded, encoded.length + 1);
        padded[27] = (byte) padded.length;

        assertThat(malformedReason(IkeMessage.parse(padded))).contains("follow the last payload");
    }

    @Test
    void encryptedPayloadMustBeLast() {
        IkeMessage message = Samples.informationalDelete();
        byte[] encoded = message.encode();
        byte[] extended = Arrays.copyOf(encoded, encoded.length + 8);
        System.arraycopy(DeletePayload.ikeSa().encode(), 0, extended, encoded.length, 8);
        extended[27] = (byte) (extended.length & 0xFF);
        extended[26] = (byte) (extended.length >>> 8);
        // The SK payload's own length is left as it was, so the Delete trails it.

        assertThat(malformedReason(IkeMessage.parse(extended))).contains("must be last");
        EncryptedPayload sk = new EncryptedPayload(PayloadType.NONE, Octets.EMPTY);
        assertThatThrownBy(() -> PayloadChain.of(sk, DeletePayload.ikeSa()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unsupportedCriticalPayloadIsReportedForTheCallerToRefuse() {
        IkeMessage message = IkeMessage.of(IkeHeader.of(SPI_I, SPI_R, ExchangeType.IKE_AUTH, true, false, 1),
                new UnknownPayload(new PayloadType(49), false, octets(4, 1)),
                new UnknownPayload(new PayloadType(222), true, octets(6, 2)),
                new UnknownPayload(new PayloadType(223), true, Octets.EMPTY));

        PayloadChain payloads = parseMessage(message.encode()).payloads();

        assertThat(payloads.unsupportedCriticalPayload()).contains(new PayloadType(222));
        assertThat(NotifyPayload.unsupportedCriticalPayload(payloads.unsupportedCriticalPayload().orElseThrow()).data())
                .isEqualTo(Octets.fromHex("de"));
    }

    @Test
    void buildingOnlyWritesIkev2() {
        IkeHeader v1 = new IkeHeader(SPI_I, 0, PayloadType.NONE, 1, 0, ExchangeType.IKE_SA_INIT, true, false, false, 0, 28);

        assertThatThrownBy(() -> IkeMessage.of(v1)).isInstanceOf(IllegalArgumentException.class);
    }
}
