package io.vpngw.operator.pki;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Fixed time, repeatable randomness and a few certificates the tests share. */
final class TestPki {
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private TestPki() {
    }

    static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    /** SHA1PRNG seeded before first use is repeatable, which the platform default is not. */
    static SecureRandom seededRandom(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(BigInteger.valueOf(seed).toByteArray());
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static CertificateIssuer issuerAt(Instant instant) {
        return new CertificateIssuer(clockAt(instant), seededRandom(instant.getEpochSecond()));
    }

    static CertificateIssuer issuer() {
        return issuerAt(NOW);
    }

    static String resource(String name) {
        try (InputStream in = TestPki.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A certificate made by OpenSSL 3 (RSA 2048, self-signed CA), not by this package. */
    static X509Certificate opensslRoot() {
        return Pem.decodeCertificate(resource("openssl-root.pem"));
    }

    /**
     * A root CA without a path length limit, as an enterprise PKI has, built directly with Bouncy
     * Castle because the operator's own CAs are always pathlen 0.
     */
    static CertifiedKey enterpriseRoot(KeyPair keys, X500Principal subject, Instant notBefore, Duration lifetime) {
        return enterpriseRoot(keys, subject, notBefore, lifetime, null);
    }

    /** As above, with the given subjectKeyIdentifier, or none when null. */
    static CertifiedKey enterpriseRoot(KeyPair keys, X500Principal subject, Instant notBefore, Duration lifetime, byte[] subjectKeyId) {
        try {
            X500Name name = X500Name.getInstance(subject.getEncoded());
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(notBefore.getEpochSecond()),
                    Date.from(notBefore), Date.from(notBefore.plus(lifetime)), name, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            if (subjectKeyId != null) {
                builder.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(subjectKeyId));
            }
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            return new CertifiedKey(keys.getPrivate(), List.of(certificate));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * RSA 3072 generation can take seconds, so the tests that need it share one pair, from a seed
     * whose prime search happens to end quickly.
     */
    static KeyPair rsaKeys() {
        return RsaHolder.KEYS;
    }

    private static final class RsaHolder {
        static final KeyPair KEYS = KeyAlgorithm.RSA_3072.generateKeyPair(seededRandom(3));
    }
}
