package io.vpngw.gateway.ppp;

import java.util.Arrays;

/**
 * The packet format LCP, IPCP and EAP share (RFC 1661 §5, RFC 3748 §4): code, identifier, a
 * 16-bit length of the whole packet, data. Octets beyond the length are padding and ignored.
 */
public record ControlPacket(int code, int identifier, byte[] data) {
    public static final int HEADER = 4;

    public ControlPacket {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public byte[] encode() {
        int length = HEADER + data.length;
        byte[] out = new byte[length];
        out[0] = (byte) code;
        out[1] = (byte) identifier;
        out[2] = (byte) (length >>> 8);
        out[3] = (byte) length;
        System.arraycopy(data, 0, out, HEADER, data.length);
        return out;
    }

    /** The packet in {@code bytes}, or null when its length field is shorter than a header or longer than the bytes. */
    public static ControlPacket decode(byte[] bytes) {
        if (bytes.length < HEADER) {
            return null;
        }
        int length = ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF);
        if (length < HEADER || length > bytes.length) {
            return null;
        }
        return new ControlPacket(bytes[0] & 0xFF, bytes[1] & 0xFF, Arrays.copyOfRange(bytes, HEADER, length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ControlPacket p && p.code == code && p.identifier == identifier && Arrays.equals(p.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * code + identifier) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "ControlPacket[code=" + code + ", id=" + identifier + ", " + data.length + " bytes]";
    }
}
