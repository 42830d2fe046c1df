package io.vpngw.gateway.sstp;

import io.vpngw.gateway.crypto.ConstantTime;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The crypto binding of [MS-SSTP] 3.2.5.2: it binds the PPP authentication to the outer TLS, so a
 * man in the middle cannot relay PPP authenticated elsewhere into this tunnel.
 *
 * <pre>
 *   HLAK = 32 bytes from the PPP authentication (EAP-TLS: the first 32 bytes of the MSK;
 *          no authentication keys: 32 zero bytes)
 *   CMK  = HMAC-H(HLAK, "SSTP inner method derived CMK" | LEN | 0x01)   LEN = H's length, 16-bit little-endian
 *   MAC  = HMAC-H(CMK, the 112-byte Call Connected message with the Compound MAC field zeroed)
 * </pre>
 * where H is SHA-1 or SHA-256; the 20-byte SHA-1 values are padded with zeros to 32.
 */
public final class CompoundMac {
    public static final int HLAK_LENGTH = 32;
    static final byte[] CMK_SEED = "SSTP inner method derived CMK".getBytes(StandardCharsets.US_ASCII);

    private CompoundMac() {}

    /** The HLAK from an authentication's key: its first 32 bytes, zero-padded when shorter. */
    public static byte[] hlak(byte[] authenticationKey) {
        return Arrays.copyOf(authenticationKey, HLAK_LENGTH);
    }

    /** The Compound MAC Key from the HLAK. */
    public static byte[] cmk(HashProtocol hash, byte[] hlak) {
        byte[] seed = Arrays.copyOf(CMK_SEED, CMK_SEED.length + 3);
        seed[CMK_SEED.length] = (byte) hash.length();
        seed[CMK_SEED.length + 1] = (byte) (hash.length() >>> 8);
        seed[CMK_SEED.length + 2] = 0x01;
        return hmac(hash, hlak, seed);
    }

    /**
     * The Crypto Binding attribute a client sends: the server's nonce, the hash of the server's
     * certificate (DER) as the client received it, and the Compound MAC over the message.
     */
    public static SstpAttribute.CryptoBinding bind(HashProtocol hash, byte[] nonce, byte[] serverCertificateDer, byte[] hlak) {
        SstpAttribute.CryptoBinding unsigned = new SstpAttribute.CryptoBinding(hash.bit(), nonce,
                hash.paddedHash(serverCertificateDer), new byte[SstpAttribute.CryptoBinding.FIELD_LENGTH]);
        return unsigned.withCompoundMac(mac(hash, hlak, unsigned));
    }

    /** The Compound MAC a binding must carry, zero-padded to 32 bytes. */
    public static byte[] mac(HashProtocol hash, byte[] hlak, SstpAttribute.CryptoBinding binding) {
        byte[] zeroed = SstpCodec.encode(new SstpPacket.Control(SstpMessageType.CALL_CONNECTED,
                binding.withCompoundMac(new byte[SstpAttribute.CryptoBinding.FIELD_LENGTH])));
        return Arrays.copyOf(hmac(hash, cmk(hash, hlak), zeroed), SstpAttribute.CryptoBinding.FIELD_LENGTH);
    }

    /** Whether the binding's Compound MAC is the one the HLAK gives, compared in constant time. */
    public static boolean verifies(HashProtocol hash, byte[] hlak, SstpAttribute.CryptoBinding binding) {
        byte[] expected = mac(hash, hlak, binding);
        return ConstantTime.equals(expected, 0, binding.compoundMac(), 0, expected.length);
    }

    private static byte[] hmac(HashProtocol hash, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(hash.hmacAlgorithm());
            mac.init(new SecretKeySpec(key, hash.hmacAlgorithm()));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hash.hmacAlgorithm() + " is missing from this JDK", e);
        }
    }
}
