package io.vpngw.gateway.ppp;

import java.util.Arrays;

/**
 * An EAP packet (RFC 3748 §4): code, identifier, length, and for Requests and Responses a type
 * and its data. For EAP-TLS (type 13, RFC 5216 §3.1) the data is a flags octet (L: a 4-byte TLS
 * message length follows, M: more fragments, S: start), then a TLS fragment.
 */
public record EapPacket(int code, int identifier, int type, byte[] typeData) {
    public static final int REQUEST = 1;
    public static final int RESPONSE = 2;
    public static final int SUCCESS = 3;
    public static final int FAILURE = 4;

    public static final int IDENTITY = 1;
    public static final int NAK = 3;
    public static final int TLS = 13;

    public static final int FLAG_LENGTH = 0x80;
    public static final int FLAG_MORE = 0x40;
    public static final int FLAG_START = 0x20;

    public EapPacket {
        typeData = typeData.clone();
    }

    public static EapPacket success(int identifier) {
        return new EapPacket(SUCCESS, identifier, 0, new byte[0]);
    }

    public static EapPacket failure(int identifier) {
        return new EapPacket(FAILURE, identifier, 0, new byte[0]);
    }

    /** An EAP-TLS Request or Response: flags, the total length when L is set, a fragment. */
    public static EapPacket tls(int code, int identifier, int flags, int totalLength, byte[] fragment) {
        boolean withLength = (flags & FLAG_LENGTH) != 0;
        byte[] data = new byte[1 + (withLength ? 4 : 0) + fragment.length];
        data[0] = (byte) flags;
        int i = 1;
        if (withLength) {
            data[1] = (byte) (totalLength >>> 24);
            data[2] = (byte) (totalLength >>> 16);
            data[3] = (byte) (totalLength >>> 8);
            data[4] = (byte) totalLength;
            i = 5;
        }
        System.arraycopy(fragment, 0, data, i, fragment.length);
        return new EapPacket(code, identifier, TLS, data);
    }

    @Override
    public byte[] typeData() {
        return typeData.clone();
    }

    public boolean hasType() {
        return code == REQUEST || code == RESPONSE;
    }

    /** The EAP-TLS flags, or -1 when this is not an EAP-TLS packet with a flags octet. */
    public int tlsFlags() {
        return type == TLS && hasType() && typeData.length >= 1 ? typeData[0] & 0xFF : -1;
    }

    /** The TLS fragment of an EAP-TLS packet, or null when its L flag promises a length that is not there. */
    public byte[] tlsFragment() {
        int flags = tlsFlags();
        if (flags < 0) {
            return null;
        }
        int start = (flags & FLAG_LENGTH) != 0 ? 5 : 1;
        return typeData.length < start ? null : Arrays.copyOfRange(typeData, start, typeData.length);
    }

    /** The TLS message length an L flag announces, or -1. */
    public long tlsMessageLength() {
        int flags = tlsFlags();
        if (flags < 0 || (flags & FLAG_LENGTH) == 0 || typeData.length < 5) {
            return -1;
        }
        return ((long) (typeData[1] & 0xFF) << 24) | ((typeData[2] & 0xFF) << 16) | ((typeData[3] & 0xFF) << 8) | (typeData[4] & 0xFF);
    }

    public byte[] encode() {
        byte[] data;
        if (hasType()) {
            data = new byte[1 + typeData.length];
            data[0] = (byte) type;
            System.arraycopy(typeData, 0, data, 1, typeData.length);
        } else {
            data = new byte[0];
        }
        return new ControlPacket(code, identifier, data).encode();
    }

    /** The packet, or null when it is not a well-formed EAP packet. */
    public static EapPacket decode(byte[] bytes) {
        ControlPacket p = ControlPacket.decode(bytes);
        if (p == null || p.code() < REQUEST || p.code() > FAILURE) {
            return null;
        }
        byte[] data = p.data();
        if (p.code() == REQUEST || p.code() == RESPONSE) {
            if (data.length < 1) {
                return null;
            }
            return new EapPacket(p.code(), p.identifier(), data[0] & 0xFF, Arrays.copyOfRange(data, 1, data.length));
        }
        return data.length == 0 ? new EapPacket(p.code(), p.identifier(), 0, data) : null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EapPacket e && e.code == code && e.identifier == identifier && e.type == type
                && Arrays.equals(e.typeData, typeData);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {code, identifier, type, Arrays.hashCode(typeData)});
    }

    @Override
    public String toString() {
        return "EapPacket[code=" + code + ", id=" + identifier + ", type=" + type + ", " + typeData.length + " bytes]";
    }
}
