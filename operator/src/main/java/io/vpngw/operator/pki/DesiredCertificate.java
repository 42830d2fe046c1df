package io.vpngw.operator.pki;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

/**
 * The certificate the operator wants a Secret to hold, to compare an existing one against.
 *
 * @param template subject, profile and names wanted; its lifetime is not compared, so a new
 *     lifetime takes effect at the next renewal rather than rotating every certificate at once
 * @param keyAlgorithm the key type wanted
 * @param issuer the CA certificate it must be signed by; empty for self-signed
 */
public record DesiredCertificate(CertificateTemplate template, KeyAlgorithm keyAlgorithm, Optional<X509Certificate> issuer) {

    public DesiredCertificate {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
        Objects.requireNonNull(issuer, "issuer");
    }

    public static DesiredCertificate selfSigned(CertificateTemplate template, KeyAlgorithm keyAlgorithm) {
        return new DesiredCertificate(template, keyAlgorithm, Optional.empty());
    }

    public static DesiredCertificate issuedBy(X509Certificate issuer, CertificateTemplate template, KeyAlgorithm keyAlgorithm) {
        return new DesiredCertificate(template, keyAlgorithm, Optional.of(issuer));
    }
}
