package io.vpngw.gateway.sstp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The codec against the packets of [MS-SSTP] 4.7 (Crypto Binding example), and hostile input. */
class SstpCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    // [MS-SSTP] 4.7: the client's Call Connect Request encapsulating PPP
    private static final String CONNECT_REQUEST = "1001000e000100010001000600 01".replace(" ", "");
    // [MS-SSTP] 4.7: the server's Call Connect Ack, SHA-256 only, with its nonce
    private static final String CONNECT_ACK = "100100300002000100040028000000 02"
            + "412B489AEBD7ECC7D08966F26BE7CD72B231A0E9210D7C91B308862B0344C435";
    // [MS-SSTP] 4.7: the client's Call Connected with nonce, certificate hash and Compound MAC
    private static final String CALL_CONNECTED = "1001007000040001000300680000 0002"
            + "412B489AEBD7ECC7D08966F26BE7CD72B231A0E9210D7C91B308862B0344C435"
            + "7993EF314C493DACE9F02D60E7E61C84B6690AAFE9D7AEEA92CBBE8AD599422D"
            + "52A68EFD8CFFBF52770B8F0FE8EC73716583AF6D611EB6D179B3B20840985449";

    private static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    @Test
    void decodesAndReencodesTheSpecificationsConnectRequest() {
        byte[] bytes = hex(CONNECT_REQUEST);
        SstpPacket p = SstpCodec.decode(bytes, 0, bytes.length);
        assertThat(p).isEqualTo(new SstpPacket.Control(SstpMessageType.CALL_CONNECT_REQUEST,
                new SstpAttribute.EncapsulatedProtocol(SstpAttribute.EncapsulatedProtocol.PPP)));
        assertThat(SstpCodec.encode(p)).isEqualTo(bytes);
    }

    @Test
    void decodesAndReencodesTheSpecificationsConnectAck() {
        byte[] bytes = hex(CONNECT_ACK);
        SstpPacket.Control p = (SstpPacket.Control) SstpCodec.decode(bytes, 0, bytes.length);
        assertThat(p.type()).isEqualTo(SstpMessageType.CALL_CONNECT_ACK);
        SstpAttribute.CryptoBindingRequest r = p.attribute(SstpAttribute.CryptoBindingRequest.class).orElseThrow();
        assertThat(r.hashProtocols()).isEqualTo(HashProtocol.SHA256.bit());
        assertThat(HEX.formatHex(r.nonce())).isEqualToIgnoringCase("412B489AEBD7ECC7D08966F26BE7CD72B231A0E9210D7C91B308862B0344C435");
        assertThat(SstpCodec.encode(p)).isEqualTo(bytes);
    }

    @Test
    void decodesAndReencodesTheSpecificationsCallConnected() {
        byte[] bytes = hex(CALL_CONNECTED);
        assertThat(bytes).hasSize(112);
        SstpPacket.Control p = (SstpPacket.Control) SstpCodec.decode(bytes, 0, bytes.length);
        SstpAttribute.CryptoBinding b = p.attribute(SstpAttribute.CryptoBinding.class).orElseThrow();
        assertThat(b.hashProtocol()).isEqualTo(HashProtocol.SHA256.bit());
        assertThat(HEX.formatHex(b.certificateHash())).startsWith("7993ef31");
        assertThat(HEX.formatHex(b.compoundMac())).endsWith("40985449");
        assertThat(SstpCodec.encode(p)).isEqualTo(bytes);
    }

    @Test
    void dataPacketsCarryOnePppFrame() {
        byte[] frame = hex("ff03c021010100040000");
        byte[] packet = SstpCodec.encodeData(frame, 0, frame.length);
        assertThat(packet).startsWith(0x10, 0x00, 0x00, 14);
        assertThat(SstpCodec.packetLength(packet, 0)).isEqualTo(14);
        assertThat(SstpCodec.decode(packet, 0, packet.length)).isEqualTo(new SstpPacket.Data(frame));
    }

    @Test
    void statusInfoRoundTrips() {
        SstpPacket.Control abort = new SstpPacket.Control(SstpMessageType.CALL_ABORT,
                new SstpAttribute.StatusInfo(SstpAttribute.CRYPTO_BINDING, SstpStatus.VALUE_NOT_SUPPORTED));
        byte[] bytes = SstpCodec.encode(abort);
        assertThat(bytes).hasSize(4 + 4 + 12);
        assertThat(SstpCodec.decode(bytes, 0, bytes.length)).isEqualTo(abort);
    }

    @Test
    void refusesBadHeadersLengthsAndAttributes() {
        assertThat(SstpCodec.packetLength(hex("11010008"), 0)).isEqualTo(-1); // version 1.1
        assertThat(SstpCodec.packetLength(hex("10010004"), 0)).isEqualTo(-1); // control without a type
        byte[] truncated = hex(CONNECT_ACK.substring(0, CONNECT_ACK.length() - 2));
        assertThat(SstpCodec.decode(truncated, 0, truncated.length)).isInstanceOf(SstpPacket.Malformed.class);
        byte[] badAttribute = hex("1001000e00010001000100070001"); // encapsulated protocol of length 7
        assertThat(SstpCodec.decode(badAttribute, 0, badAttribute.length)).isInstanceOf(SstpPacket.Malformed.class);
        byte[] missingAttribute = hex("100100080001" + "0002"); // two attributes announced, none there
        assertThat(SstpCodec.decode(missingAttribute, 0, missingAttribute.length))
                .isEqualTo(new SstpPacket.Malformed("attribute 1 of 2 is missing"));
        byte[] unknownType = hex("10010008007f0000");
        assertThat(SstpCodec.decode(unknownType, 0, unknownType.length)).isInstanceOf(SstpPacket.Malformed.class);
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(7);
        int malformed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[4 + random.nextInt(200)];
            random.nextBytes(bytes);
            bytes[0] = 0x10;
            if (random.nextBoolean()) { // a consistent length, so the body parser is reached
                bytes[2] = (byte) (bytes.length >>> 8);
                bytes[3] = (byte) bytes.length;
            }
            SstpPacket p = SstpCodec.decode(bytes, 0, bytes.length);
            assertThat(p).isNotNull();
            if (p instanceof SstpPacket.Malformed) {
                malformed++;
            }
        }
        assertThat(malformed).isGreaterThan(10_000);
    }
}
