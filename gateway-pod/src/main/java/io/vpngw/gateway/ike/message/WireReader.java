package io.vpngw.gateway.ike.message;

import java.util.Arrays;

/**
 * Reads big-endian fields from a window of a byte array. Every read is checked against the end of
 * the window and fails with {@link MalformedException}, so no length taken from the input can make
 * the codec read outside it or allocate more than the window holds.
 */
final class WireReader {

    private final byte[] buffer;
    /** Where the window began in the caller's buffer; reported offsets are relative to it. */
    private final int origin;
    private final int end;
    private int position;

    private WireReader(byte[] buffer, int origin, int position, int end) {
        this.buffer = buffer;
        this.origin = origin;
        this.position = position;
        this.end = end;
    }

    /** A reader over {@code length} octets of {@code buffer} from {@code offset}; the range must be valid. */
    static WireReader over(byte[] buffer, int offset, int length) {
        return new WireReader(buffer, offset, offset, offset + length);
    }

    int remaining() {
        return end - position;
    }

    boolean hasRemaining() {
        return position < end;
    }

    /** Offset of the next octet, counted from the start of the outermost window. */
    int offset() {
        return position - origin;
    }

    int u8() throws MalformedException {
        require(1, "octet");
        return buffer[position++] & 0xFF;
    }

    int u16() throws MalformedException {
        require(2, "16-bit field");
        int value = ((buffer[position] & 0xFF) << 8) | (buffer[position + 1] & 0xFF);
        position += 2;
        return value;
    }

    long u32() throws MalformedException {
        require(4, "32-bit field");
        long value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (buffer[position + i] & 0xFF);
        }
        position += 4;
        return value;
    }

    long u64() throws MalformedException {
        require(8, "64-bit field");
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (buffer[position + i] & 0xFF);
        }
        position += 8;
        return value;
    }

    void skip(int count) throws MalformedException {
        require(count, "reserved octets");
        position += count;
    }

    Octets octets(int count) throws MalformedException {
        require(count, "octets");
        Octets value = Octets.adopt(Arrays.copyOfRange(buffer, position, position + count));
        position += count;
        return value;
    }

    byte[] bytes(int count) throws MalformedException {
        require(count, "octets");
        byte[] value = Arrays.copyOfRange(buffer, position, position + count);
        position += count;
        return value;
    }

    Octets rest() throws MalformedException {
        return octets(remaining());
    }

    /**
     * Consumes the next {@code count} octets and returns a reader confined to them, so a nested
     * structure cannot run past the length its parent declared.
     */
    WireReader slice(int count) throws MalformedException {
        require(count, "nested structure");
        WireReader nested = new WireReader(buffer, origin, position, position + count);
        position += count;
        return nested;
    }

    /**
     * Fails unless the window has been consumed exactly: a declared length must match its content.
     * The description is put together only on failure, since valid input passes here for every
     * payload.
     */
    void expectEnd(String what, Object which) throws MalformedException {
        if (position != end) {
            throw malformed(what + " " + which + " has " + remaining() + " unexpected trailing octets");
        }
    }

    MalformedException malformed(String reason) {
        return new MalformedException("at offset " + offset() + ": " + reason);
    }

    private void require(int count, String what) throws MalformedException {
        if (count < 0 || count > end - position) {
            throw malformed("truncated: " + what + " needs " + count + " octets, " + remaining() + " remain");
        }
    }
}
