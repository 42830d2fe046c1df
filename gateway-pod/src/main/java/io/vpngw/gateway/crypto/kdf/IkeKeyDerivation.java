package io.vpngw.gateway.crypto.kdf;

import io.vpngw.gateway.crypto.DirectionalKeys;
import io.vpngw.gateway.crypto.PrfAlgorithm;
import io.vpngw.gateway.crypto.ProtectionSuite;
import io.vpngw.gateway.crypto.SecretBytes;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The IKEv2 key schedule: SKEYSEED and the IKE SA keys (RFC 7296 §2.14), SKEYSEED of a rekeyed IKE
 * SA (§2.18) and Child SA KEYMAT with and without PFS (§2.17).
 *
 * <p>Nonces enter as received; their length rules (§2.10) are the message parser's to enforce, so
 * these functions also run the short-nonce NIST CAVP vectors.
 */
public final class IkeKeyDerivation {

    private IkeKeyDerivation() {
    }

    /** SKEYSEED = prf(Ni | Nr, g^ir). */
    public static SecretBytes skeyseed(PrfAlgorithm prf, byte[] ni, byte[] nr, SecretBytes sharedSecret) {
        byte[] gir = sharedSecret.toByteArray();
        try {
            return SecretBytes.adopt(new Prf(prf).compute(concat(ni, nr), gir));
        } finally {
            Arrays.fill(gir, (byte) 0);
        }
    }

    /**
     * SKEYSEED of an IKE SA replacing an old one: prf(SK_d (old), g^ir (new) | Ni | Nr), computed
     * with the <em>old</em> SA's PRF because the rekeying exchange belongs to the old SA (§2.18).
     */
    public static SecretBytes rekeyedSkeyseed(PrfAlgorithm oldPrf, SecretBytes oldSkD,
                                              SecretBytes newSharedSecret, byte[] ni, byte[] nr) {
        byte[] gir = newSharedSecret.toByteArray();
        try {
            return SecretBytes.adopt(new Prf(oldPrf).compute(oldSkD, gir, ni, nr));
        } finally {
            Arrays.fill(gir, (byte) 0);
        }
    }

    /**
     * {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr),
     * using the PRF the (new) IKE SA negotiated.
     *
     * @param suite the protection negotiated for the IKE SA; sizes SK_a* and SK_e*
     * @param spiI  the IKE SA initiator's SPI
     * @param spiR  the IKE SA responder's SPI
     */
    public static IkeSaKeys ikeSaKeys(PrfAlgorithm prf, ProtectionSuite suite, SecretBytes skeyseed,
                                      byte[] ni, byte[] nr, long spiI, long spiR) {
        int prfKey = prf.preferredKeyLength();
        int integrity = suite.integrityKeyLength();
        int encryption = suite.encryptionKeyLength();
        byte[] seed = ByteBuffer.allocate(ni.length + nr.length + 2 * Long.BYTES)
                .put(ni).put(nr).putLong(spiI).putLong(spiR).array();
        SecretBytes keyStream = new Prf(prf).expand(skeyseed, seed, 3 * prfKey + 2 * integrity + 2 * encryption);
        try {
            Slicer slicer = new Slicer(keyStream);
            return new IkeSaKeys(slicer.next(prfKey), slicer.next(integrity), slicer.next(integrity),
                    slicer.next(encryption), slicer.next(encryption), slicer.next(prfKey), slicer.next(prfKey));
        } finally {
            keyStream.destroy();
        }
    }

    /** KEYMAT = prf+(SK_d, Ni | Nr): a Child SA created or rekeyed without a new key exchange. */
    public static ChildSaKeys childSaKeys(PrfAlgorithm prf, ProtectionSuite suite, SecretBytes skD,
                                          byte[] ni, byte[] nr) {
        return splitKeymat(suite, new Prf(prf).expand(skD, concat(ni, nr), 2 * keymatPerDirection(suite)));
    }

    /** KEYMAT = prf+(SK_d, g^ir (new) | Ni | Nr): a Child SA with perfect forward secrecy. */
    public static ChildSaKeys childSaKeys(PrfAlgorithm prf, ProtectionSuite suite, SecretBytes skD,
                                          SecretBytes newSharedSecret, byte[] ni, byte[] nr) {
        byte[] gir = newSharedSecret.toByteArray();
        byte[] seed = concat(gir, ni, nr);
        try {
            return splitKeymat(suite, new Prf(prf).expand(skD, seed, 2 * keymatPerDirection(suite)));
        } finally {
            Arrays.fill(gir, (byte) 0);
            Arrays.fill(seed, (byte) 0);
        }
    }

    private static int keymatPerDirection(ProtectionSuite suite) {
        return suite.encryptionKeyLength() + suite.integrityKeyLength();
    }

    private static ChildSaKeys splitKeymat(ProtectionSuite suite, SecretBytes keymat) {
        try {
            Slicer slicer = new Slicer(keymat);
            DirectionalKeys initiator = new DirectionalKeys(
                    slicer.next(suite.encryptionKeyLength()), slicer.next(suite.integrityKeyLength()));
            DirectionalKeys responder = new DirectionalKeys(
                    slicer.next(suite.encryptionKeyLength()), slicer.next(suite.integrityKeyLength()));
            return new ChildSaKeys(initiator, responder);
        } finally {
            keymat.destroy();
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer buffer = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(part -> part.length).sum());
        for (byte[] part : parts) {
            buffer.put(part);
        }
        return buffer.array();
    }

    /** Takes consecutive keys off a prf+ output. */
    private static final class Slicer {
        private final SecretBytes source;
        private int offset;

        Slicer(SecretBytes source) {
            this.source = source;
        }

        SecretBytes next(int length) {
            if (length == 0) {
                return SecretBytes.empty();
            }
            SecretBytes key = source.slice(offset, length);
            offset += length;
            return key;
        }
    }
}
