package io.vpngw.gateway.crypto.esp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.crypto.DirectionalKeys;
import io.vpngw.gateway.crypto.EncryptionTransform;
import io.vpngw.gateway.crypto.IntegrityAlgorithm;
import io.vpngw.gateway.crypto.KnownAnswerFile;
import io.vpngw.gateway.crypto.KnownAnswerFile.Case;
import io.vpngw.gateway.crypto.ProtectionSuite;
import io.vpngw.gateway.crypto.SecretBytes;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AES-CBC ESP against RFC 3602 §4 cases #5 to #8 (crypto/rfc3602-aes-cbc-esp.txt). RFC 3602 prints
 * the packets without an ICV, so the HMAC-SHA-256-128 ICV appended here is checked with a separate
 * JCE computation; the HMAC itself is pinned by the RFC 4868 vectors.
 */
class CbcHmacEspCipherTest {

    private static final IntegrityAlgorithm INTEGRITY = IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128;
    private static final byte[] INTEGRITY_KEY = new byte[32];

    static {
        Arrays.fill(INTEGRITY_KEY, (byte) 0x6b);
    }

    static Stream<Case> rfc3602Packets() {
        return KnownAnswerFile.load("/crypto/rfc3602-aes-cbc-esp.txt").stream();
    }

    @ParameterizedTest
    @MethodSource("rfc3602Packets")
    void sealsToTheRfc3602Packet(Case vector) throws Exception {
        byte[] expected = vector.bytes("packet_without_icv");
        byte[] payload = vector.bytes("payload");
        CbcHmacEspCipher cipher = cipher(vector, false);
        byte[] buffer = new byte[cipher.sealedLength(payload.length)];
        System.arraycopy(payload, 0, buffer, cipher.headerLength(), payload.length);

        int length = cipher.seal(buffer, 0, payload.length, vector.integer("next_header"),
                vector.unsignedLong("sequence"), vector.bytes("iv"));

        assertThat(length).isEqualTo(expected.length + 16).isEqualTo(buffer.length);
        assertThat(Arrays.copyOf(buffer, expected.length)).isEqualTo(expected);
        assertThat(Arrays.copyOfRange(buffer, expected.length, length)).isEqualTo(icv(expected, null));
    }

    @ParameterizedTest
    @MethodSource("rfc3602Packets")
    void opensTheRfc3602Packet(Case vector) throws Exception {
        byte[] packet = withIcv(vector.bytes("packet_without_icv"), null);
        OpenedPacket opened = new OpenedPacket();
        EspVerdict verdict = cipher(vector, false).open(packet, 0, packet.length, 0, opened);

        assertThat(verdict).isEqualTo(EspVerdict.OPENED);
        assertThat(opened.payloadOffset()).isEqualTo(8 + 16);
        assertThat(Arrays.copyOfRange(packet, opened.payloadOffset(), opened.payloadOffset() + opened.payloadLength()))
                .isEqualTo(vector.bytes("payload"));
        assertThat(opened.nextHeader()).isEqualTo(vector.integer("next_header"));
        assertThat(opened.sequenceNumber()).isEqualTo(vector.unsignedLong("sequence"));
    }

    /** RFC 4303 §2.2.1: with ESN the ICV covers the packet followed by the unsent high 32 sequence bits. */
    @ParameterizedTest
    @MethodSource("rfc3602Packets")
    void esnHighBitsEnterTheIcvButNotThePacket(Case vector) throws Exception {
        byte[] expected = vector.bytes("packet_without_icv");
        byte[] payload = vector.bytes("payload");
        long sequence = 0x0000_0007_0000_0000L | vector.unsignedLong("sequence");
        CbcHmacEspCipher cipher = cipher(vector, true);
        byte[] buffer = new byte[cipher.sealedLength(payload.length)];
        System.arraycopy(payload, 0, buffer, cipher.headerLength(), payload.length);
        cipher.seal(buffer, 0, payload.length, vector.integer("next_header"), sequence, vector.bytes("iv"));

        assertThat(Arrays.copyOf(buffer, expected.length)).isEqualTo(expected);
        assertThat(Arrays.copyOfRange(buffer, expected.length, buffer.length)).isEqualTo(icv(expected, new byte[] {0, 0, 0, 7}));

        OpenedPacket opened = new OpenedPacket();
        assertThat(cipher(vector, true).open(buffer.clone(), 0, buffer.length, 6, opened))
                .isEqualTo(EspVerdict.INTEGRITY_CHECK_FAILED);
        assertThat(cipher(vector, true).open(buffer.clone(), 0, buffer.length, 7, opened)).isEqualTo(EspVerdict.OPENED);
        assertThat(opened.sequenceNumber()).isEqualTo(sequence);
    }

    @Test
    void derivedIvsDifferPerPacketAndPerInstance() throws Exception {
        Case vector = rfc3602Packets().findFirst().orElseThrow();
        Set<String> ivs = new HashSet<>();
        for (CbcHmacEspCipher cipher : new CbcHmacEspCipher[] {cipher(vector, false), cipher(vector, false)}) {
            for (long sequence = 1; sequence <= 50; sequence++) {
                byte[] buffer = new byte[cipher.sealedLength(10)];
                cipher.seal(buffer, 0, 10, 4, sequence);
                ivs.add(Arrays.toString(Arrays.copyOfRange(buffer, 8, 24)));
            }
        }
        assertThat(ivs).hasSize(100);
    }

    @Test
    void authenticatesBeforeDecrypting() throws Exception {
        Case vector = rfc3602Packets().findFirst().orElseThrow();
        byte[] packet = withIcv(vector.bytes("packet_without_icv"), null);
        byte[] original = packet.clone();
        packet[packet.length - 1] ^= 1;
        assertThat(cipher(vector, false).open(packet, 0, packet.length, 0, new OpenedPacket()))
                .isEqualTo(EspVerdict.INTEGRITY_CHECK_FAILED);
        assertThat(Arrays.copyOf(packet, packet.length - 1)).as("ciphertext left as it was")
                .isEqualTo(Arrays.copyOf(original, original.length - 1));
    }

    private static CbcHmacEspCipher cipher(Case vector, boolean esn) {
        ProtectionSuite.EncryptThenMac suite = new ProtectionSuite.EncryptThenMac(EncryptionTransform.aesCbc(128), INTEGRITY);
        DirectionalKeys keys = new DirectionalKeys(SecretBytes.copyOf(vector.bytes("key")), SecretBytes.copyOf(INTEGRITY_KEY));
        return new CbcHmacEspCipher(suite, keys, (int) vector.unsignedLong("spi"), esn, new SecureRandom());
    }

    private static byte[] withIcv(byte[] packet, byte[] esnHighBits) throws Exception {
        byte[] icv = icv(packet, esnHighBits);
        byte[] joined = Arrays.copyOf(packet, packet.length + icv.length);
        System.arraycopy(icv, 0, joined, packet.length, icv.length);
        return joined;
    }

    private static byte[] icv(byte[] packet, byte[] esnHighBits) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(INTEGRITY_KEY, "HmacSHA256"));
        mac.update(packet);
        if (esnHighBits != null) {
            mac.update(esnHighBits);
        }
        return Arrays.copyOf(mac.doFinal(), 16);
    }
}
