package io.vpngw.operator.pki;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * Decides whether a certificate the operator stored earlier can stay, so that reconciling again
 * changes nothing until something the certificate states is wrong or it nears expiry.
 *
 * <p>A certificate is due when less than {@code renewBefore} of it is left, but never earlier than
 * when {@code maximumFractionOfLifetime} of its lifetime is left: without that cap, a certificate
 * shorter-lived than {@code renewBefore} would be reissued on every reconcile.
 *
 * @param renewBefore how long before expiry to renew
 * @param maximumFractionOfLifetime the largest part of a lifetime the renewal window may take, between 0 and 1
 */
public record RenewalPolicy(Duration renewBefore, double maximumFractionOfLifetime) {

    /** Thirty days before expiry, or when a third of the lifetime is left if that is later. */
    public static RenewalPolicy defaults() {
        return new RenewalPolicy(Duration.ofDays(30), 1.0 / 3);
    }

    public RenewalPolicy {
        Objects.requireNonNull(renewBefore, "renewBefore");
        if (renewBefore.isNegative() || renewBefore.isZero()) {
            throw new IllegalArgumentException("renewBefore must be positive, not " + renewBefore);
        }
        if (!(maximumFractionOfLifetime > 0 && maximumFractionOfLifetime < 1)) {
            throw new IllegalArgumentException("maximumFractionOfLifetime must be between 0 and 1, not " + maximumFractionOfLifetime);
        }
    }

    /** When {@code certificate} becomes due for renewal under this policy. */
    public Instant renewalDue(X509Certificate certificate) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        Duration lifetime = Duration.between(notBefore, notAfter);
        Duration fractionOfLifetime = Duration.ofMillis((long) (lifetime.toMillis() * maximumFractionOfLifetime));
        Duration window = renewBefore.compareTo(fractionOfLifetime) < 0 ? renewBefore : fractionOfLifetime;
        return notAfter.minus(window);
    }

    public RenewalDecision decide(X509Certificate existing, DesiredCertificate desired, Clock clock) {
        return decide(existing, desired, clock.instant());
    }

    /** Keep, or reissue with every reason that applies; lifetime changes alone never reissue. */
    public RenewalDecision decide(X509Certificate existing, DesiredCertificate desired, Instant now) {
        Objects.requireNonNull(existing, "existing");
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(now, "now");
        Set<RenewalReason> reasons = EnumSet.noneOf(RenewalReason.class);
        List<String> details = new ArrayList<>();

        Instant due = renewalDue(existing);
        Instant notAfter = existing.getNotAfter().toInstant();
        Instant notBefore = existing.getNotBefore().toInstant();
        if (!now.isBefore(due)) {
            reasons.add(RenewalReason.EXPIRING);
            details.add((now.isBefore(notAfter) ? "expires " : "expired ") + notAfter + ", renewal due since " + due);
        }
        if (now.isBefore(notBefore)) {
            reasons.add(RenewalReason.NOT_YET_VALID);
            details.add("not valid before " + notBefore);
        }

        CertificateTemplate template = desired.template();
        X500Principal subject = existing.getSubjectX500Principal();
        if (!subject.equals(template.subject())) {
            reasons.add(RenewalReason.SUBJECT_CHANGED);
            details.add("subject is " + subject.getName() + ", wanted " + template.subject().getName());
        }

        Optional<SubjectAlternativeNames> names = alternativeNamesOf(existing);
        if (names.isEmpty() || !names.get().equals(template.alternativeNames())) {
            reasons.add(RenewalReason.ALTERNATIVE_NAMES_CHANGED);
            details.add("names are " + names.map(SubjectAlternativeNames::toString).orElse("unreadable")
                    + ", wanted " + template.alternativeNames());
        }

        Optional<String> issuerMismatch = issuerMismatch(existing, desired.issuer());
        if (issuerMismatch.isPresent()) {
            reasons.add(RenewalReason.ISSUER_CHANGED);
            details.add(issuerMismatch.get());
        }

        Optional<KeyAlgorithm> keyAlgorithm = KeyAlgorithm.of(existing.getPublicKey());
        if (keyAlgorithm.isEmpty() || keyAlgorithm.get() != desired.keyAlgorithm()) {
            reasons.add(RenewalReason.KEY_ALGORITHM_CHANGED);
            details.add("key is " + Keys.describe(existing.getPublicKey()) + ", wanted " + desired.keyAlgorithm());
        }

        Optional<String> profileMismatch = profileMismatch(existing, template.profile());
        if (profileMismatch.isPresent()) {
            reasons.add(RenewalReason.PROFILE_CHANGED);
            details.add(profileMismatch.get());
        }

        return reasons.isEmpty() ? new RenewalDecision.Keep(due) : new RenewalDecision.Reissue(reasons, details);
    }

    private static Optional<SubjectAlternativeNames> alternativeNamesOf(X509Certificate certificate) {
        try {
            return Optional.of(SubjectAlternativeNames.of(certificate));
        } catch (IllegalArgumentException unreadable) {
            // A name we would not issue (made elsewhere): it cannot match what we want.
            return Optional.empty();
        }
    }

    private static Optional<String> issuerMismatch(X509Certificate existing, Optional<X509Certificate> wantedIssuer) {
        X500Principal actualIssuer = existing.getIssuerX500Principal();
        if (wantedIssuer.isEmpty()) {
            boolean selfSigned = actualIssuer.equals(existing.getSubjectX500Principal()) && verifies(existing, existing);
            return selfSigned ? Optional.empty() : Optional.of("issued by " + actualIssuer.getName() + ", wanted self-signed");
        }
        X509Certificate issuer = wantedIssuer.get();
        // Same name is not enough: a CA recreated with a new key under the same name must rotate its leaves.
        boolean issuedByWanted = actualIssuer.equals(issuer.getSubjectX500Principal()) && verifies(existing, issuer);
        return issuedByWanted
                ? Optional.empty()
                : Optional.of("issued by " + actualIssuer.getName() + " (or another key of that name), wanted "
                        + issuer.getSubjectX500Principal().getName() + " with thumbprint " + Thumbprint.of(issuer));
    }

    private static boolean verifies(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Optional<String> profileMismatch(X509Certificate existing, CertificateProfile profile) {
        boolean isCa = existing.getBasicConstraints() >= 0;
        if (isCa != profile.isCertificateAuthority()) {
            return Optional.of(isCa ? "is a CA certificate, wanted an end-entity one" : "is not a CA certificate, wanted one");
        }
        Set<String> usages;
        try {
            List<String> extendedKeyUsage = existing.getExtendedKeyUsage();
            usages = extendedKeyUsage == null ? Set.of() : new HashSet<>(extendedKeyUsage);
        } catch (CertificateParsingException e) {
            return Optional.of("extendedKeyUsage unreadable");
        }
        Set<String> wanted = Set.copyOf(profile.extendedKeyUsages());
        return usages.equals(wanted)
                ? Optional.empty()
                : Optional.of("extended key usages are " + usages + ", wanted " + wanted);
    }
}
