package io.vpngw.gateway.ike.message;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable string of octets: the value type for every opaque field of an IKE message (SPIs of
 * child SAs, nonces, key-exchange data, notification data, encrypted bodies, ...).
 *
 * <p>Payload records hold {@code Octets} instead of {@code byte[]} so that they stay immutable and
 * compare by content, which is what makes {@code parse(encode(m)).equals(m)} hold. Bytes go in by
 * copy and come out by copy or as a read-only view.
 */
public final class Octets {

    public static final Octets EMPTY = new Octets(new byte[0]);

    private static final HexFormat HEX = HexFormat.of();
    /** Long values (KE data, certificates) are shortened in {@link #toString()} to keep logs readable. */
    private static final int TO_STRING_LIMIT = 32;

    private final byte[] bytes;

    private Octets(byte[] owned) {
        this.bytes = owned;
    }

    public static Octets copyOf(byte[] source) {
        return copyOf(source, 0, source.length);
    }

    public static Octets copyOf(byte[] source, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, source.length);
        return length == 0 ? EMPTY : new Octets(Arrays.copyOfRange(source, offset, offset + length));
    }

    /** Parses hexadecimal digits; whitespace between them is ignored so RFC-style dumps can be pasted. */
    public static Octets fromHex(String hex) {
        String digits = hex.replaceAll("\\s+", "");
        return digits.isEmpty() ? EMPTY : new Octets(HEX.parseHex(digits));
    }

    /** Big-endian encoding of an unsigned 32-bit value, as ESP and AH SPIs travel. */
    public static Octets ofInt(int value) {
        byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        return new Octets(b);
    }

    /** Big-endian encoding of a 64-bit value, as IKE SPIs travel. */
    public static Octets ofLong(long value) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (value >>> (56 - 8 * i));
        }
        return new Octets(b);
    }

    /** Wraps an array that nobody else holds; only for the codec's own freshly copied arrays. */
    static Octets adopt(byte[] freshlyCopied) {
        return freshlyCopied.length == 0 ? EMPTY : new Octets(freshlyCopied);
    }

    public int length() {
        return bytes.length;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /** The octet at {@code index} as an unsigned value 0..255. */
    public int unsignedByteAt(int index) {
        return bytes[index] & 0xFF;
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    public void copyTo(byte[] destination, int offset) {
        System.arraycopy(bytes, 0, destination, offset, bytes.length);
    }

    public ByteBuffer asReadOnlyBuffer() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /** The octets {@code from} (inclusive) to {@code to} (exclusive) as a new value. */
    public Octets slice(int from, int to) {
        Objects.checkFromToIndex(from, to, bytes.length);
        return copyOf(bytes, from, to - from);
    }

    public String toHex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Octets that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        if (bytes.length <= TO_STRING_LIMIT) {
            return toHex();
        }
        return HEX.formatHex(bytes, 0, TO_STRING_LIMIT) + "…(" + bytes.length + " octets)";
    }
}
