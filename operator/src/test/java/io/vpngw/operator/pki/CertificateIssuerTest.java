package io.vpngw.operator.pki;

import static io.vpngw.operator.pki.TestPki.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;

class CertificateIssuerTest {
    private static final X500Principal CA_NAME = new X500Principal("CN=Test CA, O=vpngw");
    private final CertificateIssuer issuer = TestPki.issuer();

    private CertifiedKey ca() {
        return issuer.selfSign(PointToSiteCa.template(CA_NAME, Duration.ofDays(3650)), KeyAlgorithm.EC_P256);
    }

    private CertificateTemplate clientTemplate(Duration lifetime) {
        return PointToSiteCa.clientTemplate("alice", lifetime);
    }

    @Test
    void validityStartsFiveMinutesBackAndRunsForTheLifetime() {
        X509Certificate certificate = issuer.issue(clientTemplate(Duration.ofDays(365)), KeyAlgorithm.EC_P256, ca()).certificate();

        assertThat(certificate.getNotBefore().toInstant()).isEqualTo(NOW.minus(CertificateIssuer.CLOCK_SKEW_ALLOWANCE));
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(365)));
        assertThat(certificate.getVersion()).isEqualTo(3);
    }

    @Test
    void validityIsCutToTheIssuersExpiry() {
        CertifiedKey shortLivedCa = issuer.selfSign(PointToSiteCa.template(CA_NAME, Duration.ofDays(10)), KeyAlgorithm.EC_P256);

        X509Certificate certificate = issuer.issue(clientTemplate(Duration.ofDays(365)), KeyAlgorithm.EC_P256, shortLivedCa).certificate();

        assertThat(certificate.getNotAfter()).isEqualTo(shortLivedCa.certificate().getNotAfter());
    }

    @Test
    void serialNumbersArePositiveRandomAndAtMost128Bits() {
        CertifiedKey ca = ca();
        Set<BigInteger> serials = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            BigInteger serial = issuer.issue(clientTemplate(Duration.ofDays(1)), KeyAlgorithm.EC_P256, ca).certificate().getSerialNumber();
            assertThat(serial.signum()).isPositive();
            assertThat(serial.bitLength()).isLessThanOrEqualTo(128);
            serials.add(serial);
        }
        assertThat(serials).hasSize(20);
        // Twenty draws of 128 bits all below 2^96 would mean the serial is not using its width.
        assertThat(serials).anyMatch(serial -> serial.bitLength() > 96);
    }

    @Test
    void authorityKeyIdentifierIsTheIssuersSubjectKeyIdentifier() {
        CertifiedKey ca = ca();
        X509Certificate client = issuer.issue(clientTemplate(Duration.ofDays(30)), KeyAlgorithm.EC_P256, ca).certificate();

        byte[] caKeyId = subjectKeyId(ca.certificate());
        assertThat(caKeyId).hasSize(20);
        assertThat(authorityKeyId(ca.certificate())).isEqualTo(caKeyId);
        assertThat(authorityKeyId(client)).isEqualTo(caKeyId);
        assertThat(subjectKeyId(client)).isNotEqualTo(caKeyId).isEqualTo(CertificateIssuer.subjectKeyIdentifier(client.getPublicKey()));
    }

    @Test
    void authorityKeyIdentifierCopiesTheCasOwnIdentifierHoweverItWasComputed() {
        byte[] unusualKeyId = {1, 2, 3, 4, 5, 6, 7, 8};
        CertifiedKey root = TestPki.enterpriseRoot(issuer.generateKeyPair(KeyAlgorithm.EC_P256), new X500Principal("CN=Enterprise Root"),
                NOW.minus(Duration.ofDays(1)), Duration.ofDays(3650), unusualKeyId);

        X509Certificate client = issuer.issue(clientTemplate(Duration.ofDays(30)), KeyAlgorithm.EC_P256, root).certificate();

        assertThat(authorityKeyId(client)).isEqualTo(unusualKeyId);
    }

    @Test
    void authorityKeyIdentifierIsComputedForACaWithoutOne() {
        var rootKeys = issuer.generateKeyPair(KeyAlgorithm.EC_P256);
        CertifiedKey root = TestPki.enterpriseRoot(rootKeys, new X500Principal("CN=Enterprise Root"),
                NOW.minus(Duration.ofDays(1)), Duration.ofDays(3650), null);

        X509Certificate client = issuer.issue(clientTemplate(Duration.ofDays(30)), KeyAlgorithm.EC_P256, root).certificate();

        assertThat(authorityKeyId(client)).isEqualTo(CertificateIssuer.subjectKeyIdentifier(rootKeys.getPublic()));
    }

    @Test
    void sameClockAndSeedGiveTheSameCertificate() throws Exception {
        CertificateTemplate template = new GatewayIdentity("prod", "gw1", SubjectAlternativeNames.parse("gw1.example.com"),
                KeyAlgorithm.EC_P256, Duration.ofDays(730)).template();

        X509Certificate first = TestPki.issuerAt(NOW).selfSign(template, KeyAlgorithm.EC_P256).certificate();
        X509Certificate second = TestPki.issuerAt(NOW).selfSign(template, KeyAlgorithm.EC_P256).certificate();
        X509Certificate later = TestPki.issuerAt(NOW.plusSeconds(1)).selfSign(template, KeyAlgorithm.EC_P256).certificate();

        assertThat(second.getEncoded()).isEqualTo(first.getEncoded());
        assertThat(later.getEncoded()).isNotEqualTo(first.getEncoded());
    }

    @Test
    void refusesToIssueFromACertificateThatIsNotACa() {
        CertifiedKey ca = ca();
        CertifiedKey client = issuer.issue(clientTemplate(Duration.ofDays(30)), KeyAlgorithm.EC_P256, ca);

        assertThatThrownBy(() -> issuer.issue(clientTemplate(Duration.ofDays(30)), KeyAlgorithm.EC_P256, client))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a CA");
    }

    @Test
    void refusesToIssueACaUnderAPathLengthZeroCa() {
        assertThatThrownBy(() -> issuer.issue(PointToSiteCa.template(new X500Principal("CN=Sub CA"), Duration.ofDays(30)), KeyAlgorithm.EC_P256, ca()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pathlen 0");
    }

    @Test
    void issuesAnIntermediateUnderARootWithoutPathLimitAndChainsIt() {
        CertifiedKey root = TestPki.enterpriseRoot(issuer.generateKeyPair(KeyAlgorithm.EC_P256), new X500Principal("CN=Enterprise Root"),
                NOW.minus(Duration.ofDays(1)), Duration.ofDays(3650));

        CertifiedKey intermediate = issuer.issue(PointToSiteCa.template(new X500Principal("CN=Issuing CA"), Duration.ofDays(1000)),
                KeyAlgorithm.EC_P256, root);
        CertifiedKey client = issuer.issue(clientTemplate(Duration.ofDays(30)), KeyAlgorithm.EC_P256, intermediate);

        assertThat(intermediate.certificate().getBasicConstraints()).isZero();
        assertThat(client.chain()).containsExactly(client.certificate(), intermediate.certificate(), root.certificate());
    }

    @Test
    void refusesToIssueFromAnExpiredCa() {
        CertifiedKey ca = ca();
        CertificateIssuer muchLater = TestPki.issuerAt(NOW.plus(Duration.ofDays(3651)));

        assertThatThrownBy(() -> muchLater.issue(clientTemplate(Duration.ofDays(30)), KeyAlgorithm.EC_P256, ca))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void certifiesAPublicKeyWhosePrivatePartStaysWithTheClient() throws Exception {
        CertifiedKey ca = ca();
        var clientKeys = issuer.generateKeyPair(KeyAlgorithm.EC_P256);

        X509Certificate certificate = issuer.certify(clientTemplate(Duration.ofDays(30)), clientKeys.getPublic(), ca);

        assertThat(certificate.getPublicKey()).isEqualTo(clientKeys.getPublic());
        certificate.verify(ca.publicKey());
    }

    @Test
    void signsWithTheHashThatMatchesTheCaKey() {
        CertifiedKey rsaCa = issuer.selfSign(PointToSiteCa.template(CA_NAME, Duration.ofDays(365)), TestPki.rsaKeys());
        CertifiedKey ecCa = ca();

        assertThat(rsaCa.certificate().getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(ecCa.certificate().getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(issuer.issue(clientTemplate(Duration.ofDays(1)), KeyAlgorithm.EC_P256, rsaCa).certificate().getSigAlgName())
                .isEqualTo("SHA256withRSA");
    }

    @Test
    void templatesRefuseAnEmptySubjectOrATinyLifetime() {
        assertThatThrownBy(() -> new CertificateTemplate(new X500Principal(""), CertificateProfile.TLS_CLIENT,
                SubjectAlternativeNames.none(), Duration.ofDays(1)))
                .hasMessageContaining("non-empty subject");
        assertThatThrownBy(() -> clientTemplate(Duration.ofSeconds(59))).hasMessageContaining("at least a minute");
    }

    static byte[] subjectKeyId(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(value).getOctets()).getKeyIdentifier();
    }

    static byte[] authorityKeyId(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        AuthorityKeyIdentifier identifier = AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(value).getOctets());
        assertThat(identifier.getAuthorityCertSerialNumber()).as("AKI names the key only, so a renewed CA still matches").isNull();
        return identifier.getKeyIdentifierOctets();
    }
}
