package io.vpngw.gateway.sstp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The crypto binding against an independent computation of [MS-SSTP] 3.2.5.2: the 112-byte Call
 * Connected message laid out by hand (not by the codec), CMK and MAC by plain HMAC.
 */
class SstpCompoundMacTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] NONCE = HEX.parseHex("412B489AEBD7ECC7D08966F26BE7CD72B231A0E9210D7C91B308862B0344C435");
    private static final byte[] CERTIFICATE = "a stand-in for the DER of the server certificate".getBytes(StandardCharsets.US_ASCII);

    private static byte[] hlak() {
        byte[] hlak = new byte[32];
        for (int i = 0; i < hlak.length; i++) {
            hlak[i] = (byte) (0xA0 + i);
        }
        return hlak;
    }

    private static byte[] hmac(String algorithm, byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(key, algorithm));
        return mac.doFinal(data);
    }

    /** The message as [MS-SSTP] 2.2.11 draws it, with the given hash fields. */
    private static byte[] callConnected(int bitmask, byte[] certHash, byte[] mac) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(new byte[] {0x10, 0x01, 0x00, 0x70}); // version, C, length 112
        m.writeBytes(new byte[] {0x00, 0x04, 0x00, 0x01}); // SSTP_MSG_CALL_CONNECTED, 1 attribute
        m.writeBytes(new byte[] {0x00, 0x03, 0x00, 0x68}); // SSTP_ATTRIB_CRYPTO_BINDING, length 104
        m.writeBytes(new byte[] {0x00, 0x00, 0x00, (byte) bitmask});
        m.writeBytes(NONCE);
        m.writeBytes(Arrays.copyOf(certHash, 32));
        m.writeBytes(Arrays.copyOf(mac, 32));
        return m.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(HashProtocol.class)
    void bindingMatchesAnIndependentComputation(HashProtocol hash) throws Exception {
        String digest = hash == HashProtocol.SHA1 ? "SHA-1" : "SHA-256";
        String hmac = hash == HashProtocol.SHA1 ? "HmacSHA1" : "HmacSHA256";
        int len = hash == HashProtocol.SHA1 ? 20 : 32;

        ByteArrayOutputStream seed = new ByteArrayOutputStream();
        seed.writeBytes("SSTP inner method derived CMK".getBytes(StandardCharsets.US_ASCII));
        seed.writeBytes(new byte[] {(byte) len, 0x00, 0x01}); // LEN little-endian, then 0x01
        byte[] cmk = hmac(hmac, hlak(), seed.toByteArray());
        byte[] certHash = MessageDigest.getInstance(digest).digest(CERTIFICATE);
        byte[] expectedMac = hmac(hmac, cmk, callConnected(hash.bit(), certHash, new byte[0]));
        assertThat(expectedMac).hasSize(len);

        SstpAttribute.CryptoBinding binding = CompoundMac.bind(hash, NONCE, CERTIFICATE, hlak());
        assertThat(CompoundMac.cmk(hash, hlak())).isEqualTo(cmk);
        assertThat(binding.compoundMac()).isEqualTo(Arrays.copyOf(expectedMac, 32));
        assertThat(SstpCodec.encode(new SstpPacket.Control(SstpMessageType.CALL_CONNECTED, binding)))
                .isEqualTo(callConnected(hash.bit(), certHash, expectedMac));
        assertThat(CompoundMac.verifies(hash, hlak(), binding)).isTrue();
    }

    @Test
    void anotherHlakOrAFlippedBitDoesNotVerify() {
        SstpAttribute.CryptoBinding binding = CompoundMac.bind(HashProtocol.SHA256, NONCE, CERTIFICATE, hlak());
        byte[] otherHlak = hlak();
        otherHlak[31] ^= 1;
        assertThat(CompoundMac.verifies(HashProtocol.SHA256, otherHlak, binding)).isFalse();
        byte[] mac = binding.compoundMac();
        mac[0] ^= (byte) 0x80;
        assertThat(CompoundMac.verifies(HashProtocol.SHA256, hlak(), binding.withCompoundMac(mac))).isFalse();
    }

    @Test
    void hlakIsTheFirst32BytesOfTheKeyOrZeroPadded() {
        byte[] msk = new byte[64];
        Arrays.fill(msk, 0, 32, (byte) 1);
        Arrays.fill(msk, 32, 64, (byte) 2);
        assertThat(CompoundMac.hlak(msk)).containsOnly(1).hasSize(32);
        assertThat(CompoundMac.hlak(new byte[0])).containsOnly(0).hasSize(32);
    }
}
