package io.vpngw.gateway.p2s;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads what the gateway's Secret holds: certificate chains as PEM, a private key as PKCS#8
 * {@code PRIVATE KEY} or the traditional {@code EC}/{@code RSA PRIVATE KEY} forms, and Azure's
 * publicCertData (base64 DER, PEM armour tolerated). Errors name what was wrong, never the key.
 */
public final class Pem {
    private Pem() {}

    public static List<X509Certificate> certificates(String pem) {
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem.getBytes()))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("no certificate in the PEM text");
            }
            return out;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not a PEM certificate chain: " + e.getMessage(), e);
        }
    }

    public static PrivateKey privateKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (o instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            throw new IllegalArgumentException("the PEM text holds no unencrypted private key");
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable private key PEM (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** A vpnClientRootCertificates entry's publicCertData. */
    public static X509Certificate publicCertData(String data) {
        String body = data.replaceAll("-----(BEGIN|END) CERTIFICATE-----", "").replaceAll("\\s", "");
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(body)));
        } catch (CertificateException | IllegalArgumentException e) {
            throw new IllegalArgumentException("publicCertData is not a base64 DER certificate: " + e.getMessage(), e);
        }
    }
}
