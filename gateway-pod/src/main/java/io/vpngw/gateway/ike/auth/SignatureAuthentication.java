package io.vpngw.gateway.ike.auth;

import io.vpngw.gateway.crypto.PrfAlgorithm;
import io.vpngw.gateway.crypto.SecretBytes;
import io.vpngw.gateway.crypto.kdf.Prf;
import io.vpngw.gateway.ike.message.AuthMethod;
import io.vpngw.gateway.ike.message.AuthenticationPayload;
import io.vpngw.gateway.ike.message.NotifyPayload;
import io.vpngw.gateway.ike.message.NotifyType;
import io.vpngw.gateway.ike.message.Octets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Certificate (public-key signature) authentication of IKEv2.
 *
 * <p>The signed octets are those of RFC 7296 §2.15: {@code RealMessage | Nonce | prf(SK_p, IDx')}
 * (the party's own IKE_SA_INIT message, the other party's nonce, the PRF of the party's ID payload
 * body). Three AUTH methods are understood:
 * <ul>
 *   <li>1, RSA digital signature: RSASSA-PKCS1-v1_5 with SHA-1 (RFC 7296 §3.8);</li>
 *   <li>9, 10, 11: ECDSA with SHA-256/P-256, SHA-384/P-384, SHA-512/P-521, the signature as the
 *       fixed-length concatenation r | s (RFC 4754);</li>
 *   <li>14, digital signature (RFC 7427): a one-octet length, the DER AlgorithmIdentifier, then the
 *       signature; RSASSA-PKCS1-v1_5 and ECDSA (DER Ecdsa-Sig-Value) with SHA-256/384/512.
 *       RSASSA-PSS is not understood (strongSwan only uses it with {@code rsa_pss = yes}).</li>
 * </ul>
 */
public final class SignatureAuthentication {

    /** RFC 7427 hash algorithm identifiers of the SIGNATURE_HASH_ALGORITHMS notify. */
    public static final int HASH_SHA1 = 1;
    public static final int HASH_SHA2_256 = 2;
    public static final int HASH_SHA2_384 = 3;
    public static final int HASH_SHA2_512 = 4;

    private static final HexFormat HEX = HexFormat.of();

    /** An RFC 7427 signature algorithm: its DER AlgorithmIdentifier and the JCA name that computes it. */
    private record Algorithm(String name, byte[] identifier, String jca, String keyAlgorithm, int hash) {}

    /** The AlgorithmIdentifiers of RFC 7427 Appendix A that we sign and verify with. */
    private static final List<Algorithm> ALGORITHMS = List.of(
            new Algorithm("sha256WithRSAEncryption", HEX.parseHex("300d06092a864886f70d01010b0500"),
                    "SHA256withRSA", "RSA", HASH_SHA2_256),
            new Algorithm("sha384WithRSAEncryption", HEX.parseHex("300d06092a864886f70d01010c0500"),
                    "SHA384withRSA", "RSA", HASH_SHA2_384),
            new Algorithm("sha512WithRSAEncryption", HEX.parseHex("300d06092a864886f70d01010d0500"),
                    "SHA512withRSA", "RSA", HASH_SHA2_512),
            new Algorithm("ecdsa-with-SHA256", HEX.parseHex("300a06082a8648ce3d040302"),
                    "SHA256withECDSA", "EC", HASH_SHA2_256),
            new Algorithm("ecdsa-with-SHA384", HEX.parseHex("300a06082a8648ce3d040303"),
                    "SHA384withECDSA", "EC", HASH_SHA2_384),
            new Algorithm("ecdsa-with-SHA512", HEX.parseHex("300a06082a8648ce3d040304"),
                    "SHA512withECDSA", "EC", HASH_SHA2_512));

    private SignatureAuthentication() {
    }

    /**
     * The octets a party signs (RFC 7296 §2.15).
     *
     * @param realMessage the party's own IKE_SA_INIT message as sent
     * @param peerNonce   the other party's nonce data
     * @param skP         SK_pi for the initiator, SK_pr for the responder
     * @param idBody      the party's ID payload body (type, reserved octets, data)
     */
    public static byte[] signedOctets(PrfAlgorithm prf, byte[] realMessage, byte[] peerNonce, SecretBytes skP,
                                      byte[] idBody) {
        byte[] macedId = new Prf(prf).compute(skP, idBody);
        byte[] octets = new byte[realMessage.length + peerNonce.length + macedId.length];
        System.arraycopy(realMessage, 0, octets, 0, realMessage.length);
        System.arraycopy(peerNonce, 0, octets, realMessage.length, peerNonce.length);
        System.arraycopy(macedId, 0, octets, realMessage.length + peerNonce.length, macedId.length);
        return octets;
    }

    /** The SIGNATURE_HASH_ALGORITHMS notify we send (RFC 7427 §4): SHA-256, SHA-384, SHA-512. */
    public static NotifyPayload hashAlgorithmsNotify() {
        return NotifyPayload.of(NotifyType.SIGNATURE_HASH_ALGORITHMS,
                Octets.copyOf(new byte[] {0, HASH_SHA2_256, 0, HASH_SHA2_384, 0, HASH_SHA2_512}));
    }

    /** Whether a SIGNATURE_HASH_ALGORITHMS notify's data lists SHA-256. */
    public static boolean offersSha256(Octets notifyData) {
        byte[] data = notifyData.toByteArray();
        for (int i = 0; i + 1 < data.length; i += 2) {
            if (((data[i] & 0xFF) << 8 | (data[i + 1] & 0xFF)) == HASH_SHA2_256) {
                return true;
            }
        }
        return false;
    }

    /**
     * Signs {@code octets} with our key.
     *
     * @param digitalSignature whether the peer announced SHA-256 in SIGNATURE_HASH_ALGORITHMS: then
     *                         method 14 with SHA-256, otherwise the classic method of the key
     *                         (1 for RSA, 9/10/11 by curve for ECDSA)
     */
    public static AuthenticationPayload sign(PrivateKey key, byte[] octets, boolean digitalSignature) {
        try {
            if (digitalSignature) {
                Algorithm algorithm = ALGORITHMS.stream()
                        .filter(a -> a.keyAlgorithm().equals(keyAlgorithm(key)) && a.hash() == HASH_SHA2_256)
                        .findFirst().orElseThrow(() -> new IllegalArgumentException("cannot sign with a "
                                + key.getAlgorithm() + " key"));
                byte[] signature = compute(algorithm.jca(), key, octets);
                byte[] data = new byte[1 + algorithm.identifier().length + signature.length];
                data[0] = (byte) algorithm.identifier().length;
                System.arraycopy(algorithm.identifier(), 0, data, 1, algorithm.identifier().length);
                System.arraycopy(signature, 0, data, 1 + algorithm.identifier().length, signature.length);
                return new AuthenticationPayload(AuthMethod.DIGITAL_SIGNATURE, Octets.copyOf(data));
            }
            if (key instanceof RSAKey) {
                return new AuthenticationPayload(AuthMethod.RSA_DIGITAL_SIGNATURE,
                        Octets.copyOf(compute("SHA1withRSA", key, octets)));
            }
            if (key instanceof ECKey ec) {
                AuthMethod method = ecdsaMethod(ec).orElseThrow(() -> new IllegalArgumentException(
                        "no RFC 4754 method for a " + ec.getParams().getCurve().getField().getFieldSize() + "-bit curve"));
                return new AuthenticationPayload(method, Octets.copyOf(compute(ecdsaP1363(method), key, octets)));
            }
            throw new IllegalArgumentException("cannot sign with a " + key.getAlgorithm() + " key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing the AUTH payload failed", e);
        }
    }

    /**
     * Whether {@code auth} is a valid signature of {@code octets} by the holder of {@code key}.
     * Methods other than 1, 9–11 and 14, unknown RFC 7427 algorithms, and algorithms that do not fit
     * the key are refused.
     */
    public static boolean verify(AuthenticationPayload auth, PublicKey key, byte[] octets) {
        byte[] data = auth.data().toByteArray();
        try {
            AuthMethod method = auth.method();
            if (method.equals(AuthMethod.RSA_DIGITAL_SIGNATURE)) {
                return key instanceof RSAKey && check("SHA1withRSA", key, octets, data);
            }
            if (method.equals(AuthMethod.ECDSA_SHA256_P256) || method.equals(AuthMethod.ECDSA_SHA384_P384)
                    || method.equals(AuthMethod.ECDSA_SHA512_P521)) {
                return key instanceof ECKey ec && ecdsaMethod(ec).equals(Optional.of(method))
                        && check(ecdsaP1363(method), key, octets, data);
            }
            if (method.equals(AuthMethod.DIGITAL_SIGNATURE)) {
                if (data.length < 1 || data.length < 1 + (data[0] & 0xFF)) {
                    return false;
                }
                int length = data[0] & 0xFF;
                byte[] identifier = Arrays.copyOfRange(data, 1, 1 + length);
                byte[] signature = Arrays.copyOfRange(data, 1 + length, data.length);
                Optional<Algorithm> algorithm = ALGORITHMS.stream()
                        .filter(a -> Arrays.equals(a.identifier(), identifier)).findFirst();
                return algorithm.isPresent() && algorithm.get().keyAlgorithm().equals(keyAlgorithm(key))
                        && check(algorithm.get().jca(), key, octets, signature);
            }
            return false;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false; // a malformed signature or key is a failed authentication
        }
    }

    /** The RFC 7427 algorithm name an AUTH payload of method 14 carries, for logs; empty otherwise. */
    public static Optional<String> algorithmName(AuthenticationPayload auth) {
        byte[] data = auth.data().toByteArray();
        if (!auth.method().equals(AuthMethod.DIGITAL_SIGNATURE) || data.length < 1 || data.length < 1 + (data[0] & 0xFF)) {
            return Optional.empty();
        }
        byte[] identifier = Arrays.copyOfRange(data, 1, 1 + (data[0] & 0xFF));
        return ALGORITHMS.stream().filter(a -> Arrays.equals(a.identifier(), identifier)).map(Algorithm::name).findFirst();
    }

    private static String keyAlgorithm(java.security.Key key) {
        return key instanceof RSAKey ? "RSA" : key instanceof ECKey ? "EC" : key.getAlgorithm();
    }

    private static Optional<AuthMethod> ecdsaMethod(ECKey key) {
        return switch (key.getParams().getCurve().getField().getFieldSize()) {
            case 256 -> Optional.of(AuthMethod.ECDSA_SHA256_P256);
            case 384 -> Optional.of(AuthMethod.ECDSA_SHA384_P384);
            case 521 -> Optional.of(AuthMethod.ECDSA_SHA512_P521);
            default -> Optional.empty();
        };
    }

    private static String ecdsaP1363(AuthMethod method) {
        if (method.equals(AuthMethod.ECDSA_SHA256_P256)) {
            return "SHA256withECDSAinP1363Format";
        }
        if (method.equals(AuthMethod.ECDSA_SHA384_P384)) {
            return "SHA384withECDSAinP1363Format";
        }
        return "SHA512withECDSAinP1363Format";
    }

    private static byte[] compute(String algorithm, PrivateKey key, byte[] octets) throws GeneralSecurityException {
        Signature signature = Signature.getInstance(algorithm);
        signature.initSign(key);
        signature.update(octets);
        return signature.sign();
    }

    private static boolean check(String algorithm, PublicKey key, byte[] octets, byte[] value)
            throws GeneralSecurityException {
        Signature signature = Signature.getInstance(algorithm);
        signature.initVerify(key);
        signature.update(octets);
        return signature.verify(value);
    }
}
