package io.vpngw.gateway.crypto.esp;

import static io.vpngw.gateway.crypto.KnownAnswerFile.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vpngw.gateway.crypto.DirectionalKeys;
import io.vpngw.gateway.crypto.EncryptionTransform;
import io.vpngw.gateway.crypto.IntegrityAlgorithm;
import io.vpngw.gateway.crypto.ProtectionSuite;
import io.vpngw.gateway.crypto.SecretBytes;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** ENCR_NULL (RFC 2410) with HMAC-SHA1-96: the exact wire layout, checked field by field. */
class NullEncryptionEspCipherTest {

    private static final ProtectionSuite SUITE = new ProtectionSuite.EncryptThenMac(
            EncryptionTransform.nullEncryption(), IntegrityAlgorithm.AUTH_HMAC_SHA1_96);
    private static final byte[] INTEGRITY_KEY = hex("0102030405060708090a0b0c0d0e0f1011121314");

    @Test
    void sendsThePayloadInClearWithAlignedTrailerAndIcv() throws Exception {
        EspCipher cipher = cipher(false);
        byte[] payload = hex("4500001d0000000040010000c0000201c000020208000000000000000a");
        byte[] buffer = new byte[cipher.sealedLength(payload.length)];
        System.arraycopy(payload, 0, buffer, cipher.headerLength(), payload.length);

        int length = cipher.seal(buffer, 0, payload.length, 4, 3);

        // 29-byte payload: 1 padding byte brings payload + Pad Length + Next Header to 32.
        byte[] expectedWithoutIcv = hex("0000abcd 00000003" + "4500001d0000000040010000c0000201c000020208000000000000000a" + "01 01 04");
        assertThat(length).isEqualTo(expectedWithoutIcv.length + 12);
        assertThat(Arrays.copyOf(buffer, expectedWithoutIcv.length)).isEqualTo(expectedWithoutIcv);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(INTEGRITY_KEY, "HmacSHA1"));
        assertThat(Arrays.copyOfRange(buffer, expectedWithoutIcv.length, length))
                .isEqualTo(Arrays.copyOf(mac.doFinal(expectedWithoutIcv), 12));

        OpenedPacket opened = new OpenedPacket();
        assertThat(cipher(false).open(buffer, 0, length, 0, opened)).isEqualTo(EspVerdict.OPENED);
        assertThat(opened.payloadOffset()).isEqualTo(8);
        assertThat(opened.payloadLength()).isEqualTo(payload.length);
        assertThat(opened.nextHeader()).isEqualTo(4);
    }

    @Test
    void refusesAnEncryptionKey() {
        DirectionalKeys keys = new DirectionalKeys(SecretBytes.copyOf(new byte[16]), SecretBytes.copyOf(INTEGRITY_KEY));
        assertThatThrownBy(() -> EspCipher.create(SUITE, keys, 1, false, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static EspCipher cipher(boolean esn) {
        return EspCipher.create(SUITE, new DirectionalKeys(SecretBytes.empty(), SecretBytes.copyOf(INTEGRITY_KEY)),
                0xabcd, esn, new SecureRandom());
    }
}
