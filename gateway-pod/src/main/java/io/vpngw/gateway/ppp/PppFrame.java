package io.vpngw.gateway.ppp;

import java.util.Arrays;

/**
 * A PPP frame as SSTP carries it: no HDLC flags, escapes or FCS ([MS-SSTP] 2.2.3), so a frame is
 * the optional address and control fields {@code FF 03}, the protocol and the information.
 * We send both fields and two-byte protocols (we never agree to ACFC or PFC); we read frames with
 * or without them, as RFC 1661 §6.5–6.6 peers may send.
 *
 * @param protocol    the PPP protocol number
 * @param information the protocol's packet
 */
public record PppFrame(int protocol, byte[] information) {
    public static final int LCP = 0xC021;
    public static final int IPCP = 0x8021;
    public static final int EAP = 0xC227;
    public static final int IPV4 = 0x0021;

    public PppFrame {
        information = information.clone();
    }

    @Override
    public byte[] information() {
        return information.clone();
    }

    /** The frame in a form to send: {@code FF 03}, protocol, information. */
    public byte[] encode() {
        return encode(protocol, information, 0, information.length);
    }

    /** A frame around {@code information[offset, offset + length)} without building a record. */
    public static byte[] encode(int protocol, byte[] information, int offset, int length) {
        byte[] out = new byte[4 + length];
        out[0] = (byte) 0xFF;
        out[1] = 0x03;
        out[2] = (byte) (protocol >>> 8);
        out[3] = (byte) protocol;
        System.arraycopy(information, offset, out, 4, length);
        return out;
    }

    /**
     * The frame in {@code bytes}, or null when there is no valid protocol field: a protocol's
     * least significant octet is odd and its most significant even (RFC 1661 §2).
     */
    public static PppFrame decode(byte[] bytes) {
        int i = 0;
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && bytes[1] == 0x03) {
            i = 2;
        }
        if (i >= bytes.length) {
            return null;
        }
        int protocol;
        if ((bytes[i] & 0x01) != 0) { // compressed to one octet
            protocol = bytes[i] & 0xFF;
            i += 1;
        } else {
            if (i + 1 >= bytes.length || (bytes[i + 1] & 0x01) == 0) {
                return null;
            }
            protocol = ((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF);
            i += 2;
        }
        return new PppFrame(protocol, Arrays.copyOfRange(bytes, i, bytes.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PppFrame f && f.protocol == protocol && Arrays.equals(f.information, information);
    }

    @Override
    public int hashCode() {
        return 31 * protocol + Arrays.hashCode(information);
    }

    @Override
    public String toString() {
        return String.format("PppFrame[0x%04x, %d bytes]", protocol, information.length);
    }
}
