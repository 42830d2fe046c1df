package io.vpngw.gateway.crypto.dh;

import io.vpngw.gateway.crypto.DiffieHellmanGroup;
import io.vpngw.gateway.crypto.JceEngines;
import io.vpngw.gateway.crypto.SecretBytes;
import io.vpngw.gateway.crypto.dh.InvalidPeerPublicValueException.Reason;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.KeyAgreement;
import javax.crypto.interfaces.DHPublicKey;
import javax.crypto.spec.DHParameterSpec;
import javax.crypto.spec.DHPrivateKeySpec;
import javax.crypto.spec.DHPublicKeySpec;

/** Finite-field Diffie-Hellman over the MODP groups 2, 14 and 24, on the JDK's "DH" provider. */
final class ModpKeyExchange implements KeyExchange {

    private final DiffieHellmanGroup group;
    private final ModpGroupParameters parameters;
    private final PrivateKey privateKey;
    private final BigInteger publicValue;

    private ModpKeyExchange(DiffieHellmanGroup group, PrivateKey privateKey, BigInteger publicValue) {
        this.group = group;
        this.parameters = ModpGroupParameters.of(group);
        this.privateKey = privateKey;
        this.publicValue = publicValue;
    }

    static ModpKeyExchange generate(DiffieHellmanGroup group, SecureRandom random) {
        ModpGroupParameters parameters = ModpGroupParameters.of(group);
        if (!parameters.safePrime()) {
            // The JDK draws exponents by bit length; in a subgroup of prime order q the exponent
            // must be uniform in [1, q-1] instead.
            return fromPrivateExponent(group, uniformExponent(parameters.subgroupOrder(), random));
        }
        KeyPairGenerator generator = JceEngines.keyPairGenerator("DH");
        try {
            generator.initialize(new DHParameterSpec(parameters.prime(), parameters.generator()), random);
        } catch (InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("JDK refused the " + group + " parameters", e);
        }
        KeyPair pair = generator.generateKeyPair();
        return new ModpKeyExchange(group, pair.getPrivate(), ((DHPublicKey) pair.getPublic()).getY());
    }

    /** Rebuilds an exchange from a known private exponent; for known-answer tests. */
    static ModpKeyExchange fromPrivateExponent(DiffieHellmanGroup group, BigInteger exponent) {
        ModpGroupParameters parameters = ModpGroupParameters.of(group);
        try {
            PrivateKey key = JceEngines.keyFactory("DH").generatePrivate(
                    new DHPrivateKeySpec(exponent, parameters.prime(), parameters.generator()));
            return new ModpKeyExchange(group, key, parameters.generator().modPow(exponent, parameters.prime()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK refused a DH private key", e);
        }
    }

    @Override
    public DiffieHellmanGroup group() {
        return group;
    }

    @Override
    public byte[] publicValue() {
        return toFixedLength(publicValue, parameters.length());
    }

    @Override
    public SecretBytes sharedSecret(byte[] peerPublicValue) throws InvalidPeerPublicValueException {
        if (peerPublicValue.length != parameters.length()) {
            throw new InvalidPeerPublicValueException(group, Reason.WRONG_LENGTH,
                    peerPublicValue.length + " bytes, expected " + parameters.length());
        }
        BigInteger y = new BigInteger(1, peerPublicValue);
        BigInteger p = parameters.prime();
        if (y.compareTo(BigInteger.TWO) < 0 || y.compareTo(p.subtract(BigInteger.TWO)) > 0) {
            throw new InvalidPeerPublicValueException(group, Reason.OUT_OF_RANGE, "not in [2, p-2]");
        }
        if (!parameters.safePrime() && !y.modPow(parameters.subgroupOrder(), p).equals(BigInteger.ONE)) {
            throw new InvalidPeerPublicValueException(group, Reason.NOT_IN_PRIME_ORDER_SUBGROUP, "y^q != 1 mod p");
        }
        byte[] secret;
        try {
            PublicKey peerKey = JceEngines.keyFactory("DH").generatePublic(
                    new DHPublicKeySpec(y, p, parameters.generator()));
            KeyAgreement agreement = JceEngines.keyAgreement("DH");
            agreement.init(privateKey);
            agreement.doPhase(peerKey, true);
            secret = agreement.generateSecret();
        } catch (InvalidKeyException e) {
            throw new InvalidPeerPublicValueException(group, Reason.OUT_OF_RANGE, "rejected by the JDK", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK failed a DH agreement on validated input", e);
        }
        return SecretBytes.adopt(leftPad(secret, parameters.length()));
    }

    private static BigInteger uniformExponent(BigInteger order, SecureRandom random) {
        BigInteger exponent;
        do {
            exponent = new BigInteger(order.bitLength(), random);
        } while (exponent.signum() == 0 || exponent.compareTo(order) >= 0);
        return exponent;
    }

    private static byte[] toFixedLength(BigInteger value, int length) {
        byte[] magnitude = value.toByteArray();
        if (magnitude.length == length) {
            return magnitude;
        }
        if (magnitude.length > length) {
            // BigInteger adds a sign byte when the top bit is set.
            return Arrays.copyOfRange(magnitude, magnitude.length - length, magnitude.length);
        }
        return leftPad(magnitude, length);
    }

    /** g^ir is used padded to the modulus length (RFC 7296 §2.14); wipes the unpadded input. */
    private static byte[] leftPad(byte[] value, int length) {
        if (value.length == length) {
            return value;
        }
        byte[] padded = new byte[length];
        System.arraycopy(value, 0, padded, length - value.length, value.length);
        Arrays.fill(value, (byte) 0);
        return padded;
    }
}
