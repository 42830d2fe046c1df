package io.vpngw.operator.pki;

import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Objects;

/**
 * A certificate as Azure's {@code publicCertData} takes it: the DER in Base-64, which is a PEM
 * body without its BEGIN and END lines. Line breaks inside it are allowed, as when pasted from a
 * {@code .cer} file.
 */
public final class PublicCertData {
    private PublicCertData() {
    }

    /** One line of Base-64, no armour, ready for {@code vpnClientRootCertificates[].publicCertData}. */
    public static String encode(X509Certificate certificate) {
        return Base64.getEncoder().encodeToString(Certificates.encoded(certificate));
    }

    /**
     * Reads Base-64 DER, ignoring whitespace. A whole PEM block is accepted too, since that is what
     * people often paste.
     */
    public static X509Certificate decode(String publicCertData) {
        Objects.requireNonNull(publicCertData, "publicCertData");
        if (publicCertData.contains("-----BEGIN")) {
            return Pem.decodeCertificate(publicCertData);
        }
        String compact = publicCertData.replaceAll("\\s", "");
        if (compact.isEmpty()) {
            throw new IllegalArgumentException("publicCertData is empty");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("publicCertData is not Base-64: " + e.getMessage(), e);
        }
        return Certificates.parse(der);
    }
}
