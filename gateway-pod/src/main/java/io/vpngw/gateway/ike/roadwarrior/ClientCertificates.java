package io.vpngw.gateway.ike.roadwarrior;

import io.vpngw.gateway.ike.message.CertificateEncoding;
import io.vpngw.gateway.ike.message.CertificatePayload;
import io.vpngw.gateway.ike.message.CertificateRequestPayload;
import io.vpngw.gateway.ike.message.Octets;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** CERT and CERTREQ payloads for X.509 (RFC 7296 §3.6, §3.7). */
public final class ClientCertificates {

    private ClientCertificates() {
    }

    /**
     * The X.509 certificates of the CERT payloads in their order (the first is the one that signs
     * AUTH, §3.6); empty when there is none, one is not DER X.509, or one does not parse.
     */
    public static Optional<List<X509Certificate>> decode(List<CertificatePayload> payloads) {
        if (payloads.isEmpty()) {
            return Optional.empty();
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (CertificatePayload payload : payloads) {
                if (!payload.encoding().equals(CertificateEncoding.X509_SIGNATURE)) {
                    return Optional.empty();
                }
                chain.add((X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(payload.data().toByteArray())));
            }
        } catch (CertificateException | ClassCastException e) {
            return Optional.empty();
        }
        return Optional.of(List.copyOf(chain));
    }

    /** CERT payloads for our chain, leaf first. */
    public static List<CertificatePayload> encode(List<X509Certificate> chain) {
        List<CertificatePayload> payloads = new ArrayList<>();
        for (X509Certificate certificate : chain) {
            try {
                payloads.add(new CertificatePayload(CertificateEncoding.X509_SIGNATURE,
                        Octets.copyOf(certificate.getEncoded())));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalArgumentException("cannot encode " + certificate.getSubjectX500Principal(), e);
            }
        }
        return List.copyOf(payloads);
    }

    /** A CERTREQ naming the roots we trust by the SHA-1 hash of their SubjectPublicKeyInfo (§3.7). */
    public static CertificateRequestPayload request(List<X509Certificate> roots) {
        return CertificateRequestPayload.x509(roots.stream().map(ClientCertificates::keyHash).toList());
    }

    /** SHA-1 of a certificate's DER SubjectPublicKeyInfo. */
    public static Octets keyHash(X509Certificate certificate) {
        try {
            return Octets.copyOf(MessageDigest.getInstance("SHA-1").digest(certificate.getPublicKey().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
