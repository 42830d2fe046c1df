package io.vpngw.operator.pki;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAKey;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** What a key is and how to sign with it, for keys we make and keys users bring. */
final class Keys {
    private static final byte[] PAIRING_PROBE = "vpngw key pairing probe".getBytes(StandardCharsets.US_ASCII);

    private Keys() {
    }

    /** The named curve of an EC key, from its SubjectPublicKeyInfo; empty for other keys or explicit parameters. */
    static Optional<ASN1ObjectIdentifier> namedCurve(PublicKey key) {
        if (!"EC".equals(key.getAlgorithm())) {
            return Optional.empty();
        }
        var algorithm = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getAlgorithm();
        return algorithm.getParameters() instanceof ASN1ObjectIdentifier curve ? Optional.of(curve) : Optional.empty();
    }

    /** For messages: "EC secp256r1", "RSA 3072". */
    static String describe(PublicKey key) {
        if (key instanceof RSAKey rsa) {
            return "RSA " + rsa.getModulus().bitLength();
        }
        return namedCurve(key).map(curve -> "EC " + curveName(curve)).orElse(key.getAlgorithm());
    }

    /**
     * The signature algorithm a CA key signs with: SHA-2 sized to the key, as CA/Browser and
     * Microsoft require; SHA-1 and small RSA keys are refused because current clients refuse them.
     */
    static String signatureAlgorithmFor(PublicKey signerKey) {
        if (signerKey instanceof RSAKey rsa) {
            if (rsa.getModulus().bitLength() < 2048) {
                throw new IllegalArgumentException("RSA keys under 2048 bits are too weak to sign with: " + describe(signerKey));
            }
            return "SHA256withRSA";
        }
        ASN1ObjectIdentifier curve = namedCurve(signerKey)
                .orElseThrow(() -> new IllegalArgumentException("cannot sign with a " + describe(signerKey) + " key; use ECDSA or RSA"));
        if (curve.equals(X9ObjectIdentifiers.prime256v1)) {
            return "SHA256withECDSA";
        } else if (curve.equals(SECObjectIdentifiers.secp384r1)) {
            return "SHA384withECDSA";
        } else if (curve.equals(SECObjectIdentifiers.secp521r1)) {
            return "SHA512withECDSA";
        }
        throw new IllegalArgumentException("cannot sign with an EC key on curve " + curveName(curve) + "; use P-256, P-384 or P-521");
    }

    /**
     * Refuses a private key that does not belong to the public key: a mismatch would otherwise only
     * show as failed handshakes on the gateway.
     */
    static void requireSamePair(PrivateKey privateKey, PublicKey publicKey) {
        if (!privateKey.getAlgorithm().equals(publicKey.getAlgorithm())) {
            throw new IllegalArgumentException("the private key is " + privateKey.getAlgorithm()
                    + " but the certificate's key is " + describe(publicKey));
        }
        String probeAlgorithm = switch (publicKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> throw new IllegalArgumentException("unsupported key type " + publicKey.getAlgorithm() + "; use ECDSA or RSA");
        };
        try {
            Signature signer = Signature.getInstance(probeAlgorithm);
            signer.initSign(privateKey);
            signer.update(PAIRING_PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(probeAlgorithm);
            verifier.initVerify(publicKey);
            verifier.update(PAIRING_PROBE);
            if (!verifier.verify(signature)) {
                throw new IllegalArgumentException("the private key does not belong to the certificate (" + describe(publicKey) + ")");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the private key does not belong to the certificate (" + describe(publicKey) + ")", e);
        }
    }

    private static String curveName(ASN1ObjectIdentifier curve) {
        if (curve.equals(X9ObjectIdentifiers.prime256v1)) {
            return "secp256r1";
        } else if (curve.equals(SECObjectIdentifiers.secp384r1)) {
            return "secp384r1";
        } else if (curve.equals(SECObjectIdentifiers.secp521r1)) {
            return "secp521r1";
        }
        return curve.getId();
    }
}
