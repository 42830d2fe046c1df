package io.vpngw.gateway.ike.message;

import static io.vpngw.gateway.ike.message.Samples.captured;
import static io.vpngw.gateway.ike.message.Samples.parseMessage;
import static io.vpngw.gateway.ike.message.Samples.parsed;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Messages of a real IKEv2 exchange: Wireshark's test capture ikev2-decrypt-aes128ccm12.pcap,
 * whose frames Scapy's test suite publishes as bytes (see the header of each file in
 * src/test/resources/ike).
 */
class CapturedMessagesTest {

    private static final long SPI_I = 0xea684d21597afd36L;
    private static final long SPI_R = 0xd9fe2ab22dac23acL;

    static List<String> captures() {
        return Samples.capturedNames();
    }

    @ParameterizedTest
    @MethodSource("captures")
    void reEncodesToTheCapturedOctets(String name) {
        byte[] datagram = captured(name);

        IkeMessage message = parseMessage(datagram);

        assertThat(Octets.copyOf(message.encode())).isEqualTo(Octets.copyOf(datagram));
        assertThat(message.header().length()).isEqualTo(datagram.length);
    }

    @Test
    void saInitRequest() {
        IkeMessage message = parseMessage(captured("ikev2-sa-init-request.hex"));
        IkeHeader header = message.header();

        assertThat(header.initiatorSpi()).isEqualTo(SPI_I);
        assertThat(header.responderSpi()).isZero();
        assertThat(header.exchangeType()).isEqualTo(ExchangeType.IKE_SA_INIT);
        assertThat(header.initiator()).isTrue();
        assertThat(header.isRequest()).isTrue();
        assertThat(header.messageId()).isZero();
        assertThat(header.length()).isEqualTo(248);

        PayloadChain payloads = message.payloads();
        assertThat(payloads.payloads()).extracting(Payload::type).containsExactly(
                PayloadType.SA, PayloadType.KE, PayloadType.NONCE,
                PayloadType.NOTIFY, PayloadType.NOTIFY, PayloadType.NOTIFY);

        Proposal proposal = payloads.first(SecurityAssociationPayload.class).orElseThrow().proposals().getFirst();
        assertThat(proposal.number()).isEqualTo(1);
        assertThat(proposal.protocol()).isEqualTo(ProtocolId.IKE);
        assertThat(proposal.transforms()).containsExactly(
                Transform.withKeyLength(TransformType.ENCR, 15, 128), // ENCR_AES_CCM_12
                Transform.of(TransformType.PRF, 5), //                   PRF_HMAC_SHA2_256
                Transform.of(TransformType.KE, 19)); //                  256-bit random ECP

        KeyExchangePayload ke = payloads.first(KeyExchangePayload.class).orElseThrow();
        assertThat(ke.group()).isEqualTo(19);
        assertThat(ke.data()).isEqualTo(Octets.fromHex("""
                32c6dffe5c43b0d5811f7eaaa84c9f78bf99b9069c2b072e0b82f46bf6f66dd4
                5f97ef89ee285fd5df527a44776b529fc9d8a909d842a6fb59b96a0953956172"""));

        assertThat(payloads.first(NoncePayload.class).orElseThrow().nonce())
                .isEqualTo(Octets.fromHex("b655462d6f4b66f872ccd7f0f4b4857732921339cbaa5237edba244f262b6823"));
        assertThat(payloads.firstNotify(NotifyType.NAT_DETECTION_SOURCE_IP).orElseThrow().data())
                .isEqualTo(Octets.fromHex("949c9db5739d75a974a49c184618369b34b7f942"));
        assertThat(payloads.firstNotify(NotifyType.NAT_DETECTION_DESTINATION_IP).orElseThrow().data())
                .isEqualTo(Octets.fromHex("3e721b46be07d53111425d7f80d2c6e220c6072e"));
        assertThat(payloads.firstNotify(NotifyType.SIGNATURE_HASH_ALGORITHMS).orElseThrow().hashAlgorithms())
                .containsExactly(1, 2, 3, 4);
    }

    @Test
    void saInitResponse() {
        IkeMessage message = parseMessage(captured("ikev2-sa-init-response.hex"));
        IkeHeader header = message.header();

        assertThat(header.initiatorSpi()).isEqualTo(SPI_I);
        assertThat(header.responderSpi()).isEqualTo(SPI_R);
        assertThat(header.exchangeType()).isEqualTo(ExchangeType.IKE_SA_INIT);
        assertThat(header.initiator()).isFalse();
        assertThat(header.response()).isTrue();
        assertThat(header.length()).isEqualTo(240);

        PayloadChain payloads = message.payloads();
        assertThat(payloads.first(KeyExchangePayload.class).orElseThrow().data().toHex()).startsWith("2c66bead");
        assertThat(payloads.first(NoncePayload.class).orElseThrow().nonce().length()).isEqualTo(32);
        assertThat(payloads.firstNotify(NotifyType.MULTIPLE_AUTH_SUPPORTED).orElseThrow().data().isEmpty()).isTrue();
        assertThat(payloads.firstError()).isEmpty();
    }

    @Test
    void informationalRequestCarriesAnEncryptedDelete() {
        byte[] datagram = captured("ikev2-informational-request.hex");
        IkeMessage message = parseMessage(datagram);

        assertThat(message.header().exchangeType()).isEqualTo(ExchangeType.INFORMATIONAL);
        assertThat(message.header().initiator()).isTrue();
        assertThat(message.header().messageId()).isEqualTo(2);
        EncryptedPayload sk = message.payloads().first(EncryptedPayload.class).orElseThrow();
        assertThat(sk.firstInnerPayload()).isEqualTo(PayloadType.DELETE);
        assertThat(sk.body()).isEqualTo(Octets.fromHex("cca0b35de5abc51c9987cbf1f5ecff210eb767cdb85179383b964d78e2"));
        // The body is the tail of the datagram, where the crypto layer finds IV, ciphertext and ICV.
        assertThat(Octets.copyOf(datagram, datagram.length - sk.body().length(), sk.body().length())).isEqualTo(sk.body());
    }

    @Test
    void informationalResponseIsAnEmptyEncryptedPayload() {
        IkeMessage message = parseMessage(captured("ikev2-informational-response.hex"));

        assertThat(message.header().response()).isTrue();
        assertThat(message.header().messageId()).isEqualTo(2);
        EncryptedPayload sk = message.payloads().first(EncryptedPayload.class).orElseThrow();
        assertThat(sk.firstInnerPayload()).isEqualTo(PayloadType.NONE);
        assertThat(sk.body().length()).isEqualTo(21);
        // Decrypted, it holds no payloads at all.
        assertThat(parsed(PayloadChain.parse(new byte[0], 0, 0, sk.firstInnerPayload())).isEmpty()).isTrue();
    }
}
