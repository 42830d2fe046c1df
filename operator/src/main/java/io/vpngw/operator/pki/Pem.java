package io.vpngw.operator.pki;

import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM for certificates and private keys, as Kubernetes TLS Secrets and OpenSSL use it.
 *
 * <p>Writes certificates as {@code CERTIFICATE} and keys as PKCS#8 {@code PRIVATE KEY}, with
 * {@code \n} line ends and 64-column bodies whatever the platform, so the Secret's bytes do not
 * change between reconciles. Reads also the OpenSSL traditional {@code EC PRIVATE KEY} and
 * {@code RSA PRIVATE KEY} forms, which CAs made by hand often come in.
 */
public final class Pem {
    private static final int LINE_LENGTH = 64;
    private static final String CERTIFICATE = "CERTIFICATE";
    private static final String PRIVATE_KEY = "PRIVATE KEY";

    private Pem() {
    }

    public static String encodeCertificate(X509Certificate certificate) {
        return encode(CERTIFICATE, Certificates.encoded(certificate));
    }

    /** Certificates one after the other, in the order given (leaf first for a chain). */
    public static String encodeCertificates(List<X509Certificate> certificates) {
        StringBuilder pem = new StringBuilder();
        certificates.forEach(certificate -> pem.append(encodeCertificate(certificate)));
        return pem.toString();
    }

    /** A private key as unencrypted PKCS#8; for Secrets and files only, never for logs. */
    public static String encodePrivateKey(PrivateKey key) {
        Objects.requireNonNull(key, "key");
        if (!"PKCS#8".equals(key.getFormat()) || key.getEncoded() == null) {
            throw new IllegalArgumentException("the private key cannot be exported as PKCS#8 (format " + key.getFormat() + ")");
        }
        return encode(PRIVATE_KEY, key.getEncoded());
    }

    /** Every {@code CERTIFICATE} block, in order; text outside blocks is ignored, other blocks are refused. */
    public static List<X509Certificate> decodeCertificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object block : readBlocks(pem)) {
            if (!(block instanceof X509CertificateHolder holder)) {
                throw new IllegalArgumentException("expected only CERTIFICATE blocks, found " + describe(block));
            }
            certificates.add(Certificates.parse(encoded(holder)));
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no PEM CERTIFICATE block found");
        }
        return List.copyOf(certificates);
    }

    /** Exactly one {@code CERTIFICATE} block. */
    public static X509Certificate decodeCertificate(String pem) {
        List<X509Certificate> certificates = decodeCertificates(pem);
        if (certificates.size() != 1) {
            throw new IllegalArgumentException("expected one certificate, found " + certificates.size());
        }
        return certificates.getFirst();
    }

    /**
     * Exactly one unencrypted private key: PKCS#8 {@code PRIVATE KEY}, or the traditional
     * {@code EC PRIVATE KEY} (an {@code EC PARAMETERS} block before it is allowed) or
     * {@code RSA PRIVATE KEY}.
     */
    public static PrivateKey decodePrivateKey(String pem) {
        List<PrivateKeyInfo> keys = new ArrayList<>();
        for (Object block : readBlocks(pem)) {
            switch (block) {
                case PrivateKeyInfo info -> keys.add(info);
                case PEMKeyPair pair -> keys.add(pair.getPrivateKeyInfo());
                // openssl ecparam -genkey writes the curve before the key; the key names it again.
                case ASN1ObjectIdentifier _ -> { }
                case PKCS8EncryptedPrivateKeyInfo _ ->
                        throw new IllegalArgumentException("the private key is encrypted; decrypt it first (openssl pkey -in KEY -out PLAIN)");
                case PEMEncryptedKeyPair _ ->
                        throw new IllegalArgumentException("the private key is encrypted; decrypt it first (openssl pkey -in KEY -out PLAIN)");
                default -> throw new IllegalArgumentException("expected a private key, found " + describe(block));
            }
        }
        if (keys.size() != 1) {
            throw new IllegalArgumentException("expected one private key, found " + keys.size());
        }
        try {
            return new JcaPEMKeyConverter().getPrivateKey(keys.getFirst());
        } catch (IOException e) {
            throw new IllegalArgumentException("the private key cannot be read: " + e.getMessage(), e);
        }
    }

    static String encode(String type, byte[] der) {
        String body = Base64.getMimeEncoder(LINE_LENGTH, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static List<Object> readBlocks(String pem) {
        Objects.requireNonNull(pem, "pem");
        List<Object> blocks = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                blocks.add(block);
            }
        } catch (IOException | RuntimeException e) {
            // PEMParser reports bad Base-64 and bad DER as assorted runtime exceptions.
            throw new IllegalArgumentException("malformed PEM: " + e.getMessage(), e);
        }
        return blocks;
    }

    private static byte[] encoded(X509CertificateHolder holder) {
        try {
            return holder.getEncoded();
        } catch (IOException e) {
            throw new IllegalArgumentException("the certificate cannot be encoded", e);
        }
    }

    private static String describe(Object block) {
        return switch (block) {
            case X509CertificateHolder _ -> "a certificate";
            case PrivateKeyInfo _ -> "a private key";
            case PEMKeyPair _ -> "a private key";
            default -> "a " + block.getClass().getSimpleName();
        };
    }
}
