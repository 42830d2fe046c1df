package io.vpngw.gateway.ike.message;

import static io.vpngw.gateway.ike.message.Samples.parseMessage;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An IKE_SA_INIT request written out octet by octet from the layouts of RFC 7296 §3.1–3.10,
 * checked field by field when parsed and reproduced exactly when the same message is built.
 */
class HandBuiltSaInitTest {

    private static final Octets KE_DATA = Octets.fromHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf");
    private static final Octets NONCE = Octets.fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final Octets NAT_SOURCE = Octets.fromHex("1111111111111111111111111111111111111111");
    private static final Octets NAT_DESTINATION = Octets.fromHex("2222222222222222222222222222222222222222");

    private static final String DATAGRAM = String.join("",
            // §3.1 header
            "0123456789abcdef", //  IKE SA initiator's SPI
            "0000000000000000", //  responder's SPI: zero in the first message
            "21", //                next payload: SA (33)
            "20", //                major version 2, minor 0
            "22", //                exchange type IKE_SA_INIT (34)
            "08", //                flags: Initiator
            "00000000", //          message ID 0
            "000000e6", //          length 230
            // §3.3 SA payload
            "22 00 0030", //        next KE (34), not critical, length 48
            "00 00 002c", //        proposal: last, length 44
            "01 01 00 04", //       proposal 1, protocol IKE, SPI size 0, 4 transforms
            "03 00 000c 01 00 0014 800e 0100", // more; ENCR 20 (AES-GCM-16), Key Length (TV) 256
            "03 00 0008 02 00 0005", //          more; PRF 5 (HMAC-SHA2-256)
            "03 00 0008 04 00 001f", //          more; KE 31 (Curve25519)
            "00 00 0008 04 00 0013", //          last; KE 19 (256-bit random ECP)
            // §3.4 KE payload
            "28 00 0028", //        next Nonce (40), length 40
            "001f 0000", //         group 31, reserved
            KE_DATA.toHex(),
            // §3.9 Nonce payload
            "29 00 0024", //        next Notify (41), length 36
            NONCE.toHex(),
            // §3.10 Notify payloads
            "29 00 001c 00 00 4004", NAT_SOURCE.toHex(), //      NAT_DETECTION_SOURCE_IP
            "29 00 001c 00 00 4005", NAT_DESTINATION.toHex(), // NAT_DETECTION_DESTINATION_IP
            "29 00 0008 00 00 402e", //                          IKEV2_FRAGMENTATION_SUPPORTED
            "00 00 000e 00 00 402f 0002 0003 0004"); //          SIGNATURE_HASH_ALGORITHMS, last payload

    private static final byte[] BYTES = Octets.fromHex(DATAGRAM).toByteArray();

    @Test
    void headerFields() {
        IkeHeader header = parseMessage(BYTES).header();

        assertThat(BYTES).hasSize(230);
        assertThat(header.initiatorSpi()).isEqualTo(0x0123456789abcdefL);
        assertThat(header.responderSpi()).isZero();
        assertThat(header.nextPayload()).isEqualTo(PayloadType.SA);
        assertThat(header.majorVersion()).isEqualTo(2);
        assertThat(header.minorVersion()).isZero();
        assertThat(header.exchangeType()).isEqualTo(ExchangeType.IKE_SA_INIT);
        assertThat(header.initiator()).isTrue();
        assertThat(header.response()).isFalse();
        assertThat(header.higherVersion()).isFalse();
        assertThat(header.messageId()).isZero();
        assertThat(header.length()).isEqualTo(230);
    }

    @Test
    void payloadFields() {
        PayloadChain payloads = parseMessage(BYTES).payloads();

        assertThat(payloads.payloads()).extracting(Payload::type).containsExactly(
                PayloadType.SA, PayloadType.KE, PayloadType.NONCE,
                PayloadType.NOTIFY, PayloadType.NOTIFY, PayloadType.NOTIFY, PayloadType.NOTIFY);

        Proposal proposal = payloads.first(SecurityAssociationPayload.class).orElseThrow().proposals().getFirst();
        assertThat(proposal.number()).isEqualTo(1);
        assertThat(proposal.protocol()).isEqualTo(ProtocolId.IKE);
        assertThat(proposal.spi().isEmpty()).isTrue();
        assertThat(proposal.transforms()).hasSize(4);
        assertThat(proposal.transforms(TransformType.ENCR)).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo(20);
            assertThat(t.keyLength()).hasValue(256);
        });
        assertThat(proposal.transforms(TransformType.PRF)).extracting(Transform::id).containsExactly(5);
        assertThat(proposal.transforms(TransformType.KE)).extracting(Transform::id).containsExactly(31, 19);

        KeyExchangePayload ke = payloads.first(KeyExchangePayload.class).orElseThrow();
        assertThat(ke.group()).isEqualTo(31);
        assertThat(ke.data()).isEqualTo(KE_DATA);

        assertThat(payloads.first(NoncePayload.class).orElseThrow().nonce()).isEqualTo(NONCE);

        assertThat(payloads.notifies(NotifyType.NAT_DETECTION_SOURCE_IP)).singleElement()
                .satisfies(n -> {
                    assertThat(n.protocol()).isEqualTo(ProtocolId.NONE);
                    assertThat(n.spi().isEmpty()).isTrue();
                    assertThat(n.data()).isEqualTo(NAT_SOURCE);
                });
        assertThat(payloads.firstNotify(NotifyType.NAT_DETECTION_DESTINATION_IP).orElseThrow().data())
                .isEqualTo(NAT_DESTINATION);
        assertThat(payloads.hasNotify(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED)).isTrue();
        assertThat(payloads.firstNotify(NotifyType.SIGNATURE_HASH_ALGORITHMS).orElseThrow().hashAlgorithms())
                .containsExactly(2, 3, 4);
        assertThat(payloads.firstError()).isEmpty();
        assertThat(payloads.unsupportedCriticalPayload()).isEmpty();
    }

    @Test
    void buildingTheSameMessageGivesTheSameOctets() {
        IkeMessage built = IkeMessage.of(
                IkeHeader.of(0x0123456789abcdefL, 0, ExchangeType.IKE_SA_INIT, true, false, 0),
                SecurityAssociationPayload.of(new Proposal(1, ProtocolId.IKE, Octets.EMPTY, List.of(
                        Transform.withKeyLength(TransformType.ENCR, 20, 256),
                        Transform.of(TransformType.PRF, 5),
                        Transform.of(TransformType.KE, 31),
                        Transform.of(TransformType.KE, 19)))),
                new KeyExchangePayload(31, KE_DATA),
                new NoncePayload(NONCE),
                NotifyPayload.of(NotifyType.NAT_DETECTION_SOURCE_IP, NAT_SOURCE),
                NotifyPayload.of(NotifyType.NAT_DETECTION_DESTINATION_IP, NAT_DESTINATION),
                NotifyPayload.of(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED),
                NotifyPayload.signatureHashAlgorithms(List.of(2, 3, 4)));

        assertThat(Octets.copyOf(built.encode())).isEqualTo(Octets.copyOf(BYTES));
        assertThat(parseMessage(BYTES)).isEqualTo(built);
    }
}
