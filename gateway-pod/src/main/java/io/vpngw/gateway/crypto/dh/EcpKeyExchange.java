package io.vpngw.gateway.crypto.dh;

import io.vpngw.gateway.crypto.DiffieHellmanGroup;
import io.vpngw.gateway.crypto.JceEngines;
import io.vpngw.gateway.crypto.SecretBytes;
import io.vpngw.gateway.crypto.dh.InvalidPeerPublicValueException.Reason;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/**
 * ECDH over the NIST prime curves P-256 and P-384 as IKEv2 uses them (RFC 5903): KE data is the
 * bare x || y, without the 0x04 point-format prefix, and g^ir is the x coordinate of the product.
 */
final class EcpKeyExchange implements KeyExchange {

    private final DiffieHellmanGroup group;
    private final ECParameterSpec curve;
    private final PrivateKey privateKey;
    private final byte[] publicValue;

    private EcpKeyExchange(DiffieHellmanGroup group, ECParameterSpec curve, PrivateKey privateKey, byte[] publicValue) {
        this.group = group;
        this.curve = curve;
        this.privateKey = privateKey;
        this.publicValue = publicValue;
    }

    static EcpKeyExchange generate(DiffieHellmanGroup group, SecureRandom random) {
        KeyPairGenerator generator = JceEngines.keyPairGenerator("EC");
        try {
            generator.initialize(new ECGenParameterSpec(curveName(group)), random);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks curve " + curveName(group), e);
        }
        KeyPair pair = generator.generateKeyPair();
        ECPublicKey publicKey = (ECPublicKey) pair.getPublic();
        return new EcpKeyExchange(group, publicKey.getParams(), pair.getPrivate(),
                encode(publicKey.getW(), coordinateLength(group)));
    }

    /** Rebuilds an exchange from a known private scalar and its public value; for known-answer tests. */
    static EcpKeyExchange fromKeyPair(DiffieHellmanGroup group, BigInteger privateScalar, byte[] publicValue) {
        ECParameterSpec curve = curveParameters(group);
        try {
            PrivateKey key = JceEngines.keyFactory("EC").generatePrivate(new ECPrivateKeySpec(privateScalar, curve));
            return new EcpKeyExchange(group, curve, key, publicValue.clone());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK refused an EC private key", e);
        }
    }

    @Override
    public DiffieHellmanGroup group() {
        return group;
    }

    @Override
    public byte[] publicValue() {
        return publicValue.clone();
    }

    @Override
    public SecretBytes sharedSecret(byte[] peerPublicValue) throws InvalidPeerPublicValueException {
        int coordinate = coordinateLength(group);
        if (peerPublicValue.length != 2 * coordinate) {
            throw new InvalidPeerPublicValueException(group, Reason.WRONG_LENGTH,
                    peerPublicValue.length + " bytes, expected " + 2 * coordinate);
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(peerPublicValue, 0, coordinate));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(peerPublicValue, coordinate, 2 * coordinate));
        checkOnCurve(x, y);
        byte[] secret;
        try {
            PublicKey peerKey = JceEngines.keyFactory("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), curve));
            KeyAgreement agreement = JceEngines.keyAgreement("ECDH");
            agreement.init(privateKey);
            agreement.doPhase(peerKey, true);
            secret = agreement.generateSecret();
        } catch (InvalidKeyException e) {
            throw new InvalidPeerPublicValueException(group, Reason.NOT_ON_CURVE, "rejected by the JDK", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK failed an ECDH agreement on a validated point", e);
        }
        if (secret.length != coordinate) {
            throw new IllegalStateException("ECDH secret of " + secret.length + " bytes for " + group);
        }
        return SecretBytes.adopt(secret);
    }

    /**
     * RFC 6989 §2.3 and RFC 7296 §5.12: both coordinates are field elements and the point satisfies
     * y^2 = x^3 + ax + b. The curves have cofactor 1, so any such point has prime order; the point
     * at infinity has no x || y encoding.
     */
    private void checkOnCurve(BigInteger x, BigInteger y) throws InvalidPeerPublicValueException {
        EllipticCurve ellipticCurve = curve.getCurve();
        BigInteger p = ((ECFieldFp) ellipticCurve.getField()).getP();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            throw new InvalidPeerPublicValueException(group, Reason.OUT_OF_RANGE, "coordinate not below p");
        }
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.multiply(x).add(ellipticCurve.getA()).multiply(x).add(ellipticCurve.getB()).mod(p);
        if (!left.equals(right)) {
            throw new InvalidPeerPublicValueException(group, Reason.NOT_ON_CURVE, "y^2 != x^3 + ax + b");
        }
    }

    private static ECParameterSpec curveParameters(DiffieHellmanGroup group) {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(curveName(group)));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks curve " + curveName(group), e);
        }
    }

    private static String curveName(DiffieHellmanGroup group) {
        return switch (group) {
            case ECP_256 -> "secp256r1";
            case ECP_384 -> "secp384r1";
            case MODP_1024, MODP_2048, MODP_2048_256, CURVE25519 ->
                    throw new IllegalArgumentException(group + " is not an ECP group");
        };
    }

    private static int coordinateLength(DiffieHellmanGroup group) {
        return group.publicValueLength() / 2;
    }

    private static byte[] encode(ECPoint point, int coordinateLength) {
        byte[] encoded = new byte[2 * coordinateLength];
        writeFixed(point.getAffineX(), encoded, 0, coordinateLength);
        writeFixed(point.getAffineY(), encoded, coordinateLength, coordinateLength);
        return encoded;
    }

    private static void writeFixed(BigInteger value, byte[] destination, int offset, int length) {
        byte[] magnitude = value.toByteArray();
        int significant = Math.min(magnitude.length, length);
        System.arraycopy(magnitude, magnitude.length - significant, destination, offset + length - significant, significant);
    }
}
