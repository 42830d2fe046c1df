package io.vpngw.gateway.sstp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Encodes and decodes SSTP packets ([MS-SSTP] 2.2). A packet is a 4-byte header (version 0x10,
 * the C bit for control, a 12-bit length of the whole packet) and a body: a PPP frame, or a
 * control message (type, attribute count, attributes of 4-byte header and value).
 *
 * <p>Decoding never throws: anything out of bounds or inconsistent is {@link SstpPacket.Malformed}.
 * The header is checked on its own first ({@link #packetLength}), since a stream whose header is
 * bad has lost its framing and cannot be read further.
 */
public final class SstpCodec {
    public static final int VERSION = 0x10;
    public static final int HEADER_LENGTH = 4;
    /** The 12-bit length field's limit. */
    public static final int MAX_PACKET_LENGTH = 0x0FFF;
    public static final int MAX_DATA_PAYLOAD = MAX_PACKET_LENGTH - HEADER_LENGTH;

    private static final int ATTRIBUTE_HEADER = 4;
    private static final int CRYPTO_BINDING_LENGTH = 104;
    private static final int CRYPTO_BINDING_REQUEST_LENGTH = 40;
    private static final int ENCAPSULATED_PROTOCOL_LENGTH = 6;
    private static final int STATUS_INFO_MIN_LENGTH = 12;

    private SstpCodec() {}

    /**
     * The length of the packet whose header is at {@code header[offset, offset + 4)}, or -1 when the
     * header is not SSTP 1.0 or its length cannot hold a packet.
     */
    public static int packetLength(byte[] header, int offset) {
        if ((header[offset] & 0xFF) != VERSION) {
            return -1;
        }
        int length = ((header[offset + 2] & 0x0F) << 8) | (header[offset + 3] & 0xFF);
        boolean control = (header[offset + 1] & 0x01) != 0;
        int minimum = control ? HEADER_LENGTH + 4 : HEADER_LENGTH + 1;
        return length < minimum ? -1 : length;
    }

    /** Decodes the packet at {@code bytes[offset, offset + length)}. */
    public static SstpPacket decode(byte[] bytes, int offset, int length) {
        if (offset < 0 || length < HEADER_LENGTH || offset + length > bytes.length) {
            return new SstpPacket.Malformed("shorter than an SSTP header");
        }
        int declared = packetLength(bytes, offset);
        if (declared < 0) {
            return new SstpPacket.Malformed("not an SSTP 1.0 header");
        }
        if (declared != length) {
            return new SstpPacket.Malformed("length field " + declared + " but " + length + " bytes");
        }
        boolean control = (bytes[offset + 1] & 0x01) != 0;
        if (!control) {
            return new SstpPacket.Data(Arrays.copyOfRange(bytes, offset + HEADER_LENGTH, offset + length));
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, offset + HEADER_LENGTH, length - HEADER_LENGTH);
        int typeCode = in.getShort() & 0xFFFF;
        int count = in.getShort() & 0xFFFF;
        Optional<SstpMessageType> type = SstpMessageType.of(typeCode);
        if (type.isEmpty()) {
            return new SstpPacket.Malformed("unknown control message type " + typeCode);
        }
        List<SstpAttribute> attributes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (in.remaining() < ATTRIBUTE_HEADER) {
                return new SstpPacket.Malformed("attribute " + (i + 1) + " of " + count + " is missing");
            }
            in.get(); // reserved
            int id = in.get() & 0xFF;
            int attributeLength = in.getShort() & 0x0FFF;
            if (attributeLength < ATTRIBUTE_HEADER || attributeLength - ATTRIBUTE_HEADER > in.remaining()) {
                return new SstpPacket.Malformed("attribute " + id + " has length " + attributeLength);
            }
            byte[] value = new byte[attributeLength - ATTRIBUTE_HEADER];
            in.get(value);
            SstpAttribute attribute = attribute(id, value);
            if (attribute == null) {
                return new SstpPacket.Malformed("attribute " + id + " has an invalid length " + attributeLength);
            }
            attributes.add(attribute);
        }
        if (in.hasRemaining()) {
            return new SstpPacket.Malformed(in.remaining() + " bytes after the last attribute");
        }
        return new SstpPacket.Control(type.get(), attributes);
    }

    /** The attribute, or null when its value has the wrong length for its id. */
    private static SstpAttribute attribute(int id, byte[] v) {
        int length = v.length + ATTRIBUTE_HEADER;
        return switch (id) {
            case SstpAttribute.ENCAPSULATED_PROTOCOL_ID -> length != ENCAPSULATED_PROTOCOL_LENGTH ? null
                    : new SstpAttribute.EncapsulatedProtocol(((v[0] & 0xFF) << 8) | (v[1] & 0xFF));
            case SstpAttribute.STATUS_INFO -> length < STATUS_INFO_MIN_LENGTH
                    || length > STATUS_INFO_MIN_LENGTH + SstpAttribute.StatusInfo.MAX_VALUE ? null
                    : new SstpAttribute.StatusInfo(v[3] & 0xFF, ByteBuffer.wrap(v, 4, 4).getInt() & 0xFFFFFFFFL,
                            Arrays.copyOfRange(v, 8, v.length));
            case SstpAttribute.CRYPTO_BINDING_REQUEST -> length != CRYPTO_BINDING_REQUEST_LENGTH ? null
                    : new SstpAttribute.CryptoBindingRequest(v[3] & 0xFF, Arrays.copyOfRange(v, 4, 36));
            case SstpAttribute.CRYPTO_BINDING -> length != CRYPTO_BINDING_LENGTH ? null
                    : new SstpAttribute.CryptoBinding(v[3] & 0xFF, Arrays.copyOfRange(v, 4, 36),
                            Arrays.copyOfRange(v, 36, 68), Arrays.copyOfRange(v, 68, 100));
            default -> new SstpAttribute.Unknown(id, v);
        };
    }

    /** A data packet carrying one PPP frame. */
    public static byte[] encodeData(byte[] frame, int offset, int length) {
        if (length > MAX_DATA_PAYLOAD || length < 1) {
            throw new IllegalArgumentException("a PPP frame of " + length + " bytes does not fit an SSTP data packet");
        }
        byte[] out = new byte[HEADER_LENGTH + length];
        out[0] = (byte) VERSION;
        out[1] = 0;
        out[2] = (byte) ((out.length >>> 8) & 0x0F);
        out[3] = (byte) out.length;
        System.arraycopy(frame, offset, out, HEADER_LENGTH, length);
        return out;
    }

    public static byte[] encode(SstpPacket packet) {
        return switch (packet) {
            case SstpPacket.Data d -> encodeData(d.frame(), 0, d.frame().length);
            case SstpPacket.Control c -> encodeControl(c);
            case SstpPacket.Malformed m -> throw new IllegalArgumentException("a malformed packet cannot be encoded");
        };
    }

    private static byte[] encodeControl(SstpPacket.Control c) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (SstpAttribute a : c.attributes()) {
            byte[] value = value(a);
            int length = value.length + ATTRIBUTE_HEADER;
            body.write(0);
            body.write(a.id());
            body.write((length >>> 8) & 0x0F);
            body.write(length);
            body.writeBytes(value);
        }
        int length = HEADER_LENGTH + 4 + body.size();
        if (length > MAX_PACKET_LENGTH) {
            throw new IllegalArgumentException("control message of " + length + " bytes");
        }
        ByteBuffer out = ByteBuffer.allocate(length);
        out.put((byte) VERSION).put((byte) 1).putShort((short) length);
        out.putShort((short) c.type().code()).putShort((short) c.attributes().size());
        out.put(body.toByteArray());
        return out.array();
    }

    private static byte[] value(SstpAttribute a) {
        return switch (a) {
            case SstpAttribute.EncapsulatedProtocol p -> new byte[] {(byte) (p.protocol() >>> 8), (byte) p.protocol()};
            case SstpAttribute.StatusInfo s -> ByteBuffer.allocate(8 + s.value().length)
                    .put(new byte[3]).put((byte) s.attributeId()).putInt((int) s.status()).put(s.value()).array();
            case SstpAttribute.CryptoBindingRequest r -> ByteBuffer.allocate(36)
                    .put(new byte[3]).put((byte) r.hashProtocols()).put(r.nonce()).array();
            case SstpAttribute.CryptoBinding b -> ByteBuffer.allocate(100)
                    .put(new byte[3]).put((byte) b.hashProtocol()).put(b.nonce()).put(b.certificateHash()).put(b.compoundMac()).array();
            case SstpAttribute.Unknown u -> u.value();
        };
    }
}
