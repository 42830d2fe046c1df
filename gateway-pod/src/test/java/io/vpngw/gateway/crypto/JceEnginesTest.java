package io.vpngw.gateway.crypto;

import static io.vpngw.gateway.crypto.KnownAnswerFile.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;

/**
 * The AEAD configuration the ESP and IKE ciphers share (algorithm names, tag length, key split)
 * against the primitives' own published answers.
 */
class JceEnginesTest {

    /** McGrew and Viega, "The Galois/Counter Mode of Operation (GCM)", Appendix B, test case 13. */
    @Test
    void gcmTestCase13() throws Exception {
        assertThat(gcm(new byte[32], new byte[12], new byte[0], new byte[0]))
                .isEqualTo(hex("530f8afbc74536b9a963b4f1c4cb738b"));
    }

    /** GCM specification, Appendix B, test case 14. */
    @Test
    void gcmTestCase14() throws Exception {
        assertThat(gcm(new byte[32], new byte[12], new byte[0], new byte[16]))
                .isEqualTo(hex("cea7403d4d606b6e074ec5d3baf39d18 d0d1c8a799996bf0265b98b5d48ab919"));
    }

    private static final byte[] GCM_15_KEY = hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
    private static final byte[] GCM_15_IV = hex("cafebabefacedbaddecaf888");
    private static final byte[] GCM_15_PLAINTEXT = hex("""
            d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72
            1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255""");
    private static final byte[] GCM_15_CIPHERTEXT = hex("""
            522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa
            8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad""");

    /** GCM specification, Appendix B, test case 15. */
    @Test
    void gcmTestCase15() throws Exception {
        byte[] sealed = gcm(GCM_15_KEY, GCM_15_IV, new byte[0], GCM_15_PLAINTEXT);
        assertThat(sealed).isEqualTo(concat(GCM_15_CIPHERTEXT, hex("b094dac5d93471bdec1a502270e3cc6c")));
    }

    /** GCM specification, Appendix B, test case 16: 60 bytes of test case 15 with associated data. */
    @Test
    void gcmTestCase16() throws Exception {
        byte[] aad = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        byte[] sealed = gcm(GCM_15_KEY, GCM_15_IV, aad, Arrays.copyOf(GCM_15_PLAINTEXT, 60));
        assertThat(sealed).isEqualTo(concat(Arrays.copyOf(GCM_15_CIPHERTEXT, 60), hex("76fc6ece0f4e1768cddf8853bb2d551b")));

        sealed[5] ^= 0x40;
        Cipher opener = aead(EncryptionTransform.aesGcm16(256), GCM_15_KEY, GCM_15_IV, Cipher.DECRYPT_MODE);
        opener.updateAAD(aad);
        assertThatThrownBy(() -> opener.doFinal(sealed)).isInstanceOf(AEADBadTagException.class);
    }

    /** RFC 8439 §2.8.2, "Example and Test Vector for AEAD_CHACHA20_POLY1305". */
    @Test
    void chaCha20Poly1305Rfc8439AeadVector() throws Exception {
        byte[] key = hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
        byte[] nonce = hex("070000004041424344454647");
        byte[] aad = hex("50515253c0c1c2c3c4c5c6c7");
        byte[] plaintext = ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for "
                + "the future, sunscreen would be it.").getBytes(StandardCharsets.US_ASCII);
        Cipher cipher = aead(EncryptionTransform.chaCha20Poly1305(), key, nonce, Cipher.ENCRYPT_MODE);
        cipher.updateAAD(aad);
        assertThat(cipher.doFinal(plaintext)).isEqualTo(hex("""
                d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6
                3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36
                92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc
                3ff4def08e4b7a9de576d26586cec64b6116
                1ae10b594f09e26a7e902ecbd0600691"""));
    }

    @Test
    void theCipherKeyLeavesTheSaltOut() {
        SecretBytes material = SecretBytes.copyOf(hex("000102030405060708090a0b0c0d0e0f a0a1a2a3"));
        assertThat(JceEngines.cipherKey(EncryptionTransform.aesGcm16(128), material).getEncoded())
                .isEqualTo(hex("000102030405060708090a0b0c0d0e0f"));
    }

    @Test
    void nullEncryptionHasNoCipher() {
        assertThatThrownBy(() -> JceEngines.cipher(EncryptionAlgorithm.ENCR_NULL))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] gcm(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) throws Exception {
        Cipher cipher = aead(EncryptionTransform.aesGcm16(key.length * 8), key, nonce, Cipher.ENCRYPT_MODE);
        cipher.updateAAD(aad);
        return cipher.doFinal(plaintext);
    }

    private static Cipher aead(EncryptionTransform transform, byte[] key, byte[] nonce, int mode) throws Exception {
        Cipher cipher = JceEngines.cipher(transform.algorithm());
        cipher.init(mode, JceEngines.cipherKey(transform, SecretBytes.copyOf(key)),
                JceEngines.aeadParameters(transform.algorithm(), nonce));
        return cipher;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
