package io.vpngw.gateway.p2s;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates for point-to-site tests: a CA, the SSTP server's certificate, client certificates. */
public final class TestPki {
    private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime());

    /** A key and its certificate chain, leaf first. */
    public record Issued(PrivateKey key, List<X509Certificate> chain) {
        public X509Certificate certificate() {
            return chain.getFirst();
        }
    }

    private TestPki() {}

    public static KeyPair ecKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static Issued ca(String name) {
        KeyPair k = ecKey();
        X500Name subject = new X500Name("CN=" + name);
        X509Certificate c = build(subject, k, subject, k.getPrivate(), Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(365)), true, null, null);
        return new Issued(k.getPrivate(), List.of(c));
    }

    public static Issued server(Issued ca, String dnsName, String ip) {
        KeyPair k = ecKey();
        GeneralNames sans = new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, dnsName), new GeneralName(GeneralName.iPAddress, ip)});
        X509Certificate c = build(new X500Name("CN=" + dnsName), k, issuerName(ca), ca.key(), Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)), false, KeyPurposeId.id_kp_serverAuth, sans);
        return new Issued(k.getPrivate(), List.of(c, ca.certificate()));
    }

    public static Issued client(Issued ca, String name) {
        return client(ca, name, Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
    }

    public static Issued client(Issued ca, String name, Instant notBefore, Instant notAfter) {
        KeyPair k = ecKey();
        X509Certificate c = build(new X500Name("CN=" + name), k, issuerName(ca), ca.key(), notBefore, notAfter, false,
                KeyPurposeId.id_kp_clientAuth, null);
        return new Issued(k.getPrivate(), List.of(c));
    }

    /** A client certificate with a 2048-bit RSA key, for RSA signature authentication. */
    public static Issued rsaClient(Issued ca, String name) {
        KeyPair k;
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            k = g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        X509Certificate c = build(new X500Name("CN=" + name), k, issuerName(ca), ca.key(), Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)), false, KeyPurposeId.id_kp_clientAuth, null);
        return new Issued(k.getPrivate(), List.of(c));
    }

    private static X500Name issuerName(Issued ca) {
        return X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
    }

    private static X509Certificate build(X500Name subject, KeyPair subjectKey, X500Name issuer, PrivateKey issuerKey,
                                         Instant notBefore, Instant notAfter, boolean ca, KeyPurposeId usage, GeneralNames sans) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIALS.incrementAndGet()),
                    Date.from(notBefore), Date.from(notAfter), subject, subjectKey.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
            if (usage != null) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage));
            }
            if (sans != null) {
                b.addExtension(Extension.subjectAlternativeName, false, sans);
            }
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM text of one DER object, e.g. {@code pem("PRIVATE KEY", key.getEncoded())}. */
    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** PEM text of a certificate chain, leaf first. */
    public static String pem(java.util.List<java.security.cert.X509Certificate> chain) {
        StringBuilder out = new StringBuilder();
        for (java.security.cert.X509Certificate c : chain) {
            try {
                out.append(pem("CERTIFICATE", c.getEncoded()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out.toString();
    }
}
