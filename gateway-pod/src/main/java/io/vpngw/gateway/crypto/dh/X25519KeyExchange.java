package io.vpngw.gateway.crypto.dh;

import io.vpngw.gateway.crypto.DiffieHellmanGroup;
import io.vpngw.gateway.crypto.JceEngines;
import io.vpngw.gateway.crypto.SecretBytes;
import io.vpngw.gateway.crypto.dh.InvalidPeerPublicValueException.Reason;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/** X25519 (RFC 7748) as IKEv2 group 31 (RFC 8031): 32-byte little-endian u-coordinates. */
final class X25519KeyExchange implements KeyExchange {

    private static final int LENGTH = 32;
    private static final BigInteger FIELD_PRIME = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

    private final PrivateKey privateKey;
    private final byte[] publicValue;

    private X25519KeyExchange(PrivateKey privateKey, byte[] publicValue) {
        this.privateKey = privateKey;
        this.publicValue = publicValue;
    }

    static X25519KeyExchange generate(SecureRandom random) {
        KeyPairGenerator generator = JceEngines.keyPairGenerator("X25519");
        try {
            generator.initialize(NamedParameterSpec.X25519, random);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks X25519", e);
        }
        KeyPair pair = generator.generateKeyPair();
        return new X25519KeyExchange(pair.getPrivate(), encodeU(((XECPublicKey) pair.getPublic()).getU()));
    }

    /**
     * Rebuilds an exchange from a 32-byte scalar as RFC 7748 writes it (clamping is applied inside
     * the JDK); the public value is X25519(k, 9). For known-answer tests.
     */
    static X25519KeyExchange fromPrivateScalar(byte[] scalar) {
        if (scalar.length != LENGTH) {
            throw new IllegalArgumentException("X25519 scalars are 32 bytes");
        }
        try {
            PrivateKey key = JceEngines.keyFactory("XDH").generatePrivate(
                    new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar.clone()));
            byte[] basePoint = new byte[LENGTH];
            basePoint[0] = 9;
            return new X25519KeyExchange(key, multiply(key, basePoint));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK refused an X25519 private key", e);
        }
    }

    @Override
    public DiffieHellmanGroup group() {
        return DiffieHellmanGroup.CURVE25519;
    }

    @Override
    public byte[] publicValue() {
        return publicValue.clone();
    }

    @Override
    public SecretBytes sharedSecret(byte[] peerPublicValue) throws InvalidPeerPublicValueException {
        if (peerPublicValue.length != LENGTH) {
            throw new InvalidPeerPublicValueException(group(), Reason.WRONG_LENGTH,
                    peerPublicValue.length + " bytes, expected " + LENGTH);
        }
        byte[] secret;
        try {
            secret = multiply(privateKey, peerPublicValue);
        } catch (InvalidKeyException e) {
            throw new InvalidPeerPublicValueException(group(), Reason.LOW_ORDER_POINT, "rejected by the JDK", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK failed an X25519 agreement", e);
        }
        // RFC 8031 §2.1 / RFC 7748 §6.1: an all-zero output means a small-order peer value.
        if (isAllZero(secret)) {
            throw new InvalidPeerPublicValueException(group(), Reason.LOW_ORDER_POINT, "all-zero shared secret");
        }
        return SecretBytes.adopt(secret);
    }

    private static byte[] multiply(PrivateKey privateKey, byte[] uCoordinate) throws GeneralSecurityException {
        PublicKey peer = JceEngines.keyFactory("XDH").generatePublic(
                new XECPublicKeySpec(NamedParameterSpec.X25519, decodeU(uCoordinate)));
        KeyAgreement agreement = JceEngines.keyAgreement("XDH");
        agreement.init(privateKey);
        agreement.doPhase(peer, true);
        return agreement.generateSecret();
    }

    /**
     * RFC 7748 §5: little-endian, the unused top bit of the last byte masked off, and values from p
     * to 2^255 - 1 accepted and reduced rather than refused.
     */
    private static BigInteger decodeU(byte[] littleEndian) {
        byte[] bigEndian = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            bigEndian[i] = littleEndian[LENGTH - 1 - i];
        }
        bigEndian[0] &= 0x7f;
        return new BigInteger(1, bigEndian).mod(FIELD_PRIME);
    }

    private static byte[] encodeU(BigInteger u) {
        byte[] magnitude = u.toByteArray();
        byte[] littleEndian = new byte[LENGTH];
        for (int i = 0; i < LENGTH && i < magnitude.length; i++) {
            littleEndian[i] = magnitude[magnitude.length - 1 - i];
        }
        return littleEndian;
    }

    private static boolean isAllZero(byte[] value) {
        int accumulated = 0;
        for (byte b : value) {
            accumulated |= b;
        }
        return accumulated == 0;
    }
}
