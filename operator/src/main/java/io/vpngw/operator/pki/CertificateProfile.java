package io.vpngw.operator.pki;

import java.security.PublicKey;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * What a certificate is for, which fixes its basicConstraints, keyUsage and extendedKeyUsage.
 * Keeping these in one place means every certificate of a kind carries the same extensions, and
 * the renewal check can tell when an existing certificate was made for something else.
 */
public enum CertificateProfile {
    /** A CA that issues only end-entity certificates: CA:true, pathlen 0, keyCertSign and cRLSign. */
    CERTIFICATE_AUTHORITY(List.of()),
    /** The gateway's own identity: IKE authentication and TLS server (SSTP). */
    GATEWAY_IDENTITY(List.of(ExtendedKeyUsages.SERVER_AUTH, ExtendedKeyUsages.IPSEC_IKE)),
    /** A TLS server, such as the SSTP endpoint on TCP 443. */
    TLS_SERVER(List.of(ExtendedKeyUsages.SERVER_AUTH)),
    /** A point-to-site client (user or device), which the gateway requires to carry clientAuth. */
    TLS_CLIENT(List.of(ExtendedKeyUsages.CLIENT_AUTH));

    private final List<String> extendedKeyUsages;

    CertificateProfile(List<String> extendedKeyUsages) {
        this.extendedKeyUsages = extendedKeyUsages;
    }

    public boolean isCertificateAuthority() {
        return this == CERTIFICATE_AUTHORITY;
    }

    /** The extendedKeyUsage OIDs, dotted, as {@link java.security.cert.X509Certificate#getExtendedKeyUsage()} reports them. */
    public List<String> extendedKeyUsages() {
        return extendedKeyUsages;
    }

    /**
     * The keyUsage bits for a subject key. RSA end entities also get keyEncipherment because TLS
     * clients that still negotiate RSA key transport (older SSTP clients) require it.
     */
    int keyUsageBits(PublicKey subjectKey) {
        if (isCertificateAuthority()) {
            return KeyUsage.keyCertSign | KeyUsage.cRLSign;
        }
        return "RSA".equals(subjectKey.getAlgorithm())
                ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
                : KeyUsage.digitalSignature;
    }

    /** The extendedKeyUsage OIDs the operator uses. */
    public static final class ExtendedKeyUsages {
        public static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
        public static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
        /** id-kp-ipsecIKE, RFC 4945: marks a certificate for IKE peer authentication. */
        public static final String IPSEC_IKE = "1.3.6.1.5.5.7.3.17";

        private ExtendedKeyUsages() {
        }
    }
}
