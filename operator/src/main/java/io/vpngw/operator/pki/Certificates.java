package io.vpngw.operator.pki;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;

/** DER to and from the JDK's certificate objects. */
final class Certificates {
    private Certificates() {
    }

    /** Exactly one DER certificate: trailing bytes are refused rather than silently dropped. */
    static X509Certificate parse(byte[] der) {
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new IllegalArgumentException("not an X.509 certificate: " + e.getMessage(), e);
        }
        if (!Arrays.equals(encoded(certificate), der)) {
            throw new IllegalArgumentException("not a single DER certificate: extra bytes after it");
        }
        return certificate;
    }

    static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the certificate cannot be encoded", e);
        }
    }
}
