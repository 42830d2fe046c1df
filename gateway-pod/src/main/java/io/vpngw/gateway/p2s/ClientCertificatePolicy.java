package io.vpngw.gateway.p2s;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The gateway's own check of a point-to-site client certificate, as Azure does it: the chain must
 * lead to one of {@code vpnClientRootCertificates}, every certificate on it must be within its
 * validity, the client's must allow clientAuth, and no certificate on it may have a SHA-1
 * thumbprint listed in {@code vpnClientRevokedCertificates}. The gateway never fetches CRLs or
 * OCSP: revocation is the list. (The operator has its own validator for what it issues; the pod
 * cannot depend on the operator, and this is the one the data plane trusts.)
 *
 * <p>Immutable and safe to share between sessions.
 */
public final class ClientCertificatePolicy {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_USAGE = "2.5.29.37.0";

    /** The outcome of a check. */
    public sealed interface Verdict {
        record Accepted(X509Certificate client, X509Certificate root) implements Verdict {}

        record Refused(CertificateRefusal reason, String detail) implements Verdict {}
    }

    private final List<X509Certificate> roots;
    private final Set<String> revoked;
    private final Clock clock;

    public ClientCertificatePolicy(Collection<X509Certificate> roots, Collection<String> revokedThumbprints, Clock clock) {
        this.roots = List.copyOf(roots);
        this.revoked = revokedThumbprints.stream().map(ClientCertificatePolicy::normalise).collect(Collectors.toUnmodifiableSet());
        this.clock = clock;
    }

    public List<X509Certificate> roots() {
        return roots;
    }

    /** A thumbprint as Azure users paste it (any case, spaces, colons, invisible marks) in canonical form. */
    static String normalise(String thumbprint) {
        return thumbprint.replaceAll("[:\\s\\u200e\\u200f]", "").toUpperCase(Locale.ROOT);
    }

    /** The SHA-1 thumbprint Azure lists revoked certificates by, upper-case hex. */
    public static String thumbprint(X509Certificate certificate) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot take a certificate's thumbprint", e);
        }
    }

    /** Checks a chain as the client sent it: its own certificate first, intermediates after in any order. */
    public Verdict check(List<X509Certificate> presented) {
        if (presented.isEmpty()) {
            return new Verdict.Refused(CertificateRefusal.NO_CERTIFICATE, "the client presented no certificate");
        }
        X509Certificate client = presented.getFirst();
        List<X509Certificate> path = path(client, presented.subList(1, presented.size()));
        for (X509Certificate c : path) { // a revoked certificate is refused as such, whatever else is wrong with it
            String t = thumbprint(c);
            if (revoked.contains(t)) {
                return new Verdict.Refused(CertificateRefusal.REVOKED, name(c) + " has revoked thumbprint " + t);
            }
        }
        Date now = Date.from(clock.instant());
        Set<TrustAnchor> anchors = roots.stream().filter(r -> validAt(r, now)).map(r -> new TrustAnchor(r, null))
                .collect(Collectors.toSet());
        if (anchors.isEmpty()) {
            return new Verdict.Refused(CertificateRefusal.UNTRUSTED_ISSUER, "no vpnClientRootCertificate is configured and valid");
        }
        X509Certificate root;
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(now);
            var result = (java.security.cert.PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
            root = result.getTrustAnchor().getTrustedCert();
        } catch (CertPathValidatorException e) {
            return refusal(e, path);
        } catch (GeneralSecurityException e) {
            return new Verdict.Refused(CertificateRefusal.INVALID_CHAIN, name(client) + ": " + e.getMessage());
        }
        if (!allowsClientAuth(client)) {
            return new Verdict.Refused(CertificateRefusal.MISSING_CLIENT_AUTH, name(client) + " lacks the clientAuth extended key usage");
        }
        return new Verdict.Accepted(client, root);
    }

    private Verdict refusal(CertPathValidatorException e, List<X509Certificate> path) {
        X509Certificate at = e.getIndex() >= 0 && e.getIndex() < path.size() ? path.get(e.getIndex()) : path.getFirst();
        if (e.getReason() == BasicReason.EXPIRED) {
            return new Verdict.Refused(CertificateRefusal.EXPIRED, name(at) + " expired at " + at.getNotAfter().toInstant());
        }
        if (e.getReason() == BasicReason.NOT_YET_VALID) {
            return new Verdict.Refused(CertificateRefusal.NOT_YET_VALID, name(at) + " is not valid before " + at.getNotBefore().toInstant());
        }
        if (e.getReason() == BasicReason.INVALID_SIGNATURE || e.getReason() == BasicReason.ALGORITHM_CONSTRAINED) {
            return new Verdict.Refused(CertificateRefusal.BAD_SIGNATURE, name(at) + ": " + e.getMessage());
        }
        if (e.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
            X509Certificate top = path.getLast();
            return new Verdict.Refused(CertificateRefusal.UNTRUSTED_ISSUER, name(path.getFirst()) + " is issued by "
                    + top.getIssuerX500Principal().getName() + ", which is not among the trusted root certificates");
        }
        return new Verdict.Refused(CertificateRefusal.INVALID_CHAIN, name(at) + ": " + e.getMessage());
    }

    /** The client's certificate and its issuers among the others, found by name; configured roots stay out (they are anchors). */
    private List<X509Certificate> path(X509Certificate client, List<X509Certificate> others) {
        List<X509Certificate> remaining = new ArrayList<>(others);
        remaining.removeIf(roots::contains);
        List<X509Certificate> path = new ArrayList<>(List.of(client));
        X509Certificate current = client;
        while (!current.getIssuerX500Principal().equals(current.getSubjectX500Principal())) {
            X509Certificate child = current;
            X509Certificate issuer = remaining.stream()
                    .filter(c -> c.getSubjectX500Principal().equals(child.getIssuerX500Principal())).findFirst().orElse(null);
            if (issuer == null) {
                break;
            }
            path.add(issuer);
            remaining.remove(issuer);
            current = issuer;
        }
        if (path.size() > 1 && path.getLast().getIssuerX500Principal().equals(path.getLast().getSubjectX500Principal())) {
            path.removeLast(); // a self-signed root the client sent along is not part of a PKIX path
        }
        return path;
    }

    private static boolean allowsClientAuth(X509Certificate c) {
        try {
            List<String> usages = c.getExtendedKeyUsage();
            return usages != null && (usages.contains(CLIENT_AUTH) || usages.contains(ANY_USAGE));
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    private static boolean validAt(X509Certificate c, Date when) {
        try {
            c.checkValidity(when);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String name(X509Certificate c) {
        return c.getSubjectX500Principal().getName() + " (thumbprint " + thumbprint(c) + ")";
    }

    @Override
    public String toString() {
        return "ClientCertificatePolicy[" + roots.size() + " roots, " + revoked.size() + " revoked]";
    }
}
