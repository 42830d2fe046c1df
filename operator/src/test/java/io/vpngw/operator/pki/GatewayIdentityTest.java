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
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class GatewayIdentityTest {
    private final CertificateIssuer issuer = TestPki.issuer();
    private final GatewayIdentity identity = GatewayIdentity.of("prod", "gw1",
            SubjectAlternativeNames.parse("gw1.vpn.example.com", "203.0.113.7", "2001:db8::7"));

    @Test
    void subjectIsADistinguishedNameAnIpsecPeerCanMatch() {
        X509Certificate certificate = identity.issueSelfSigned(issuer).certificate();

        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=gw1,OU=prod,O=vpngw");
        assertThat(certificate.getSubjectX500Principal()).isEqualTo(new X500Principal("CN=gw1, OU=prod, O=vpngw"));
    }

    @Test
    void selfSignedIdentityCarriesIkeAndServerUsages() throws Exception {
        CertifiedKey issued = identity.issueSelfSigned(issuer);
        X509Certificate certificate = issued.certificate();

        certificate.verify(certificate.getPublicKey());
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(Extensions.keyUsages(certificate)).containsExactly("digitalSignature");
        assertThat(Extensions.extendedKeyUsages(certificate)).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.17");
        assertThat(Extensions.alternativeNames(certificate))
                .containsExactly("2:gw1.vpn.example.com", "7:203.0.113.7", "7:2001:db8:0:0:0:0:0:7");
        assertThat(certificate.getCriticalExtensionOIDs()).containsExactlyInAnyOrder(BASIC_CONSTRAINTS, KEY_USAGE);
        assertThat(certificate.getNonCriticalExtensionOIDs()).containsExactlyInAnyOrder(
                EXTENDED_KEY_USAGE, SUBJECT_ALTERNATIVE_NAME, SUBJECT_KEY_IDENTIFIER, AUTHORITY_KEY_IDENTIFIER);
        assertThat(CertificateIssuerTest.authorityKeyId(certificate)).isEqualTo(CertificateIssuerTest.subjectKeyId(certificate));
        assertThat(issued.chain()).containsExactly(certificate);
    }

    @Test
    void defaultsToEcdsaP256ForTwoYears() {
        X509Certificate certificate = identity.issueSelfSigned(issuer).certificate();

        assertThat(certificate.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) certificate.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(KeyAlgorithm.of(certificate.getPublicKey())).contains(KeyAlgorithm.EC_P256);
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(Duration.between(NOW, certificate.getNotAfter().toInstant())).isEqualTo(Duration.ofDays(730));
    }

    @Test
    void rsaIdentityAlsoAllowsKeyEncipherment() {
        GatewayIdentity rsa = identity.withKeyAlgorithm(KeyAlgorithm.RSA_3072);
        CertifiedKey issued = issuer.selfSign(rsa.template(), TestPki.rsaKeys());

        assertThat(Extensions.keyUsages(issued.certificate())).containsExactly("digitalSignature", "keyEncipherment");
        assertThat(issued.keyAlgorithm()).contains(KeyAlgorithm.RSA_3072);
    }

    @Test
    void identitySignedByACaChainsToIt() throws Exception {
        PointToSiteCa ca = PointToSiteCa.createFor(issuer, "prod", "gw1");

        CertifiedKey issued = identity.withLifetime(Duration.ofDays(90)).issueSignedBy(ca.authority(), issuer);

        issued.certificate().verify(ca.certificate().getPublicKey());
        assertThat(issued.certificate().getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(issued.chain()).containsExactly(issued.certificate(), ca.certificate());
        assertThat(CertificateIssuerTest.authorityKeyId(issued.certificate())).isEqualTo(CertificateIssuerTest.subjectKeyId(ca.certificate()));
        assertThat(issued.certificate().getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(90)));
    }

    @Test
    void mayHaveNoAlternativeNamesBeforeTheServiceHasAnAddress() {
        X509Certificate certificate = identity.withAlternativeNames(SubjectAlternativeNames.none()).issueSelfSigned(issuer).certificate();

        assertThat(certificate.getNonCriticalExtensionOIDs()).doesNotContain(SUBJECT_ALTERNATIVE_NAME);
    }

    @Test
    void namesWithDistinguishedNameSyntaxNeedNoEscapingByTheCaller() {
        X500Principal subject = GatewayIdentity.subjectFor("team+a", "gw,1");

        assertThat(subject.getName()).isEqualTo("CN=gw\\,1,OU=team\\+a,O=vpngw");
    }

    @Test
    void refusesABlankName() {
        assertThatThrownBy(() -> GatewayIdentity.of("prod", " ", SubjectAlternativeNames.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gateway name");
    }
}
