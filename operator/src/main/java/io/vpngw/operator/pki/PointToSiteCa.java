package io.vpngw.operator.pki;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * A CA for point-to-site: it signs the SSTP server certificate and client certificates, and its
 * certificate is what goes into {@code vpnClientRootCertificates}.
 *
 * <p>Either the gateway's own (created here: CA:true, pathlen 0, keyCertSign and cRLSign) or one
 * a user brings, which must be a CA allowed to sign certificates.
 *
 * @param authority the CA's key and certificate chain
 */
public record PointToSiteCa(CertifiedKey authority) {
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(3650);
    public static final Duration DEFAULT_SERVER_LIFETIME = Duration.ofDays(730);
    public static final Duration DEFAULT_CLIENT_LIFETIME = Duration.ofDays(365);

    public PointToSiteCa {
        Objects.requireNonNull(authority, "authority");
        X509Certificate certificate = authority.certificate();
        String name = certificate.getSubjectX500Principal().getName();
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException(name + " is not a CA certificate (basicConstraints CA:false or absent)");
        }
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage != null && (keyUsage.length <= 5 || !keyUsage[5])) {
            throw new IllegalArgumentException(name + " may not sign certificates (keyUsage lacks keyCertSign)");
        }
    }

    /** {@code CN=<name> P2S Root CA, OU=<namespace>, O=vpngw}. */
    public static X500Principal subjectFor(String namespace, String gatewayName) {
        return DistinguishedNames.withinOrganization(gatewayName + " P2S Root CA", namespace);
    }

    public static CertificateTemplate template(X500Principal subject, Duration lifetime) {
        return new CertificateTemplate(subject, CertificateProfile.CERTIFICATE_AUTHORITY, SubjectAlternativeNames.none(), lifetime);
    }

    /** A new self-signed CA with a new key. */
    public static PointToSiteCa create(CertificateIssuer issuer, X500Principal subject, KeyAlgorithm keyAlgorithm, Duration lifetime) {
        return new PointToSiteCa(issuer.selfSign(template(subject, lifetime), keyAlgorithm));
    }

    /** A new self-signed CA for a gateway, with the default key type and a ten-year lifetime. */
    public static PointToSiteCa createFor(CertificateIssuer issuer, String namespace, String gatewayName) {
        return create(issuer, subjectFor(namespace, gatewayName), KeyAlgorithm.defaultAlgorithm(), DEFAULT_LIFETIME);
    }

    /** What the gateway's own CA should be, to decide whether the stored one can stay. */
    public static DesiredCertificate desiredFor(String namespace, String gatewayName, KeyAlgorithm keyAlgorithm) {
        return DesiredCertificate.selfSigned(template(subjectFor(namespace, gatewayName), DEFAULT_LIFETIME), keyAlgorithm);
    }

    public X509Certificate certificate() {
        return authority.certificate();
    }

    /** The CA certificate as {@code vpnClientRootCertificates[].publicCertData} takes it. */
    public String publicCertData() {
        return PublicCertData.encode(certificate());
    }

    public Thumbprint thumbprint() {
        return Thumbprint.of(certificate());
    }

    public boolean isSelfSigned() {
        X509Certificate certificate = certificate();
        if (!certificate.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * The same CA with a fresh validity period: same key, same subject, new serial. Certificates it
     * issued before keep chaining to it, so clients need not be re-enrolled; roots already
     * distributed must still be replaced by the new certificate before the old one expires.
     */
    public PointToSiteCa renew(CertificateIssuer issuer, Duration lifetime) {
        if (!isSelfSigned()) {
            throw new IllegalStateException(certificate().getSubjectX500Principal().getName()
                    + " is not self-signed; renew it with the CA that issued it");
        }
        CertificateTemplate template = template(certificate().getSubjectX500Principal(), lifetime);
        return new PointToSiteCa(issuer.selfSign(template, authority.keyPair()));
    }

    /**
     * The TLS server certificate for SSTP (TCP 443): serverAuth, the given names in subjectAltName,
     * and the first of them as CN for clients that still look at the subject.
     */
    public static CertificateTemplate serverTemplate(SubjectAlternativeNames names, Duration lifetime) {
        String commonName = names.primaryName()
                .orElseThrow(() -> new IllegalArgumentException("a TLS server certificate needs at least one DNS name or IP address"));
        return new CertificateTemplate(DistinguishedNames.commonNameOnly(commonName), CertificateProfile.TLS_SERVER, names, lifetime);
    }

    public CertifiedKey issueServerCertificate(CertificateIssuer issuer, SubjectAlternativeNames names, KeyAlgorithm keyAlgorithm, Duration lifetime) {
        return issuer.issue(serverTemplate(names, lifetime), keyAlgorithm, authority);
    }

    public CertifiedKey issueServerCertificate(CertificateIssuer issuer, SubjectAlternativeNames names) {
        return issueServerCertificate(issuer, names, KeyAlgorithm.defaultAlgorithm(), DEFAULT_SERVER_LIFETIME);
    }

    public DesiredCertificate desiredServerCertificate(SubjectAlternativeNames names, KeyAlgorithm keyAlgorithm) {
        return DesiredCertificate.issuedBy(certificate(), serverTemplate(names, DEFAULT_SERVER_LIFETIME), keyAlgorithm);
    }

    /** A client certificate (clientAuth) named {@code CN=<commonName>}, the user or device it is for. */
    public static CertificateTemplate clientTemplate(String commonName, Duration lifetime) {
        DistinguishedNames.requireText(commonName, "client common name");
        if (commonName.codePointCount(0, commonName.length()) > DistinguishedNames.MAX_COMMON_NAME_LENGTH) {
            throw new IllegalArgumentException("a client common name may have at most "
                    + DistinguishedNames.MAX_COMMON_NAME_LENGTH + " characters: " + commonName);
        }
        return new CertificateTemplate(DistinguishedNames.commonNameOnly(commonName), CertificateProfile.TLS_CLIENT,
                SubjectAlternativeNames.none(), lifetime);
    }

    public CertifiedKey issueClientCertificate(CertificateIssuer issuer, String commonName, KeyAlgorithm keyAlgorithm, Duration lifetime) {
        return issuer.issue(clientTemplate(commonName, lifetime), keyAlgorithm, authority);
    }

    public CertifiedKey issueClientCertificate(CertificateIssuer issuer, String commonName) {
        return issueClientCertificate(issuer, commonName, KeyAlgorithm.defaultAlgorithm(), DEFAULT_CLIENT_LIFETIME);
    }

    @Override
    public String toString() {
        return "PointToSiteCa[" + authority + "]";
    }
}
