package io.vpngw.gateway.crypto.kdf;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * prf+ written the plain way, straight from the text of RFC 7296 §2.13, to cross-check the
 * production code where no published vector exists: each T(n) is computed on its own from the
 * concatenation T(n-1) | S | n, and the output is the concatenation of all T(n).
 */
final class ReferencePrfPlus {

    private ReferencePrfPlus() {
    }

    static byte[] hmac(String algorithm, byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(key, algorithm));
        return mac.doFinal(data);
    }

    static byte[] prfPlus(String algorithm, byte[] key, byte[] seed, int length) throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        byte[] previous = new byte[0];
        for (int n = 1; stream.size() < length; n++) {
            previous = hmac(algorithm, key, concat(previous, seed, new byte[] {(byte) n}));
            stream.write(previous);
        }
        return Arrays.copyOf(stream.toByteArray(), length);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            stream.writeBytes(part);
        }
        return stream.toByteArray();
    }
}
