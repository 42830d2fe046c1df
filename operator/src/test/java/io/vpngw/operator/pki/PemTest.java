package io.vpngw.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.List;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;

class PemTest {
    private final CertificateIssuer issuer = TestPki.issuer();
    private final PointToSiteCa ca = PointToSiteCa.createFor(issuer, "prod", "gw1");
    private final CertifiedKey server = ca.issueServerCertificate(issuer, SubjectAlternativeNames.parse("gw1.example.com"));

    @Test
    void certificateChainRoundTripsInOrder() {
        String pem = Pem.encodeCertificates(server.chain());

        assertThat(Pem.decodeCertificates(pem)).containsExactlyElementsOf(server.chain());
    }

    @Test
    void writesUnixLineEndsAnd64ColumnBodies() {
        String pem = Pem.encodeCertificate(ca.certificate());

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n").doesNotContain("\r");
        List<String> body = pem.lines().filter(line -> !line.startsWith("-----")).toList();
        assertThat(body.subList(0, body.size() - 1)).allSatisfy(line -> assertThat(line).hasSize(64));
        assertThat(body.getLast().length()).isBetween(1, 64);
    }

    @Test
    void ecPrivateKeyRoundTripsAsPkcs8() {
        String pem = Pem.encodePrivateKey(server.privateKey());

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(Pem.decodePrivateKey(pem)).isEqualTo(server.privateKey());
    }

    @Test
    void rsaPrivateKeyRoundTripsAsPkcs8() {
        PrivateKey key = TestPki.rsaKeys().getPrivate();

        assertThat(Pem.decodePrivateKey(Pem.encodePrivateKey(key))).isEqualTo(key);
    }

    @Test
    void readsOpenSslTraditionalKeyFormats() throws Exception {
        String traditionalEc = traditionalEc(server.privateKey());
        String traditionalRsa = traditionalRsa(TestPki.rsaKeys().getPrivate());
        assertThat(traditionalEc).contains("BEGIN EC PRIVATE KEY");
        assertThat(traditionalRsa).contains("BEGIN RSA PRIVATE KEY");

        assertThat(((ECPrivateKey) Pem.decodePrivateKey(traditionalEc)).getS()).isEqualTo(((ECPrivateKey) server.privateKey()).getS());
        assertThat(new CertifiedKey(Pem.decodePrivateKey(traditionalEc), server.chain())).isNotNull();
        assertThat(Pem.decodePrivateKey(traditionalRsa).getEncoded()).isEqualTo(TestPki.rsaKeys().getPrivate().getEncoded());
    }

    @Test
    void curveParametersBeforeAnEcKeyAreSkipped() throws Exception {
        // As openssl ecparam -genkey writes it: the curve OID prime256v1, then the key.
        String ecparamStyle = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" + traditionalEc(server.privateKey());

        assertThat(((ECPrivateKey) Pem.decodePrivateKey(ecparamStyle)).getS()).isEqualTo(((ECPrivateKey) server.privateKey()).getS());
    }

    @Test
    void refusesAnEncryptedKeyWithAHint() throws Exception {
        // Only the structure matters: the key must be refused before anything is decrypted.
        var pbes2 = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, new PBES2Parameters(
                new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, new PBKDF2Params(new byte[16], 10_000)),
                new EncryptionScheme(NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(new byte[16]))));
        String pem = Pem.encode("ENCRYPTED PRIVATE KEY", new EncryptedPrivateKeyInfo(pbes2, new byte[48]).getEncoded());

        assertThatThrownBy(() -> Pem.decodePrivateKey(pem))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("encrypted");
    }

    @Test
    void textAroundBlocksIsIgnored() {
        String pem = "subject=CN = gw1\nissuer=CN = ca\n" + Pem.encodeCertificate(ca.certificate()) + "trailing notes\n";

        assertThat(Pem.decodeCertificate(pem)).isEqualTo(ca.certificate());
    }

    @Test
    void refusesWhatIsNotTheExpectedBlock() {
        String keyPem = Pem.encodePrivateKey(server.privateKey());
        String certificatePem = Pem.encodeCertificate(ca.certificate());

        assertThatThrownBy(() -> Pem.decodeCertificates(keyPem)).hasMessageContaining("expected only CERTIFICATE blocks");
        assertThatThrownBy(() -> Pem.decodePrivateKey(certificatePem)).hasMessageContaining("expected a private key");
        assertThatThrownBy(() -> Pem.decodePrivateKey(keyPem + keyPem)).hasMessageContaining("expected one private key, found 2");
        assertThatThrownBy(() -> Pem.decodeCertificate(Pem.encodeCertificates(server.chain()))).hasMessageContaining("expected one certificate, found 2");
        assertThatThrownBy(() -> Pem.decodeCertificates("nothing here")).hasMessageContaining("no PEM CERTIFICATE block");
        assertThatThrownBy(() -> Pem.decodeCertificates("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void certifiedKeyRoundTripsThroughTheSecretsPem() {
        CertifiedKey read = CertifiedKey.fromPem(server.certificateChainPem(), server.privateKeyPem());

        assertThat(read).isEqualTo(server);
        assertThat(read.chain()).containsExactly(server.certificate(), ca.certificate());
    }

    @Test
    void certifiedKeyRefusesAKeyFromAnotherPair() {
        CertifiedKey other = ca.issueClientCertificate(issuer, "alice");

        assertThatThrownBy(() -> CertifiedKey.fromPem(server.certificateChainPem(), other.privateKeyPem()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not belong to the certificate");
        assertThatThrownBy(() -> new CertifiedKey(TestPki.rsaKeys().getPrivate(), server.chain()))
                .hasMessageContaining("the private key is RSA but the certificate's key is EC secp256r1");
    }

    @Test
    void certifiedKeyRefusesAChainOutOfOrder() {
        CertifiedKey otherCa = PointToSiteCa.createFor(issuer, "prod", "gw2").authority();

        assertThatThrownBy(() -> new CertifiedKey(server.privateKey(), List.of(server.certificate(), otherCa.certificate())))
                .hasMessageContaining("chain out of order at position 0");
    }

    @Test
    void certifiedKeyRefusesAnIssuerOfTheRightNameButAnotherKey() {
        PointToSiteCa impostor = PointToSiteCa.create(issuer, ca.certificate().getSubjectX500Principal(), KeyAlgorithm.EC_P256, Duration.ofDays(1));

        assertThatThrownBy(() -> new CertifiedKey(server.privateKey(), List.of(server.certificate(), impostor.certificate())))
                .hasMessageContaining("chain broken at position 0");
    }

    /** SEC 1 ECPrivateKey with its curve, as OpenSSL writes {@code EC PRIVATE KEY}. */
    private static String traditionalEc(PrivateKey key) throws Exception {
        ECPrivateKey ec = (ECPrivateKey) key;
        var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, ec.getS(), X9ObjectIdentifiers.prime256v1);
        return Pem.encode("EC PRIVATE KEY", sec1.getEncoded());
    }

    private static String traditionalRsa(PrivateKey key) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(key);
        }
        return out.toString();
    }
}
