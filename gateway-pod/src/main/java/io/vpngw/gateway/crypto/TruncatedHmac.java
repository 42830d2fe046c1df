package io.vpngw.gateway.crypto;

import java.security.InvalidKeyException;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;

/**
 * An HMAC integrity transform keyed once and reused for many messages, emitting the truncated ICV
 * (RFC 2404, RFC 4868 §2.1). Not thread-safe: give each thread its own instance.
 */
public final class TruncatedHmac {

    private final IntegrityAlgorithm algorithm;
    private final Mac mac;
    private final byte[] fullOutput;

    /**
     * @throws IllegalArgumentException if the key is not exactly the algorithm's key length
     */
    public TruncatedHmac(IntegrityAlgorithm algorithm, SecretBytes key) {
        if (key.length() != algorithm.keyLength()) {
            throw new IllegalArgumentException(algorithm + " needs a " + algorithm.keyLength()
                    + "-byte key, got " + key.length());
        }
        this.algorithm = algorithm;
        this.mac = JceEngines.mac(algorithm);
        try {
            mac.init(key.toKeySpec(mac.getAlgorithm()));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HMAC refused a key of valid length", e);
        }
        this.fullOutput = new byte[mac.getMacLength()];
    }

    public IntegrityAlgorithm algorithm() {
        return algorithm;
    }

    public int icvLength() {
        return algorithm.icvLength();
    }

    public void update(byte[] data, int offset, int length) {
        mac.update(data, offset, length);
    }

    /** Finishes the current message and writes its ICV at {@code destination[offset]}. */
    public void finishInto(byte[] destination, int offset) {
        finish();
        System.arraycopy(fullOutput, 0, destination, offset, algorithm.icvLength());
    }

    /** Finishes the current message and compares its ICV, in constant time, with the one given. */
    public boolean finishAndVerify(byte[] received, int offset) {
        finish();
        return ConstantTime.equals(fullOutput, 0, received, offset, algorithm.icvLength());
    }

    private void finish() {
        try {
            mac.doFinal(fullOutput, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("MAC output buffer sized from the MAC itself", e);
        }
    }
}
