package io.vpngw.gateway.ike.message;

/**
 * Writes big-endian fields into a caller's array. Sizes are computed before writing, so running
 * out of room here is a bug in the codec, not a property of the input, and throws as such.
 */
final class WireWriter {

    private final byte[] buffer;
    private int position;

    WireWriter(byte[] buffer, int offset) {
        this.buffer = buffer;
        this.position = offset;
    }

    int position() {
        return position;
    }

    void u8(int value) {
        buffer[position++] = (byte) value;
    }

    void u16(int value) {
        buffer[position++] = (byte) (value >>> 8);
        buffer[position++] = (byte) value;
    }

    void u32(long value) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            buffer[position++] = (byte) (value >>> shift);
        }
    }

    void u64(long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[position++] = (byte) (value >>> shift);
        }
    }

    void zeros(int count) {
        for (int i = 0; i < count; i++) {
            buffer[position++] = 0;
        }
    }

    void octets(Octets value) {
        value.copyTo(buffer, position);
        position += value.length();
    }

    void bytes(byte[] value) {
        System.arraycopy(value, 0, buffer, position, value.length);
        position += value.length;
    }
}
