package io.vpngw.operator.pki;

import java.time.Duration;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * What to put in a certificate apart from its key, issuer, serial and dates.
 *
 * @param subject the subject distinguished name
 * @param profile what the certificate is for, which fixes its extensions
 * @param alternativeNames the subjectAltName entries; none for CAs and clients
 * @param lifetime how long it is valid from issuance (cut to the issuer's own expiry)
 */
public record CertificateTemplate(
        X500Principal subject,
        CertificateProfile profile,
        SubjectAlternativeNames alternativeNames,
        Duration lifetime) {

    public CertificateTemplate {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(alternativeNames, "alternativeNames");
        Objects.requireNonNull(lifetime, "lifetime");
        if (subject.getEncoded().length <= 2) {
            throw new IllegalArgumentException("a certificate needs a non-empty subject");
        }
        if (lifetime.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("a certificate lifetime must be at least a minute, not " + lifetime);
        }
    }
}
