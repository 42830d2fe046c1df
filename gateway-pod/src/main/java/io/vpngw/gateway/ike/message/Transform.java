package io.vpngw.gateway.ike.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One algorithm offered or chosen in a proposal (RFC 7296 §3.3.2): its type, its ID within that
 * type's registry (e.g. ENCR 20 = AES-GCM-16, KE 19 = 256-bit random ECP group) and attributes.
 *
 * @param type       transform type
 * @param id         16-bit transform ID
 * @param attributes attributes in wire order, usually none or a Key Length
 */
public record Transform(TransformType type, int id, List<TransformAttribute> attributes) {

    /** Octets of the fixed part of a transform substructure. */
    static final int FIXED_SIZE = 8;
    private static final int LAST = 0;
    private static final int MORE = 3;

    public Transform {
        Objects.requireNonNull(type, "type");
        FieldRange.u16(id, "transform ID");
        attributes = List.copyOf(attributes);
        FieldRange.length16(attributesLength(attributes), FIXED_SIZE, "transform");
    }

    public static Transform of(TransformType type, int id) {
        return new Transform(type, id, List.of());
    }

    public static Transform withKeyLength(TransformType type, int id, int keyLengthBits) {
        return new Transform(type, id, List.of(TransformAttribute.keyLength(keyLengthBits)));
    }

    /** The Key Length attribute in bits, if present. */
    public OptionalInt keyLength() {
        for (TransformAttribute attribute : attributes) {
            if (attribute instanceof TransformAttribute.TypeValue(int attributeType, int value)
                    && attributeType == TransformAttribute.KEY_LENGTH) {
                return OptionalInt.of(value);
            }
        }
        return OptionalInt.empty();
    }

    int encodedLength() {
        return FIXED_SIZE + attributesLength(attributes);
    }

    private static int attributesLength(List<TransformAttribute> attributes) {
        int total = 0;
        for (TransformAttribute attribute : attributes) {
            total += attribute.encodedLength();
            if (total > FieldRange.MAX_U16) {
                break; // already too long; stop before the sum could overflow
            }
        }
        return total;
    }

    /** Reads one transform substructure; {@code isLast} is whether the proposal says none follows. */
    static Transform read(WireReader in, boolean isLast) throws MalformedException {
        int lastSubstructure = in.u8();
        if (lastSubstructure != (isLast ? LAST : MORE)) {
            throw in.malformed("transform Last Substruc is " + lastSubstructure + " but should be "
                    + (isLast ? LAST : MORE) + " by the proposal's transform count");
        }
        in.skip(1);
        int length = in.u16();
        if (length < FIXED_SIZE) {
            throw in.malformed("transform length " + length + " is below " + FIXED_SIZE);
        }
        WireReader body = in.slice(length - 4);
        int type = body.u8();
        body.skip(1);
        int id = body.u16();
        List<TransformAttribute> attributes = new ArrayList<>();
        while (body.hasRemaining()) {
            attributes.add(readAttribute(body));
        }
        return new Transform(new TransformType(type), id, attributes);
    }

    void write(WireWriter out, boolean isLast) {
        out.u8(isLast ? LAST : MORE);
        out.u8(0);
        out.u16(encodedLength());
        out.u8(type.code());
        out.u8(0);
        out.u16(id);
        for (TransformAttribute attribute : attributes) {
            writeAttribute(attribute, out);
        }
    }

    private static TransformAttribute readAttribute(WireReader in) throws MalformedException {
        int typeField = in.u16();
        int type = typeField & 0x7FFF;
        if ((typeField & 0x8000) != 0) {
            return new TransformAttribute.TypeValue(type, in.u16());
        }
        int length = in.u16();
        return new TransformAttribute.TypeLengthValue(type, in.octets(length));
    }

    private static void writeAttribute(TransformAttribute attribute, WireWriter out) {
        switch (attribute) {
            case TransformAttribute.TypeValue tv -> {
                out.u16(0x8000 | tv.attributeType());
                out.u16(tv.value());
            }
            case TransformAttribute.TypeLengthValue tlv -> {
                out.u16(tlv.attributeType());
                out.u16(tlv.value().length());
                out.octets(tlv.value());
            }
        }
    }
}
