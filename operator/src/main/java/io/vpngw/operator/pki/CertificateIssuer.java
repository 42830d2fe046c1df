package io.vpngw.operator.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Generates keys and signs certificates, with time and randomness from outside so tests can fix
 * them. Holds no keys itself: the CA key is passed in with each request.
 *
 * <p>Every certificate gets a random positive serial of up to 128 bits, a subjectKeyIdentifier
 * (SHA-1 of the public key, RFC 5280 method 1) and an authorityKeyIdentifier naming the signer's
 * key only, not its serial, so a CA renewed with the same key keeps verifying what it issued.
 */
public final class CertificateIssuer {
    /**
     * How far notBefore is set back from now: clients whose clocks run a little slow (laptops,
     * phones) would otherwise refuse a certificate issued seconds ago.
     */
    public static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofMinutes(5);

    private static final int SERIAL_BITS = 128;

    private final Clock clock;
    private final SecureRandom random;

    public CertificateIssuer(Clock clock, SecureRandom random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The issuer the operator runs with: UTC system time and the platform's default SecureRandom. */
    public static CertificateIssuer withSystemClock() {
        return new CertificateIssuer(Clock.systemUTC(), new SecureRandom());
    }

    public Clock clock() {
        return clock;
    }

    public SecureRandom random() {
        return random;
    }

    public KeyPair generateKeyPair(KeyAlgorithm algorithm) {
        return algorithm.generateKeyPair(random);
    }

    /** A certificate for {@code keys} signed by that same key. */
    public CertifiedKey selfSign(CertificateTemplate template, KeyPair keys) {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(keys, "keys");
        Instant now = now();
        Instant notAfter = now.plus(template.lifetime());
        X500Name subject = X500Name.getInstance(template.subject().getEncoded());
        byte[] keyId = subjectKeyIdentifier(keys.getPublic());
        X509Certificate certificate = sign(template, keys.getPublic(), subject, keyId, keys.getPrivate(), keys.getPublic(), now, notAfter);
        return new CertifiedKey(keys.getPrivate(), List.of(certificate));
    }

    /** A self-signed certificate for a freshly generated key. */
    public CertifiedKey selfSign(CertificateTemplate template, KeyAlgorithm algorithm) {
        return selfSign(template, generateKeyPair(algorithm));
    }

    /** A certificate for {@code subjectKeys} signed by {@code authority}; its chain is the new certificate then the authority's. */
    public CertifiedKey issue(CertificateTemplate template, KeyPair subjectKeys, CertifiedKey authority) {
        Objects.requireNonNull(subjectKeys, "subjectKeys");
        X509Certificate certificate = certify(template, subjectKeys.getPublic(), authority);
        List<X509Certificate> chain = new ArrayList<>(authority.chain().size() + 1);
        chain.add(certificate);
        chain.addAll(authority.chain());
        return new CertifiedKey(subjectKeys.getPrivate(), chain);
    }

    /** A certificate for a freshly generated key, signed by {@code authority}. */
    public CertifiedKey issue(CertificateTemplate template, KeyAlgorithm algorithm, CertifiedKey authority) {
        return issue(template, generateKeyPair(algorithm), authority);
    }

    /**
     * A certificate for a public key whose private part stays elsewhere (a client that generated
     * its own key), signed by {@code authority}. Its notAfter is cut to the authority's, since no
     * client would accept it beyond that.
     */
    public X509Certificate certify(CertificateTemplate template, PublicKey subjectKey, CertifiedKey authority) {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(subjectKey, "subjectKey");
        Objects.requireNonNull(authority, "authority");
        Instant now = now();
        X509Certificate authorityCertificate = authority.certificate();
        requireCanIssue(authorityCertificate, template, now);
        Instant requestedNotAfter = now.plus(template.lifetime());
        Instant authorityNotAfter = authorityCertificate.getNotAfter().toInstant();
        Instant notAfter = requestedNotAfter.isAfter(authorityNotAfter) ? authorityNotAfter : requestedNotAfter;
        // The issuer name is copied byte for byte from the CA certificate so name chaining holds
        // even for CAs whose names were encoded differently from how we would encode them.
        X500Name issuer = X500Name.getInstance(authorityCertificate.getSubjectX500Principal().getEncoded());
        return sign(template, subjectKey, issuer, authorityKeyIdentifier(authorityCertificate),
                authority.privateKey(), authority.publicKey(), now, notAfter);
    }

    private X509Certificate sign(CertificateTemplate template, PublicKey subjectKey, X500Name issuer, byte[] authorityKeyId,
            PrivateKey signingKey, PublicKey signingPublicKey, Instant now, Instant notAfter) {
        X500Name subject = X500Name.getInstance(template.subject().getEncoded());
        CertificateProfile profile = template.profile();
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                issuer,
                newSerialNumber(),
                Date.from(now.minus(CLOCK_SKEW_ALLOWANCE)),
                Date.from(notAfter),
                subject,
                SubjectPublicKeyInfo.getInstance(subjectKey.getEncoded()));
        try {
            builder.addExtension(Extension.basicConstraints, true,
                    profile.isCertificateAuthority() ? new BasicConstraints(0) : new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(profile.keyUsageBits(subjectKey)));
            if (!profile.extendedKeyUsages().isEmpty()) {
                KeyPurposeId[] purposes = profile.extendedKeyUsages().stream()
                        .map(oid -> KeyPurposeId.getInstance(new ASN1ObjectIdentifier(oid)))
                        .toArray(KeyPurposeId[]::new);
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
            }
            if (!template.alternativeNames().isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, template.alternativeNames().toGeneralNames());
            }
            builder.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(subjectKeyIdentifier(subjectKey)));
            builder.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(authorityKeyId));
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot encode a certificate extension", e);
        }
        try {
            ContentSigner signer = new JcaContentSignerBuilder(Keys.signatureAlgorithmFor(signingPublicKey))
                    .setSecureRandom(random)
                    .build(signingKey);
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            // Cheap, and catches a signing key that does not match the issuer certificate.
            certificate.verify(signingPublicKey);
            return certificate;
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a certificate for " + template.subject().getName(), e);
        }
    }

    private static void requireCanIssue(X509Certificate authority, CertificateTemplate template, Instant now) {
        String name = authority.getSubjectX500Principal().getName();
        int pathLength = authority.getBasicConstraints();
        if (pathLength < 0) {
            throw new IllegalArgumentException(name + " is not a CA (basicConstraints CA:false or absent)");
        }
        boolean[] keyUsage = authority.getKeyUsage();
        if (keyUsage != null && (keyUsage.length <= 5 || !keyUsage[5])) {
            throw new IllegalArgumentException(name + " may not sign certificates (keyUsage lacks keyCertSign)");
        }
        if (template.profile().isCertificateAuthority() && pathLength == 0) {
            throw new IllegalArgumentException(name + " may only issue end-entity certificates (pathlen 0), not a CA");
        }
        if (now.isAfter(authority.getNotAfter().toInstant())) {
            throw new IllegalArgumentException(name + " expired at " + authority.getNotAfter().toInstant());
        }
        if (now.isBefore(authority.getNotBefore().toInstant())) {
            throw new IllegalArgumentException(name + " is not valid before " + authority.getNotBefore().toInstant());
        }
    }

    /** Certificates carry whole seconds; truncating keeps what we compute equal to what we read back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private BigInteger newSerialNumber() {
        BigInteger serial;
        do {
            serial = new BigInteger(SERIAL_BITS, random);
        } while (serial.signum() == 0);
        return serial;
    }

    static byte[] subjectKeyIdentifier(PublicKey key) {
        byte[] subjectPublicKey = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getPublicKeyData().getBytes();
        try {
            return MessageDigest.getInstance("SHA-1").digest(subjectPublicKey);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK", e);
        }
    }

    /** The CA's own subjectKeyIdentifier when it has one, so the two match even if it was computed another way. */
    private static byte[] authorityKeyIdentifier(X509Certificate authority) {
        byte[] extension = authority.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (extension == null) {
            return subjectKeyIdentifier(authority.getPublicKey());
        }
        try {
            byte[] inner = ASN1OctetString.getInstance(extension).getOctets();
            return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(inner)).getKeyIdentifier();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(authority.getSubjectX500Principal().getName() + " has a malformed subjectKeyIdentifier", e);
        }
    }

    @Override
    public String toString() {
        return "CertificateIssuer[clock=" + clock + "]";
    }
}
