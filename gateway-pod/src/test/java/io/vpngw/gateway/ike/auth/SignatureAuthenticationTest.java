package io.vpngw.gateway.ike.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.crypto.PrfAlgorithm;
import io.vpngw.gateway.crypto.SecretBytes;
import io.vpngw.gateway.ike.message.AuthMethod;
import io.vpngw.gateway.ike.message.AuthenticationPayload;
import io.vpngw.gateway.ike.message.Octets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;

/** Certificate AUTH of RFC 7296 §2.15 / RFC 4754 / RFC 7427: signed octets, signing and verifying. */
class SignatureAuthenticationTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] OCTETS = "IKE_SA_INIT|nonce|prf(SK_p,ID)".getBytes();

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    @Test
    void signedOctetsAreRealMessageNonceAndPrfOfTheIdBody() throws Exception {
        byte[] message = HEX.parseHex("5f54bf6d8b48e6e10000000000000000212022080000000000000150");
        byte[] nonce = HEX.parseHex("9756112ca539f5c25abacc7ee92b73091942a9c06950f98848f1af1694c4ddff");
        byte[] idBody = HEX.parseHex("090000003011310f300d06035504030c06636c69656e74");
        byte[] skP = HEX.parseHex("094787780ee466e2cb049fa327b43908bc57e485");
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(skP, "HmacSHA1"));
        byte[] macedId = mac.doFinal(idBody);

        byte[] octets = SignatureAuthentication.signedOctets(PrfAlgorithm.PRF_HMAC_SHA1, message, nonce,
                SecretBytes.copyOf(skP), idBody);

        assertThat(Arrays.copyOfRange(octets, 0, message.length)).isEqualTo(message);
        assertThat(Arrays.copyOfRange(octets, message.length, message.length + nonce.length)).isEqualTo(nonce);
        assertThat(Arrays.copyOfRange(octets, message.length + nonce.length, octets.length)).isEqualTo(macedId);
    }

    @Test
    void rsaClassicMethodOneRoundTrips() throws Exception {
        KeyPair key = rsa();
        AuthenticationPayload auth = SignatureAuthentication.sign(key.getPrivate(), OCTETS, false);
        assertThat(auth.method()).isEqualTo(AuthMethod.RSA_DIGITAL_SIGNATURE);
        assertThat(auth.data().length()).isEqualTo(256);
        assertThat(SignatureAuthentication.verify(auth, key.getPublic(), OCTETS)).isTrue();
        assertThat(SignatureAuthentication.verify(auth, key.getPublic(), "other".getBytes())).isFalse();
        assertThat(SignatureAuthentication.verify(auth, rsa().getPublic(), OCTETS)).isFalse();
    }

    @Test
    void ecdsaP256ClassicMethodNineIsRawRAndS() throws Exception {
        KeyPair key = ec("secp256r1");
        AuthenticationPayload auth = SignatureAuthentication.sign(key.getPrivate(), OCTETS, false);
        assertThat(auth.method()).isEqualTo(AuthMethod.ECDSA_SHA256_P256);
        assertThat(auth.data().length()).isEqualTo(64); // RFC 4754: r | s, 32 octets each
        assertThat(SignatureAuthentication.verify(auth, key.getPublic(), OCTETS)).isTrue();
        assertThat(SignatureAuthentication.verify(auth, ec("secp256r1").getPublic(), OCTETS)).isFalse();
    }

    @Test
    void ecdsaMethodMustFitTheCurve() throws Exception {
        KeyPair p384 = ec("secp384r1");
        AuthenticationPayload auth = SignatureAuthentication.sign(p384.getPrivate(), OCTETS, false);
        assertThat(auth.method()).isEqualTo(AuthMethod.ECDSA_SHA384_P384);
        assertThat(SignatureAuthentication.verify(auth, p384.getPublic(), OCTETS)).isTrue();
        AuthenticationPayload relabelled = new AuthenticationPayload(AuthMethod.ECDSA_SHA256_P256, auth.data());
        assertThat(SignatureAuthentication.verify(relabelled, p384.getPublic(), OCTETS)).isFalse();
    }

    @Test
    void rfc7427RsaCarriesSha256WithRsaEncryption() throws Exception {
        KeyPair key = rsa();
        AuthenticationPayload auth = SignatureAuthentication.sign(key.getPrivate(), OCTETS, true);
        assertThat(auth.method()).isEqualTo(AuthMethod.DIGITAL_SIGNATURE);
        assertThat(identifier(auth)).isEqualTo(PKCSObjectIdentifiers.sha256WithRSAEncryption);
        assertThat(SignatureAuthentication.algorithmName(auth)).contains("sha256WithRSAEncryption");
        assertThat(SignatureAuthentication.verify(auth, key.getPublic(), OCTETS)).isTrue();
        assertThat(SignatureAuthentication.verify(auth, key.getPublic(), "other".getBytes())).isFalse();
    }

    @Test
    void rfc7427EcdsaCarriesEcdsaWithSha256AndADerSignature() throws Exception {
        KeyPair key = ec("secp256r1");
        AuthenticationPayload auth = SignatureAuthentication.sign(key.getPrivate(), OCTETS, true);
        assertThat(auth.method()).isEqualTo(AuthMethod.DIGITAL_SIGNATURE);
        assertThat(identifier(auth)).isEqualTo(X9ObjectIdentifiers.ecdsa_with_SHA256);
        byte[] data = auth.data().toByteArray();
        assertThat(data[1 + data[0]]).isEqualTo((byte) 0x30); // Ecdsa-Sig-Value is a DER SEQUENCE
        assertThat(SignatureAuthentication.verify(auth, key.getPublic(), OCTETS)).isTrue();
    }

    @Test
    void rfc7427AlgorithmMustFitTheKey() throws Exception {
        KeyPair ecKey = ec("secp256r1");
        AuthenticationPayload auth = SignatureAuthentication.sign(ecKey.getPrivate(), OCTETS, true);
        assertThat(SignatureAuthentication.verify(auth, rsa().getPublic(), OCTETS)).isFalse();
    }

    @Test
    void malformedAndUnknownAuthDataIsRefusedWithoutThrowing() throws Exception {
        KeyPair key = rsa();
        assertThat(SignatureAuthentication.verify(new AuthenticationPayload(AuthMethod.DIGITAL_SIGNATURE, Octets.EMPTY),
                key.getPublic(), OCTETS)).isFalse();
        assertThat(SignatureAuthentication.verify(new AuthenticationPayload(AuthMethod.DIGITAL_SIGNATURE,
                Octets.copyOf(new byte[] {(byte) 200, 1, 2})), key.getPublic(), OCTETS)).isFalse();
        // sha1WithRSAEncryption is not among the algorithms we accept in method 14
        assertThat(SignatureAuthentication.verify(new AuthenticationPayload(AuthMethod.DIGITAL_SIGNATURE,
                Octets.copyOf(HEX.parseHex("0f300d06092a864886f70d0101050500" + "00".repeat(256)))), key.getPublic(),
                OCTETS)).isFalse();
        assertThat(SignatureAuthentication.verify(new AuthenticationPayload(AuthMethod.SHARED_KEY_MIC,
                Octets.copyOf(new byte[20])), key.getPublic(), OCTETS)).isFalse();
    }

    @Test
    void hashAlgorithmsNotifyListsSha2() {
        Octets data = SignatureAuthentication.hashAlgorithmsNotify().data();
        assertThat(data.toByteArray()).isEqualTo(HEX.parseHex("000200030004"));
        assertThat(SignatureAuthentication.offersSha256(data)).isTrue();
        assertThat(SignatureAuthentication.offersSha256(Octets.copyOf(HEX.parseHex("0001")))).isFalse();
    }

    private static ASN1ObjectIdentifier identifier(AuthenticationPayload auth) {
        byte[] data = auth.data().toByteArray();
        return AlgorithmIdentifier.getInstance(Arrays.copyOfRange(data, 1, 1 + data[0])).getAlgorithm();
    }
}
