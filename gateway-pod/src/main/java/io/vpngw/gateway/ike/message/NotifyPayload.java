package io.vpngw.gateway.ike.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Notify payload (RFC 7296 §3.10): an error or status, optionally about one SA.
 *
 * @param protocol   the SA's protocol when {@code spi} names one, otherwise {@link ProtocolId#NONE}
 * @param spi        the SA concerned (4 octets for ESP/AH), or empty when the notification concerns
 *                   the IKE SA or no SA
 * @param notifyType what is being notified; unregistered types are kept
 * @param data       type-specific data
 */
public record NotifyPayload(ProtocolId protocol, Octets spi, NotifyType notifyType, Octets data) implements Payload {

    private static final int FIXED_SIZE = 4;
    private static final int MAX_COOKIE_SIZE = 64;

    public NotifyPayload {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(spi, "spi");
        Objects.requireNonNull(notifyType, "notifyType");
        Objects.requireNonNull(data, "data");
        FieldRange.u8(spi.length(), "SPI size");
        FieldRange.length16(FIXED_SIZE + spi.length() + data.length(), GENERIC_HEADER_SIZE, "Notify payload");
    }

    /** A notification about no particular SA. */
    public static NotifyPayload of(NotifyType type, Octets data) {
        return new NotifyPayload(ProtocolId.NONE, Octets.EMPTY, type, data);
    }

    /** A notification about no particular SA that carries no data. */
    public static NotifyPayload of(NotifyType type) {
        return of(type, Octets.EMPTY);
    }

    /** INVALID_KE_PAYLOAD naming the key exchange method the responder wants instead (§1.3). */
    public static NotifyPayload invalidKePayload(int acceptableGroup) {
        FieldRange.u16(acceptableGroup, "group");
        byte[] group = {(byte) (acceptableGroup >>> 8), (byte) acceptableGroup};
        return of(NotifyType.INVALID_KE_PAYLOAD, Octets.adopt(group));
    }

    /** COOKIE carrying 1 to 64 octets of responder state (§2.6). */
    public static NotifyPayload cookie(Octets cookie) {
        if (cookie.isEmpty() || cookie.length() > MAX_COOKIE_SIZE) {
            throw new IllegalArgumentException("a cookie is 1..64 octets: " + cookie.length());
        }
        return of(NotifyType.COOKIE, cookie);
    }

    /** UNSUPPORTED_CRITICAL_PAYLOAD naming the payload type that was not understood (§3.10.1). */
    public static NotifyPayload unsupportedCriticalPayload(PayloadType notUnderstood) {
        return of(NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD, Octets.adopt(new byte[] {(byte) notUnderstood.code()}));
    }

    /** REKEY_SA naming the Child SA a CREATE_CHILD_SA exchange replaces (§1.3.3). */
    public static NotifyPayload rekeySa(ProtocolId protocol, int spi) {
        return new NotifyPayload(protocol, Octets.ofInt(spi), NotifyType.REKEY_SA, Octets.EMPTY);
    }

    /** SIGNATURE_HASH_ALGORITHMS listing RFC 7427 hash algorithm identifiers. */
    public static NotifyPayload signatureHashAlgorithms(List<Integer> hashAlgorithms) {
        byte[] data = new byte[hashAlgorithms.size() * 2];
        for (int i = 0; i < hashAlgorithms.size(); i++) {
            int id = FieldRange.u16(hashAlgorithms.get(i), "hash algorithm");
            data[2 * i] = (byte) (id >>> 8);
            data[2 * i + 1] = (byte) id;
        }
        return of(NotifyType.SIGNATURE_HASH_ALGORITHMS, Octets.adopt(data));
    }

    public boolean isError() {
        return notifyType.isError();
    }

    /** For INVALID_KE_PAYLOAD with its two-octet data: the group the responder asks for. */
    public OptionalInt acceptableGroup() {
        if (!notifyType.equals(NotifyType.INVALID_KE_PAYLOAD) || data.length() != 2) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(data.unsignedByteAt(0) << 8 | data.unsignedByteAt(1));
    }

    /** For SIGNATURE_HASH_ALGORITHMS with even-length data: the hash algorithm identifiers. */
    public List<Integer> hashAlgorithms() {
        if (!notifyType.equals(NotifyType.SIGNATURE_HASH_ALGORITHMS) || data.length() % 2 != 0) {
            return List.of();
        }
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < data.length(); i += 2) {
            ids.add(data.unsignedByteAt(i) << 8 | data.unsignedByteAt(i + 1));
        }
        return List.copyOf(ids);
    }

    @Override
    public PayloadType type() {
        return PayloadType.NOTIFY;
    }

    int bodyLength() {
        return FIXED_SIZE + spi.length() + data.length();
    }

    static NotifyPayload read(WireReader body) throws MalformedException {
        int protocol = body.u8();
        int spiSize = body.u8();
        int type = body.u16();
        Octets spi = body.octets(spiSize);
        return new NotifyPayload(new ProtocolId(protocol), spi, new NotifyType(type), body.rest());
    }

    void writeBody(WireWriter out) {
        out.u8(protocol.code());
        out.u8(spi.length());
        out.u16(notifyType.code());
        out.octets(spi);
        out.octets(data);
    }
}
