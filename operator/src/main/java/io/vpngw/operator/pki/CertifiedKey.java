package io.vpngw.operator.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A private key with the certificate chain that certifies it, leaf first, each certificate
 * followed by its issuer's; the root may be left out. This is what the operator stores in a
 * gateway's Secret and what a CA signs with.
 *
 * <p>Built only from a key and chain that belong together: a mismatch found here is a clear error,
 * found at the gateway it would be a failed handshake. {@link #toString()} never shows the key.
 *
 * @param privateKey the key, never logged
 * @param chain the leaf certificate, then its issuers
 */
public record CertifiedKey(PrivateKey privateKey, List<X509Certificate> chain) {

    public CertifiedKey {
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certified key needs at least its own certificate");
        }
        Keys.requireSamePair(privateKey, chain.getFirst().getPublicKey());
        for (int i = 0; i + 1 < chain.size(); i++) {
            requireIssuedBy(chain.get(i), chain.get(i + 1), i);
        }
    }

    /** From the PEM the operator keeps in a Secret: the chain (leaf first) and a private key. */
    public static CertifiedKey fromPem(String certificateChainPem, String privateKeyPem) {
        return new CertifiedKey(Pem.decodePrivateKey(privateKeyPem), Pem.decodeCertificates(certificateChainPem));
    }

    /** The leaf certificate. */
    public X509Certificate certificate() {
        return chain.getFirst();
    }

    public PublicKey publicKey() {
        return certificate().getPublicKey();
    }

    public KeyPair keyPair() {
        return new KeyPair(publicKey(), privateKey);
    }

    /** Which of the operator's key types this is; empty for others, such as a CA a user brought. */
    public Optional<KeyAlgorithm> keyAlgorithm() {
        return KeyAlgorithm.of(publicKey());
    }

    /** The chain as PEM, leaf first, as {@code tls.crt} holds it. */
    public String certificateChainPem() {
        return Pem.encodeCertificates(chain);
    }

    /** The private key as PKCS#8 PEM, as {@code tls.key} holds it. Only for writing to a Secret or a file. */
    public String privateKeyPem() {
        return Pem.encodePrivateKey(privateKey);
    }

    @Override
    public String toString() {
        X509Certificate leaf = certificate();
        return "CertifiedKey[subject=" + leaf.getSubjectX500Principal().getName()
                + ", serial=" + leaf.getSerialNumber().toString(16)
                + ", notAfter=" + leaf.getNotAfter().toInstant()
                + ", key=" + Keys.describe(publicKey()) + " (private part not shown)"
                + ", chainLength=" + chain.size() + "]";
    }

    private static void requireIssuedBy(X509Certificate certificate, X509Certificate issuer, int position) {
        if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            throw new IllegalArgumentException("chain out of order at position " + position + ": "
                    + certificate.getSubjectX500Principal().getName() + " is issued by "
                    + certificate.getIssuerX500Principal().getName() + ", not by " + issuer.getSubjectX500Principal().getName());
        }
        try {
            certificate.verify(issuer.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("chain broken at position " + position + ": "
                    + certificate.getSubjectX500Principal().getName() + " is not signed by the next certificate's key", e);
        }
    }
}
