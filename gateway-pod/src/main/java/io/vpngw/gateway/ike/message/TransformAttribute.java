package io.vpngw.gateway.ike.message;

import java.util.Objects;

/**
 * An attribute of a transform (RFC 7296 §3.3.5). The format bit picks one of two encodings, kept
 * apart here so that an attribute re-encodes exactly as it was received. The only attribute
 * RFC 7296 defines is Key Length, always in the short form.
 */
public sealed interface TransformAttribute {

    /** Key Length in bits, for ciphers with variable key sizes (AES). */
    int KEY_LENGTH = 14;

    /** The 15-bit attribute type. */
    int attributeType();

    /** Octets this attribute occupies on the wire. */
    int encodedLength();

    static TransformAttribute keyLength(int bits) {
        return new TypeValue(KEY_LENGTH, bits);
    }

    /** Short form (format bit set): a 16-bit value in place of the length. */
    record TypeValue(int attributeType, int value) implements TransformAttribute {
        public TypeValue {
            FieldRange.u15(attributeType, "attribute type");
            FieldRange.u16(value, "attribute value");
        }

        @Override
        public int encodedLength() {
            return 4;
        }
    }

    /** Long form (format bit clear): a 16-bit length followed by that many octets. */
    record TypeLengthValue(int attributeType, Octets value) implements TransformAttribute {
        public TypeLengthValue {
            FieldRange.u15(attributeType, "attribute type");
            Objects.requireNonNull(value, "value");
            FieldRange.u16(value.length(), "attribute length");
        }

        @Override
        public int encodedLength() {
            return 4 + value.length();
        }
    }
}
