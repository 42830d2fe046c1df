package io.vpngw.operator.pki;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a point-to-site client's certificate chain as an Azure VPN gateway does: it must chain
 * to one of {@code vpnClientRootCertificates}, be within its validity (and so must every
 * certificate above it, the root included), carry the clientAuth extended key usage, and neither it
 * nor any certificate above it may have a thumbprint in {@code vpnClientRevokedCertificates}.
 *
 * <p>Path validation is the JDK's PKIX with revocation checking off, since revocation is by
 * thumbprint here and the gateway must not reach out to CRL or OCSP servers. Intermediates the
 * client sends may come in any order. Immutable and safe to share between threads.
 */
public final class ClientCertificateValidator {
    private final List<X509Certificate> trustedRoots;
    private final Set<Thumbprint> revoked;
    private final Clock clock;

    public ClientCertificateValidator(Collection<X509Certificate> trustedRoots, Collection<Thumbprint> revokedThumbprints, Clock clock) {
        this.trustedRoots = List.copyOf(trustedRoots);
        this.revoked = Set.copyOf(revokedThumbprints);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** From the gateway's settings: roots as publicCertData, revoked certificates as thumbprints in any case. */
    public static ClientCertificateValidator fromAzureSettings(Collection<String> rootPublicCertData, Collection<String> revokedThumbprints, Clock clock) {
        return new ClientCertificateValidator(
                rootPublicCertData.stream().map(PublicCertData::decode).toList(),
                revokedThumbprints.stream().map(Thumbprint::parse).toList(),
                clock);
    }

    /** Validates a chain as a client presents it: its own certificate first, then any intermediates. */
    public ClientCertificateVerdict validate(List<X509Certificate> presentedChain) {
        if (presentedChain.isEmpty()) {
            return refused(RefusalReason.INVALID_CHAIN, "the client presented no certificate");
        }
        X509Certificate client = presentedChain.getFirst();
        Instant now = clock.instant();
        List<X509Certificate> path = orderPath(client, presentedChain.subList(1, presentedChain.size()));

        List<X509Certificate> currentRoots = trustedRoots.stream().filter(root -> isValidAt(root, now)).toList();
        PKIXCertPathValidatorResult result;
        try {
            result = validatePath(path, currentRoots, now);
        } catch (CertPathValidatorException e) {
            return refusedByPathValidation(e, path, now);
        }
        X509Certificate root = result.getTrustAnchor().getTrustedCert();

        for (X509Certificate certificate : path) {
            Thumbprint thumbprint = Thumbprint.of(certificate);
            if (revoked.contains(thumbprint)) {
                return refused(RefusalReason.REVOKED, describe(certificate, client) + " has revoked thumbprint " + thumbprint);
            }
        }
        if (!hasClientAuth(client)) {
            return refused(RefusalReason.MISSING_CLIENT_AUTH,
                    name(client) + " lacks the clientAuth extended key usage (" + CertificateProfile.ExtendedKeyUsages.CLIENT_AUTH + ")");
        }
        return new ClientCertificateVerdict.Accepted(client, root);
    }

    /**
     * The client's certificate followed by its issuers among {@code others}, found by name; a
     * configured root sent along is left out, since PKIX wants the path without its anchor.
     */
    private List<X509Certificate> orderPath(X509Certificate client, List<X509Certificate> others) {
        List<X509Certificate> remaining = new ArrayList<>(others);
        remaining.removeIf(trustedRoots::contains);
        List<X509Certificate> path = new ArrayList<>();
        path.add(client);
        X509Certificate current = client;
        while (!isSelfIssued(current)) {
            X509Certificate issuerOfCurrent = current;
            Optional<X509Certificate> issuer = remaining.stream()
                    .filter(candidate -> candidate.getSubjectX500Principal().equals(issuerOfCurrent.getIssuerX500Principal()))
                    .findFirst();
            if (issuer.isEmpty()) {
                break;
            }
            path.add(issuer.get());
            remaining.remove(issuer.get());
            current = issuer.get();
        }
        return path;
    }

    private static PKIXCertPathValidatorResult validatePath(List<X509Certificate> path, List<X509Certificate> roots, Instant now)
            throws CertPathValidatorException {
        if (roots.isEmpty()) {
            throw new CertPathValidatorException("no trusted root is currently valid", null, null, -1, PKIXReason.NO_TRUST_ANCHOR);
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(
                    roots.stream().map(root -> new TrustAnchor(root, null)).collect(Collectors.toSet()));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            return (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        } catch (CertificateException | NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("this JDK cannot validate certificate paths", e);
        }
    }

    private ClientCertificateVerdict refusedByPathValidation(CertPathValidatorException e, List<X509Certificate> path, Instant now) {
        X509Certificate client = path.getFirst();
        X509Certificate failing = e.getIndex() >= 0 && e.getIndex() < path.size() ? path.get(e.getIndex()) : client;
        String subject = describe(failing, client);
        if (e.getReason() == BasicReason.EXPIRED) {
            return refused(RefusalReason.EXPIRED, subject + " expired at " + failing.getNotAfter().toInstant());
        } else if (e.getReason() == BasicReason.NOT_YET_VALID) {
            return refused(RefusalReason.NOT_YET_VALID, subject + " is not valid before " + failing.getNotBefore().toInstant());
        } else if (e.getReason() == BasicReason.INVALID_SIGNATURE) {
            return refused(RefusalReason.BAD_SIGNATURE, subject + " has a signature that does not verify");
        } else if (e.getReason() == BasicReason.ALGORITHM_CONSTRAINED) {
            return refused(RefusalReason.BAD_SIGNATURE, subject + " is signed with an algorithm no longer accepted: " + e.getMessage());
        } else if (e.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
            return refusedForMissingAnchor(path.getLast(), client, now);
        }
        return refused(RefusalReason.INVALID_CHAIN, subject + ": " + e.getMessage());
    }

    /**
     * No usable root. Says why when a configured root carries the issuer's name: the signature is
     * not that root's (forged, or the CA was re-keyed), or the root is outside its validity.
     */
    private ClientCertificateVerdict refusedForMissingAnchor(X509Certificate top, X509Certificate client, Instant now) {
        List<X509Certificate> namesakes = trustedRoots.stream()
                .filter(root -> root.getSubjectX500Principal().equals(top.getIssuerX500Principal()))
                .toList();
        for (X509Certificate root : namesakes) {
            if (isSignedBy(top, root) && !isValidAt(root, now)) {
                String rootName = "trusted root " + name(root);
                return now.isBefore(root.getNotBefore().toInstant())
                        ? refused(RefusalReason.NOT_YET_VALID, rootName + " is not valid before " + root.getNotBefore().toInstant())
                        : refused(RefusalReason.EXPIRED, rootName + " expired at " + root.getNotAfter().toInstant());
            }
        }
        if (!namesakes.isEmpty()) {
            return refused(RefusalReason.BAD_SIGNATURE, describe(top, client) + " is issued in the name of trusted root "
                    + top.getIssuerX500Principal().getName() + " but its signature does not verify with that root's key");
        }
        String chainEnd = top.equals(client) ? "" : " through " + name(top);
        return refused(RefusalReason.UNTRUSTED_ISSUER, "client certificate " + name(client) + chainEnd + " is issued by "
                + top.getIssuerX500Principal().getName() + ", which is not among the trusted root certificates");
    }

    private static boolean hasClientAuth(X509Certificate certificate) {
        try {
            List<String> usages = certificate.getExtendedKeyUsage();
            return usages != null && usages.contains(CertificateProfile.ExtendedKeyUsages.CLIENT_AUTH);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    private static boolean isValidAt(X509Certificate certificate, Instant now) {
        try {
            certificate.checkValidity(Date.from(now));
            return true;
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            return false;
        }
    }

    private static boolean isSelfIssued(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
    }

    private static boolean isSignedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String describe(X509Certificate certificate, X509Certificate client) {
        return (certificate.equals(client) ? "client certificate " : "intermediate certificate ") + name(certificate);
    }

    private static String name(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName() + " (thumbprint " + Thumbprint.of(certificate) + ")";
    }

    private static ClientCertificateVerdict refused(RefusalReason reason, String detail) {
        return new ClientCertificateVerdict.Refused(reason, detail);
    }

    @Override
    public String toString() {
        return "ClientCertificateValidator[" + trustedRoots.size() + " trusted roots, " + revoked.size() + " revoked thumbprints]";
    }
}
