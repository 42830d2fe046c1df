package io.vpngw.gateway.ike.message;

import java.util.Map;

/** Certificate encodings of CERT and CERTREQ payloads (RFC 7296 §3.6, RFC 4806, RFC 7670). */
public record CertificateEncoding(int code) implements RegistryCode {

    public static final CertificateEncoding PKCS7_WRAPPED_X509 = new CertificateEncoding(1);
    public static final CertificateEncoding PGP = new CertificateEncoding(2);
    public static final CertificateEncoding DNS_SIGNED_KEY = new CertificateEncoding(3);
    /** A DER X.509 certificate; in CERTREQ, SHA-1 hashes of trusted CA keys. */
    public static final CertificateEncoding X509_SIGNATURE = new CertificateEncoding(4);
    public static final CertificateEncoding KERBEROS_TOKEN = new CertificateEncoding(6);
    public static final CertificateEncoding CRL = new CertificateEncoding(7);
    public static final CertificateEncoding ARL = new CertificateEncoding(8);
    public static final CertificateEncoding SPKI = new CertificateEncoding(9);
    public static final CertificateEncoding X509_ATTRIBUTE = new CertificateEncoding(10);
    /** Deprecated by RFC 7296. */
    public static final CertificateEncoding RAW_RSA_KEY = new CertificateEncoding(11);
    public static final CertificateEncoding HASH_AND_URL_X509_CERTIFICATE = new CertificateEncoding(12);
    public static final CertificateEncoding HASH_AND_URL_X509_BUNDLE = new CertificateEncoding(13);
    /** RFC 4806. */
    public static final CertificateEncoding OCSP_CONTENT = new CertificateEncoding(14);
    /** RFC 7670. */
    public static final CertificateEncoding RAW_PUBLIC_KEY = new CertificateEncoding(15);

    private static final CodeNames NAMES = new CodeNames("CertificateEncoding", Map.ofEntries(
            Map.entry(1, "PKCS7_WRAPPED_X509"),
            Map.entry(2, "PGP"),
            Map.entry(3, "DNS_SIGNED_KEY"),
            Map.entry(4, "X509_CERTIFICATE_SIGNATURE"),
            Map.entry(6, "KERBEROS_TOKEN"),
            Map.entry(7, "CERTIFICATE_REVOCATION_LIST"),
            Map.entry(8, "AUTHORITY_REVOCATION_LIST"),
            Map.entry(9, "SPKI_CERTIFICATE"),
            Map.entry(10, "X509_CERTIFICATE_ATTRIBUTE"),
            Map.entry(11, "RAW_RSA_KEY"),
            Map.entry(12, "HASH_AND_URL_X509_CERTIFICATE"),
            Map.entry(13, "HASH_AND_URL_X509_BUNDLE"),
            Map.entry(14, "OCSP_CONTENT"),
            Map.entry(15, "RAW_PUBLIC_KEY")));

    public CertificateEncoding {
        FieldRange.u8(code, "CertificateEncoding");
    }

    @Override
    public CodeNames names() {
        return NAMES;
    }

    @Override
    public String toString() {
        return NAMES.describe(code);
    }
}
