package io.vpngw.gateway.sstp;

import java.util.Arrays;
import java.util.HexFormat;

/** The attributes of SSTP control messages ([MS-SSTP] 2.2.4–2.2.8). */
public sealed interface SstpAttribute {

    int ENCAPSULATED_PROTOCOL_ID = 1;
    int STATUS_INFO = 2;
    int CRYPTO_BINDING = 3;
    int CRYPTO_BINDING_REQUEST = 4;

    /** The attribute's id on the wire. */
    int id();

    /** SSTP_ATTRIB_ENCAPSULATED_PROTOCOL_ID; PPP is the only protocol defined. */
    record EncapsulatedProtocol(int protocol) implements SstpAttribute {
        public static final int PPP = 1;

        @Override
        public int id() {
            return ENCAPSULATED_PROTOCOL_ID;
        }
    }

    /** SSTP_ATTRIB_STATUS_INFO: the attribute a status is about (0 for none), the status, the offending value. */
    record StatusInfo(int attributeId, long status, byte[] value) implements SstpAttribute {
        public static final int MAX_VALUE = 64;

        public StatusInfo {
            value = value.clone();
            if (value.length > MAX_VALUE) {
                throw new IllegalArgumentException("a status value holds at most 64 bytes");
            }
        }

        public StatusInfo(int attributeId, SstpStatus status) {
            this(attributeId, status.code(), new byte[0]);
        }

        @Override
        public int id() {
            return STATUS_INFO;
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        /** The status by name, or a number when it is not one of [MS-SSTP]'s. */
        public String describe() {
            SstpStatus known = SstpStatus.of(status);
            return (known == null ? "status " + status : known.name())
                    + (attributeId == 0 ? "" : " (attribute " + attributeId + ")");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof StatusInfo s && s.attributeId == attributeId && s.status == status && Arrays.equals(s.value, value);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * attributeId + Long.hashCode(status)) + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "StatusInfo[" + describe() + "]";
        }
    }

    /** SSTP_ATTRIB_CRYPTO_BINDING_REQ, in the Call Connect Ack: the hashes the server accepts and its nonce. */
    record CryptoBindingRequest(int hashProtocols, byte[] nonce) implements SstpAttribute {
        public CryptoBindingRequest {
            nonce = CryptoBinding.checkLength(nonce, CryptoBinding.NONCE_LENGTH, "nonce");
        }

        @Override
        public int id() {
            return CRYPTO_BINDING_REQUEST;
        }

        @Override
        public byte[] nonce() {
            return nonce.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CryptoBindingRequest r && r.hashProtocols == hashProtocols && Arrays.equals(r.nonce, nonce);
        }

        @Override
        public int hashCode() {
            return 31 * hashProtocols + Arrays.hashCode(nonce);
        }

        @Override
        public String toString() {
            return "CryptoBindingRequest[hashes=" + hashProtocols + ", nonce=" + HexFormat.of().formatHex(nonce) + "]";
        }
    }

    /**
     * SSTP_ATTRIB_CRYPTO_BINDING, in Call Connected: one hash protocol, the server's nonce echoed, the
     * hash of the server certificate the client saw, and the Compound MAC. Certificate hash and MAC
     * are 32-byte fields; with SHA-1 the 20-byte values are padded with zeros.
     */
    record CryptoBinding(int hashProtocol, byte[] nonce, byte[] certificateHash, byte[] compoundMac) implements SstpAttribute {
        public static final int NONCE_LENGTH = 32;
        public static final int FIELD_LENGTH = 32;

        public CryptoBinding {
            nonce = checkLength(nonce, NONCE_LENGTH, "nonce");
            certificateHash = checkLength(certificateHash, FIELD_LENGTH, "certificate hash");
            compoundMac = checkLength(compoundMac, FIELD_LENGTH, "compound MAC");
        }

        static byte[] checkLength(byte[] value, int length, String what) {
            if (value.length != length) {
                throw new IllegalArgumentException(what + " must be " + length + " bytes, not " + value.length);
            }
            return value.clone();
        }

        @Override
        public int id() {
            return CRYPTO_BINDING;
        }

        @Override
        public byte[] nonce() {
            return nonce.clone();
        }

        @Override
        public byte[] certificateHash() {
            return certificateHash.clone();
        }

        @Override
        public byte[] compoundMac() {
            return compoundMac.clone();
        }

        /** The same binding with another Compound MAC. */
        public CryptoBinding withCompoundMac(byte[] mac) {
            return new CryptoBinding(hashProtocol, nonce, certificateHash, mac);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CryptoBinding b && b.hashProtocol == hashProtocol && Arrays.equals(b.nonce, nonce)
                    && Arrays.equals(b.certificateHash, certificateHash) && Arrays.equals(b.compoundMac, compoundMac);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(new int[] {hashProtocol, Arrays.hashCode(nonce), Arrays.hashCode(certificateHash), Arrays.hashCode(compoundMac)});
        }

        @Override
        public String toString() {
            return "CryptoBinding[hash=" + hashProtocol + "]"; // the MAC and hashes are not for logs
        }
    }

    /** An attribute this implementation does not know; kept so the message can be refused precisely. */
    record Unknown(int id, byte[] value) implements SstpAttribute {
        public Unknown {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown u && u.id == id && Arrays.equals(u.value, value);
        }

        @Override
        public int hashCode() {
            return 31 * id + Arrays.hashCode(value);
        }
    }
}
