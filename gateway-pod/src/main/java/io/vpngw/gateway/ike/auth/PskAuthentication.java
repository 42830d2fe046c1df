package io.vpngw.gateway.ike.auth;

import io.vpngw.gateway.crypto.ConstantTime;
import io.vpngw.gateway.crypto.PrfAlgorithm;
import io.vpngw.gateway.crypto.SecretBytes;
import io.vpngw.gateway.crypto.kdf.Prf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Shared-key authentication (RFC 7296 §2.15):
 * AUTH = prf(prf(Shared Secret, "Key Pad for IKEv2"), RealMessage | Nonce | prf(SK_p, IDx')).
 */
public final class PskAuthentication {

    private static final byte[] KEY_PAD = "Key Pad for IKEv2".getBytes(StandardCharsets.US_ASCII);

    private PskAuthentication() {
    }

    /**
     * The AUTH data a party sends.
     *
     * @param prf          the IKE SA's PRF
     * @param sharedSecret the pre-shared key
     * @param realMessage  the party's own IKE_SA_INIT message as sent
     * @param peerNonce    the other party's nonce data
     * @param skP          SK_pi for the initiator, SK_pr for the responder
     * @param idBody       the party's ID payload body (type, reserved octets, data)
     */
    public static byte[] authData(PrfAlgorithm prf, byte[] sharedSecret, byte[] realMessage, byte[] peerNonce,
                                  SecretBytes skP, byte[] idBody) {
        Prf function = new Prf(prf);
        byte[] macedId = function.compute(skP, idBody);
        SecretBytes padded = SecretBytes.adopt(function.compute(sharedSecret, KEY_PAD));
        try {
            return function.compute(padded, realMessage, peerNonce, macedId);
        } finally {
            padded.destroy();
        }
    }

    /** Whether {@code received} equals the expected AUTH data, in constant time. */
    public static boolean verify(byte[] expected, byte[] received) {
        boolean equal = expected.length == received.length
                && ConstantTime.equals(expected, 0, received, 0, expected.length);
        Arrays.fill(expected, (byte) 0);
        return equal;
    }
}
