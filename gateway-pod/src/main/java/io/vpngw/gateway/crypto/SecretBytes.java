package io.vpngw.gateway.crypto;

import java.util.Arrays;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.Destroyable;

/**
 * Key material that can be wiped. Holds its own copy of the bytes, hands out copies, never shows
 * them in {@link #toString()}, and zeroes them on {@link #destroy()}. Reading a destroyed value
 * throws {@link IllegalStateException}: using a wiped key is a bug, not a condition to handle.
 *
 * <p>Copies handed to the JCE (a {@link SecretKeySpec}) are outside our reach: the JDK offers no
 * way to wipe them, so they live until collected.
 */
public final class SecretBytes implements Destroyable {

    private static final SecretBytes EMPTY = new SecretBytes(new byte[0]);

    private final byte[] bytes;
    private volatile boolean destroyed;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of {@code source}. */
    public static SecretBytes copyOf(byte[] source) {
        return new SecretBytes(source.clone());
    }

    /** A copy of {@code length} bytes of {@code source} from {@code offset}. */
    public static SecretBytes copyOf(byte[] source, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, source.length);
        return new SecretBytes(Arrays.copyOfRange(source, offset, offset + length));
    }

    /**
     * Takes ownership of {@code array} without copying it; the caller must drop every other
     * reference to it. Used for freshly computed keys, so that no unwiped copy is left behind.
     */
    public static SecretBytes adopt(byte[] array) {
        return new SecretBytes(Objects.requireNonNull(array, "array"));
    }

    /** The zero-length value, used where a suite has no key of some kind (AEAD integrity keys). */
    public static SecretBytes empty() {
        return EMPTY;
    }

    public int length() {
        return bytes.length;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /** A fresh copy; the caller should wipe it when done. */
    public byte[] toByteArray() {
        checkNotDestroyed();
        return bytes.clone();
    }

    /** Copies the bytes into {@code destination} at {@code offset}. */
    public void copyTo(byte[] destination, int offset) {
        checkNotDestroyed();
        System.arraycopy(bytes, 0, destination, offset, bytes.length);
    }

    /** A new value holding {@code length} bytes from {@code offset}. */
    public SecretBytes slice(int offset, int length) {
        checkNotDestroyed();
        return copyOf(bytes, offset, length);
    }

    /** A JCE key over a copy of these bytes. */
    public SecretKeySpec toKeySpec(String algorithm) {
        checkNotDestroyed();
        return new SecretKeySpec(bytes, algorithm);
    }

    /** A JCE key over a copy of {@code length} bytes from {@code offset}. */
    public SecretKeySpec toKeySpec(int offset, int length, String algorithm) {
        checkNotDestroyed();
        return new SecretKeySpec(bytes, offset, length, algorithm);
    }

    /** Compares contents in time that depends on the length only. */
    public boolean contentEquals(SecretBytes other) {
        checkNotDestroyed();
        other.checkNotDestroyed();
        return bytes.length == other.bytes.length
                && ConstantTime.equals(bytes, 0, other.bytes, 0, bytes.length);
    }

    @Override
    public void destroy() {
        if (this != EMPTY) {
            Arrays.fill(bytes, (byte) 0);
            destroyed = true;
        }
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "SecretBytes[" + bytes.length + " bytes" + (destroyed ? ", destroyed]" : "]");
    }

    private void checkNotDestroyed() {
        if (destroyed) {
            throw new IllegalStateException("secret was destroyed");
        }
    }
}
