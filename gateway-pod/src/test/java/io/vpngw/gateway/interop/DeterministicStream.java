package io.vpngw.gateway.interop;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A reproducible pseudo-random byte stream (SplitMix64, fixed here so that both ends of a
 * transfer and the test agree on every byte without sharing anything but the seed and length).
 * Not cryptographic; it only has to make corruption, truncation and reordering visible.
 */
final class DeterministicStream {

    private long state;

    DeterministicStream(long seed) {
        this.state = seed;
    }

    /** Fills {@code length} bytes of {@code buffer} with the next bytes of the stream. */
    void fill(byte[] buffer, int length) {
        int i = 0;
        while (i < length) {
            long word = next();
            for (int b = 0; b < Long.BYTES && i < length; b++, i++) {
                buffer[i] = (byte) (word >>> (8 * b));
            }
        }
    }

    private long next() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * SHA-256 (hex) of the first {@code length} bytes for {@code seed}. The chunk size must be a
     * multiple of 8 so that chunked generation yields the same bytes as one long run.
     */
    static String sha256(long seed, long length) {
        DeterministicStream stream = new DeterministicStream(seed);
        MessageDigest digest = newSha256();
        byte[] chunk = new byte[64 * 1024];
        for (long remaining = length; remaining > 0; ) {
            int n = (int) Math.min(chunk.length, remaining);
            stream.fill(chunk, n);
            digest.update(chunk, 0, n);
            remaining -= n;
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
