package io.vpngw.gateway.sstp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/** The crypto binding hash protocols ([MS-SSTP] 2.2.7): bit values in the Hash Protocol Bitmask. */
public enum HashProtocol {
    SHA1(0x01, "SHA-1", "HmacSHA1", 20),
    SHA256(0x02, "SHA-256", "HmacSHA256", 32);

    private final int bit;
    private final String digest;
    private final String hmac;
    private final int length;

    HashProtocol(int bit, String digest, String hmac, int length) {
        this.bit = bit;
        this.digest = digest;
        this.hmac = hmac;
        this.length = length;
    }

    public int bit() {
        return bit;
    }

    String hmacAlgorithm() {
        return hmac;
    }

    /** The output length of the hash and of its HMAC. */
    public int length() {
        return length;
    }

    /** The hash of {@code data}, zero-padded to the 32-byte field it travels in. */
    public byte[] paddedHash(byte[] data) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance(digest).digest(data), SstpAttribute.CryptoBinding.FIELD_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(digest + " is missing from this JDK", e);
        }
    }

    /** The protocol of a Crypto Binding attribute's single bit. */
    public static Optional<HashProtocol> ofBit(int value) {
        for (HashProtocol p : values()) {
            if (p.bit == value) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** What a client picks from a server's bitmask: the strongest offered, SHA-256 before SHA-1. */
    public static Optional<HashProtocol> strongestIn(int bitmask) {
        if ((bitmask & SHA256.bit) != 0) {
            return Optional.of(SHA256);
        }
        return (bitmask & SHA1.bit) != 0 ? Optional.of(SHA1) : Optional.empty();
    }
}
