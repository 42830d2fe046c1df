package io.vpngw.gateway.ike.message;

/**
 * Checks that a value handed to a record constructor fits the wire field it will be written to,
 * so that every record that can be built can also be encoded.
 */
final class FieldRange {

    static final int MAX_U8 = 0xFF;
    static final int MAX_U15 = 0x7FFF;
    static final int MAX_U16 = 0xFFFF;
    static final long MAX_U32 = 0xFFFF_FFFFL;

    private FieldRange() {}

    static int u8(int value, String field) {
        return check(value, MAX_U8, field);
    }

    static int u15(int value, String field) {
        return check(value, MAX_U15, field);
    }

    static int u16(int value, String field) {
        return check(value, MAX_U16, field);
    }

    static long u32(long value, String field) {
        if (value < 0 || value > MAX_U32) {
            throw new IllegalArgumentException(field + " must fit 32 unsigned bits: " + value);
        }
        return value;
    }

    /** A length that must fit a 16-bit length field once {@code overhead} header octets are added. */
    static int length16(int contentLength, int overhead, String what) {
        if (contentLength + overhead > MAX_U16) {
            throw new IllegalArgumentException(
                    what + " is " + (contentLength + overhead) + " octets, more than its 16-bit length field allows");
        }
        return contentLength;
    }

    private static int check(int value, int max, String field) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + " must be in 0.." + max + ": " + value);
        }
        return value;
    }
}
