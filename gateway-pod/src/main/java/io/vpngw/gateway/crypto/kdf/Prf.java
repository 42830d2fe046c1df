package io.vpngw.gateway.crypto.kdf;

import io.vpngw.gateway.crypto.JceEngines;
import io.vpngw.gateway.crypto.PrfAlgorithm;
import io.vpngw.gateway.crypto.SecretBytes;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * The negotiated IKEv2 pseudorandom function and its prf+ expansion (RFC 7296 §2.13). Stateless and
 * thread-safe: each call takes a fresh {@link Mac}, which is cheap next to the rest of an IKE
 * exchange.
 */
public final class Prf {

    /** prf+ numbers its blocks with one octet, 0x01 to 0xff (RFC 7296 §2.13). */
    private static final int MAX_PRF_PLUS_BLOCKS = 255;

    private final PrfAlgorithm algorithm;

    public Prf(PrfAlgorithm algorithm) {
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    }

    public PrfAlgorithm algorithm() {
        return algorithm;
    }

    public int outputLength() {
        return algorithm.outputLength();
    }

    /** The most bytes prf+ can produce with this PRF. */
    public int maxExpansionLength() {
        return MAX_PRF_PLUS_BLOCKS * algorithm.outputLength();
    }

    /** prf(key, data[0] | data[1] | ...) with a key that is not secret on its own, such as Ni | Nr. */
    public byte[] compute(byte[] key, byte[]... data) {
        return compute(new SecretKeySpec(requireNonEmpty(key), JceEngines.hmacName(algorithm)), data);
    }

    /** prf(key, data[0] | data[1] | ...). */
    public byte[] compute(SecretBytes key, byte[]... data) {
        requireNonEmpty(key);
        return compute(key.toKeySpec(JceEngines.hmacName(algorithm)), data);
    }

    /**
     * prf+(key, seed) truncated to {@code length} bytes:
     * T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n).
     *
     * @throws IllegalArgumentException if {@code length} exceeds {@link #maxExpansionLength()}
     */
    public SecretBytes expand(SecretBytes key, byte[] seed, int length) {
        requireNonEmpty(key);
        if (length < 0 || length > maxExpansionLength()) {
            throw new IllegalArgumentException("prf+ of " + algorithm + " yields 0 to "
                    + maxExpansionLength() + " bytes, not " + length);
        }
        Mac mac = keyedMac(key.toKeySpec(JceEngines.hmacName(algorithm)));
        int blockLength = algorithm.outputLength();
        byte[] output = new byte[length];
        byte[] block = new byte[blockLength];
        try {
            for (int counter = 1, produced = 0; produced < length; counter++) {
                if (counter > 1) {
                    mac.update(block);
                }
                mac.update(seed);
                mac.update((byte) counter);
                mac.doFinal(block, 0);
                int take = Math.min(blockLength, length - produced);
                System.arraycopy(block, 0, output, produced, take);
                produced += take;
            }
        } catch (ShortBufferException e) {
            throw new IllegalStateException("block buffer sized from the PRF itself", e);
        } finally {
            Arrays.fill(block, (byte) 0);
        }
        return SecretBytes.adopt(output);
    }

    private byte[] compute(SecretKeySpec key, byte[]... data) {
        Mac mac = keyedMac(key);
        for (byte[] part : data) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    private Mac keyedMac(SecretKeySpec key) {
        Mac mac = JceEngines.mac(algorithm);
        try {
            mac.init(key);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HMAC accepts keys of any non-zero length", e);
        }
        return mac;
    }

    private static byte[] requireNonEmpty(byte[] key) {
        if (key.length == 0) {
            throw new IllegalArgumentException("PRF key must not be empty");
        }
        return key;
    }

    private static void requireNonEmpty(SecretBytes key) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("PRF key must not be empty");
        }
    }
}
