package io.vpngw.gateway.crypto;

import java.util.List;
import java.util.stream.Stream;

/** Suites named as the vector files write them, and every suite this gateway can negotiate. */
public final class Suites {

    private Suites() {
    }

    /** Parses "ENCR_AES_CBC-128 AUTH_HMAC_SHA1_96" or "ENCR_AES_GCM_16-256". */
    public static ProtectionSuite parse(String text) {
        String[] words = text.trim().split("\\s+");
        String[] encryption = words[0].split("-");
        EncryptionTransform transform = new EncryptionTransform(
                EncryptionAlgorithm.valueOf(encryption[0]), Integer.parseInt(encryption[1]));
        return words.length == 1
                ? new ProtectionSuite.Aead(transform)
                : new ProtectionSuite.EncryptThenMac(transform, IntegrityAlgorithm.valueOf(words[1]));
    }

    /** Every AEAD transform and key size, and every CBC or NULL cipher with every HMAC. */
    public static List<ProtectionSuite> all() {
        Stream<ProtectionSuite> aead = Stream.of(EncryptionAlgorithm.values())
                .filter(EncryptionAlgorithm::isAead)
                .flatMap(algorithm -> algorithm.keySizesBits().stream().map(bits -> new EncryptionTransform(algorithm, bits)))
                .map(ProtectionSuite.Aead::new);
        Stream<ProtectionSuite> encryptThenMac = Stream.of(EncryptionAlgorithm.values())
                .filter(algorithm -> !algorithm.isAead())
                .flatMap(algorithm -> algorithm.keySizesBits().stream().map(bits -> new EncryptionTransform(algorithm, bits)))
                .flatMap(transform -> Stream.of(IntegrityAlgorithm.values())
                        .map(integrity -> new ProtectionSuite.EncryptThenMac(transform, integrity)));
        return Stream.concat(aead, encryptThenMac).toList();
    }

    /** Keys of the right lengths for the suite, filled with a recognisable pattern. */
    public static DirectionalKeys keys(ProtectionSuite suite, int seed) {
        return new DirectionalKeys(pattern(suite.encryptionKeyLength(), seed), pattern(suite.integrityKeyLength(), seed + 100));
    }

    private static SecretBytes pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed * 31 + i * 7);
        }
        return length == 0 ? SecretBytes.empty() : SecretBytes.adopt(bytes);
    }
}
