package io.vpngw.operator.pki;

import static io.vpngw.operator.pki.Extensions.AUTHORITY_KEY_IDENTIFIER;
import static io.vpngw.operator.pki.Extensions.BASIC_CONSTRAINTS;
import static io.vpngw.operator.pki.Extensions.EXTENDED_KEY_USAGE;
import static io.vpngw.operator.pki.Extensions.KEY_USAGE;
import static io.vpngw.operator.pki.Extensions.SUBJECT_ALTERNATIVE_NAME;
import static io.vpngw.operator.pki.Extensions.SUBJECT_KEY_IDENTIFIER;
import static io.vpngw.operator.pki.TestPki.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class PointToSiteCaTest {
    private final CertificateIssuer issuer = TestPki.issuer();
    private final PointToSiteCa ca = PointToSiteCa.createFor(issuer, "prod", "gw1");

    @Test
    void caIsSelfSignedWithPathLengthZeroAndOnlyCertificateAndCrlSigning() throws Exception {
        X509Certificate certificate = ca.certificate();

        certificate.verify(certificate.getPublicKey());
        assertThat(ca.isSelfSigned()).isTrue();
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=gw1 P2S Root CA,OU=prod,O=vpngw");
        assertThat(certificate.getBasicConstraints()).isZero();
        assertThat(Extensions.keyUsages(certificate)).containsExactly("keyCertSign", "cRLSign");
        assertThat(Extensions.extendedKeyUsages(certificate)).isEmpty();
        assertThat(certificate.getCriticalExtensionOIDs()).containsExactlyInAnyOrder(BASIC_CONSTRAINTS, KEY_USAGE);
        assertThat(certificate.getNonCriticalExtensionOIDs()).containsExactlyInAnyOrder(SUBJECT_KEY_IDENTIFIER, AUTHORITY_KEY_IDENTIFIER);
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(PointToSiteCa.DEFAULT_LIFETIME));
    }

    @Test
    void serverCertificateForSstpNamesEveryAddressAndServesTls() throws Exception {
        SubjectAlternativeNames names = SubjectAlternativeNames.parse("203.0.113.7", "gw1.vpn.example.com");

        CertifiedKey server = ca.issueServerCertificate(issuer, names);
        X509Certificate certificate = server.certificate();

        certificate.verify(ca.certificate().getPublicKey());
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=gw1.vpn.example.com");
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(Extensions.keyUsages(certificate)).containsExactly("digitalSignature");
        assertThat(Extensions.extendedKeyUsages(certificate)).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(Extensions.alternativeNames(certificate)).containsExactly("2:gw1.vpn.example.com", "7:203.0.113.7");
        assertThat(certificate.getCriticalExtensionOIDs()).containsExactlyInAnyOrder(BASIC_CONSTRAINTS, KEY_USAGE);
        assertThat(certificate.getNonCriticalExtensionOIDs()).containsExactlyInAnyOrder(
                EXTENDED_KEY_USAGE, SUBJECT_ALTERNATIVE_NAME, SUBJECT_KEY_IDENTIFIER, AUTHORITY_KEY_IDENTIFIER);
        assertThat(server.chain()).containsExactly(certificate, ca.certificate());
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(PointToSiteCa.DEFAULT_SERVER_LIFETIME));
    }

    @Test
    void serverCertificateWithOnlyAnAddressIsNamedAfterIt() {
        X509Certificate certificate = ca.issueServerCertificate(issuer, SubjectAlternativeNames.parse("198.51.100.20")).certificate();

        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=198.51.100.20");
    }

    @Test
    void serverCertificateNeedsAName() {
        assertThatThrownBy(() -> ca.issueServerCertificate(issuer, SubjectAlternativeNames.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one DNS name or IP address");
    }

    @Test
    void clientCertificateIsNamedForItsUserAndAuthenticatesClients() throws Exception {
        CertifiedKey client = ca.issueClientCertificate(issuer, "alice@example.com");
        X509Certificate certificate = client.certificate();

        certificate.verify(ca.certificate().getPublicKey());
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=alice@example.com");
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(Extensions.keyUsages(certificate)).containsExactly("digitalSignature");
        assertThat(Extensions.extendedKeyUsages(certificate)).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(certificate.getSubjectAlternativeNames()).isNull();
        assertThat(certificate.getNonCriticalExtensionOIDs()).containsExactlyInAnyOrder(
                EXTENDED_KEY_USAGE, SUBJECT_KEY_IDENTIFIER, AUTHORITY_KEY_IDENTIFIER);
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(PointToSiteCa.DEFAULT_CLIENT_LIFETIME));
    }

    @Test
    void rsaClientCertificateAlsoAllowsKeyEncipherment() {
        CertificateTemplate template = PointToSiteCa.clientTemplate("laptop-42", Duration.ofDays(365));

        X509Certificate certificate = issuer.issue(template, TestPki.rsaKeys(), ca.authority()).certificate();

        assertThat(Extensions.keyUsages(certificate)).containsExactly("digitalSignature", "keyEncipherment");
        assertThat(certificate.getSigAlgName()).as("signed with the CA's key, which is ECDSA").isEqualTo("SHA256withECDSA");
    }

    @Test
    void clientNamesMustBeShortAndPrintable() {
        assertThatThrownBy(() -> ca.issueClientCertificate(issuer, "x".repeat(65))).hasMessageContaining("at most 64");
        assertThatThrownBy(() -> ca.issueClientCertificate(issuer, "bob\n")).hasMessageContaining("control characters");
        assertThatThrownBy(() -> ca.issueClientCertificate(issuer, "")).hasMessageContaining("blank");
        assertThat(ca.issueClientCertificate(issuer, "x".repeat(64)).certificate()).isNotNull();
    }

    @Test
    void renewalKeepsKeyAndSubjectSoIssuedClientsStillChain() throws Exception {
        CertifiedKey client = ca.issueClientCertificate(issuer, "alice");
        CertificateIssuer nineYearsLater = TestPki.issuerAt(NOW.plus(Duration.ofDays(9 * 365)));

        PointToSiteCa renewed = ca.renew(nineYearsLater, PointToSiteCa.DEFAULT_LIFETIME);

        assertThat(renewed.authority().privateKey()).isEqualTo(ca.authority().privateKey());
        assertThat(renewed.certificate().getSubjectX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(renewed.certificate().getSerialNumber()).isNotEqualTo(ca.certificate().getSerialNumber());
        assertThat(renewed.certificate().getNotAfter()).isAfter(ca.certificate().getNotAfter());
        assertThat(renewed.thumbprint()).isNotEqualTo(ca.thumbprint());
        client.certificate().verify(renewed.certificate().getPublicKey());
        assertThat(CertificateIssuerTest.authorityKeyId(client.certificate())).isEqualTo(CertificateIssuerTest.subjectKeyId(renewed.certificate()));
    }

    @Test
    void aCaSignedByAnotherCannotRenewItself() {
        CertifiedKey root = TestPki.enterpriseRoot(issuer.generateKeyPair(KeyAlgorithm.EC_P256), new X500Principal("CN=Enterprise Root"),
                NOW.minus(Duration.ofDays(1)), Duration.ofDays(3650));
        PointToSiteCa issuing = new PointToSiteCa(issuer.issue(PointToSiteCa.template(new X500Principal("CN=Issuing"), Duration.ofDays(100)),
                KeyAlgorithm.EC_P256, root));

        assertThat(issuing.isSelfSigned()).isFalse();
        assertThatThrownBy(() -> issuing.renew(issuer, Duration.ofDays(100))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesAnEndEntityCertificateAsCa() {
        CertifiedKey client = ca.issueClientCertificate(issuer, "alice");

        assertThatThrownBy(() -> new PointToSiteCa(client))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a CA certificate");
    }

    @Test
    void publicCertDataIsWhatAzureTakesAndReadsBackToTheSameCertificate() {
        String data = ca.publicCertData();

        assertThat(data).matches("^[A-Za-z0-9+/=]+$");
        assertThat(PublicCertData.decode(data)).isEqualTo(ca.certificate());
    }

    @Test
    void aUserSuppliedCaIssuesClientsToo() {
        CertifiedKey root = TestPki.enterpriseRoot(issuer.generateKeyPair(KeyAlgorithm.EC_P256), new X500Principal("CN=Corp Root, O=Example"),
                NOW.minus(Duration.ofDays(1)), Duration.ofDays(3650));
        PointToSiteCa supplied = new PointToSiteCa(root);

        CertifiedKey client = supplied.issueClientCertificate(issuer, "bob");

        assertThat(client.certificate().getIssuerX500Principal()).isEqualTo(new X500Principal("CN=Corp Root, O=Example"));
        assertThat(client.chain()).isEqualTo(List.of(client.certificate(), root.certificate()));
    }

    @Test
    void toStringNeverShowsThePrivateKey() {
        String keyPem = ca.authority().privateKeyPem();
        String keyBody = keyPem.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();

        assertThat(ca.toString()).contains("CN=gw1 P2S Root CA").contains("not shown").doesNotContain(keyBody.substring(0, 20));
        assertThat(ca.authority().toString()).doesNotContain(keyBody.substring(0, 20));
    }
}
