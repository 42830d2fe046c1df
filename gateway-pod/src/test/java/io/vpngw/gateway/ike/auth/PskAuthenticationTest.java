package io.vpngw.gateway.ike.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.crypto.PrfAlgorithm;
import io.vpngw.gateway.crypto.SecretBytes;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Known-answer check of the PSK AUTH computation of RFC 7296 §2.15. The vector is taken as data
 * from the Android Open Source Project's IKE library tests
 * (packages/modules/IPsec, tests/iketests/.../message/IkeAuthPskPayloadTest.java): a captured
 * IKE_SA_INIT request, the responder's nonce, the initiator's ID payload body, SK_pi, the PSK
 * "juniper123" and the AUTH data it produced with PRF_HMAC_SHA1.
 */
class PskAuthenticationTest {

    private static final HexFormat HEX = HexFormat.of();

    private static final byte[] IKE_SA_INIT_REQUEST = HEX.parseHex(
            "5f54bf6d8b48e6e1000000000000000021202208"
                    + "0000000000000150220000300000002c01010004"
                    + "0300000c0100000c800e00800300000803000002"
                    + "0300000804000002000000080200000228000088"
                    + "00020000b4a2faf4bb54878ae21d638512ece55d"
                    + "9236fc5046ab6cef82220f421f3ce6361faf3656"
                    + "4ecb6d28798a94aad7b2b4b603ddeaaa5630adb9"
                    + "ece8ac37534036040610ebdd92f46bef84f0be7d"
                    + "b860351843858f8acf87056e272377f70c9f2d81"
                    + "e29c7b0ce4f291a3a72476bb0b278fd4b7b0a4c2"
                    + "6bbeb08214c707137607958729000024c39b7f36"
                    + "8f4681b89fa9b7be6465abd7c5f68b6ed5d3b4c7"
                    + "2cb4240eb5c464122900001c00004004e54f73b7"
                    + "d83f6beb881eab2051d8663f421d10b02b00001c"
                    + "00004005d915368ca036004cb578ae3e3fb26850"
                    + "9aeab19000000020699369228741c6d4ca094c93"
                    + "e242c9de19e7b7c60000000500000500");
    private static final byte[] RESPONDER_NONCE =
            HEX.parseHex("9756112ca539f5c25abacc7ee92b73091942a9c06950f98848f1af1694c4ddff");
    private static final byte[] ID_INITIATOR_BODY = HEX.parseHex("010000000a50500d");
    private static final byte[] PSK = HEX.parseHex("6a756e69706572313233");
    private static final byte[] SK_PI = HEX.parseHex("094787780ee466e2cb049fa327b43908bc57e485");
    private static final byte[] EXPECTED_AUTH = HEX.parseHex("df7c038aefaaa32d3f44b228b52a332744dfb2c1");

    @Test
    void reproducesThePublishedAuthData() {
        byte[] auth = PskAuthentication.authData(PrfAlgorithm.PRF_HMAC_SHA1, PSK, IKE_SA_INIT_REQUEST,
                RESPONDER_NONCE, SecretBytes.copyOf(SK_PI), ID_INITIATOR_BODY);
        assertThat(auth).isEqualTo(EXPECTED_AUTH);
    }

    @Test
    void anyChangeToTheSignedOctetsChangesTheResult() {
        byte[] nonce = RESPONDER_NONCE.clone();
        nonce[0]++;
        byte[] auth = PskAuthentication.authData(PrfAlgorithm.PRF_HMAC_SHA1, PSK, IKE_SA_INIT_REQUEST, nonce,
                SecretBytes.copyOf(SK_PI), ID_INITIATOR_BODY);
        assertThat(PskAuthentication.verify(auth, EXPECTED_AUTH)).isFalse();
        byte[] otherPsk = PskAuthentication.authData(PrfAlgorithm.PRF_HMAC_SHA1, "juniper124".getBytes(),
                IKE_SA_INIT_REQUEST, RESPONDER_NONCE, SecretBytes.copyOf(SK_PI), ID_INITIATOR_BODY);
        assertThat(PskAuthentication.verify(otherPsk, EXPECTED_AUTH)).isFalse();
        assertThat(PskAuthentication.verify(EXPECTED_AUTH.clone(), EXPECTED_AUTH)).isTrue();
    }
}
