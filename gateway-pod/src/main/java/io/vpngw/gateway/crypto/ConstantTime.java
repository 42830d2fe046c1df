package io.vpngw.gateway.crypto;

import java.util.Objects;

/** Comparisons whose running time does not reveal where two secrets or MACs first differ. */
public final class ConstantTime {

    private ConstantTime() {
    }

    /** Whether the two ranges hold the same bytes; always reads all {@code length} bytes of both. */
    public static boolean equals(byte[] a, int aOffset, byte[] b, int bOffset, int length) {
        Objects.checkFromIndexSize(aOffset, length, a.length);
        Objects.checkFromIndexSize(bOffset, length, b.length);
        int difference = 0;
        for (int i = 0; i < length; i++) {
            difference |= a[aOffset + i] ^ b[bOffset + i];
        }
        return difference == 0;
    }
}
