package io.vpngw.operator.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The key types the operator generates. ECDSA P-256 is the default: small, fast, and accepted by
 * the IKEv2 and SSTP clients in use (Windows, macOS, iOS, Android, strongSwan). RSA 3072 is for
 * peers that still cannot do ECDSA.
 */
public enum KeyAlgorithm {
    EC_P256,
    RSA_3072;

    private static final int RSA_BITS = 3072;

    /** The default for new keys. */
    public static KeyAlgorithm defaultAlgorithm() {
        return EC_P256;
    }

    /** A fresh key pair drawn from {@code random}. */
    public KeyPair generateKeyPair(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        try {
            return switch (this) {
                case EC_P256 -> {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec("secp256r1"), random);
                    yield generator.generateKeyPair();
                }
                case RSA_3072 -> {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(new RSAKeyGenParameterSpec(RSA_BITS, RSAKeyGenParameterSpec.F4), random);
                    yield generator.generateKeyPair();
                }
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate " + this + " keys", e);
        }
    }

    /** Which of these a public key is; empty for any other type or size (a CA a user brought, say). */
    public static Optional<KeyAlgorithm> of(PublicKey key) {
        Objects.requireNonNull(key, "key");
        if (key instanceof RSAKey rsa) {
            return rsa.getModulus().bitLength() == RSA_BITS ? Optional.of(RSA_3072) : Optional.empty();
        }
        return Keys.namedCurve(key).filter(X9ObjectIdentifiers.prime256v1::equals).map(curve -> EC_P256);
    }
}
