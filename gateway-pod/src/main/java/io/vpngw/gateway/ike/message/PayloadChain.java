package io.vpngw.gateway.ike.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An ordered list of payloads as they are chained by Next Payload fields (RFC 7296 §3.2): the
 * payloads of a message, or the inner payloads of a decrypted SK payload. Encoding derives every
 * Next Payload and Payload Length field; parsing checks each against the octets that remain.
 *
 * <p>An SK or SKF payload may only come last, since its Next Payload field names its first inner
 * payload rather than a following one (§3.14). A chain decrypted from SK must not contain either.
 */
public record PayloadChain(List<Payload> payloads) {

    public static final PayloadChain EMPTY = new PayloadChain(List.of());

    /** Longest chain that still fits a message in one Java array. */
    private static final long MAX_ENCODED_LENGTH = Integer.MAX_VALUE - IkeHeader.SIZE;

    public PayloadChain {
        payloads = List.copyOf(payloads);
        long total = 0;
        for (int i = 0; i < payloads.size(); i++) {
            Payload payload = payloads.get(i);
            if (payload.type().isEncrypted() && i < payloads.size() - 1) {
                throw new IllegalArgumentException(payload.type() + " must be the last payload");
            }
            total += Payload.GENERIC_HEADER_SIZE + bodyLength(payload);
        }
        if (total > MAX_ENCODED_LENGTH) {
            throw new IllegalArgumentException("payloads would take " + total + " octets");
        }
    }

    public static PayloadChain of(Payload... payloads) {
        return new PayloadChain(List.of(payloads));
    }

    /**
     * Parses a chain that fills {@code buffer[offset, offset+length)} exactly, the first payload
     * being of type {@code first}: the plaintext of an SK payload, or of joined SKF fragments,
     * without IV, padding, pad length or ICV. Never throws for any content of the buffer; the range
     * itself must lie within it.
     */
    public static ParseResult<PayloadChain> parse(byte[] buffer, int offset, int length, PayloadType first) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        Objects.requireNonNull(first, "first");
        try {
            return new ParseResult.Parsed<>(read(WireReader.over(buffer, offset, length), first, true));
        } catch (MalformedException e) {
            return new ParseResult.Malformed<>(e.getMessage());
        }
    }

    /** Type of the first payload, or none for an empty chain: what the preceding header carries. */
    public PayloadType firstType() {
        return payloads.isEmpty() ? PayloadType.NONE : payloads.getFirst().type();
    }

    public boolean isEmpty() {
        return payloads.isEmpty();
    }

    /** The first payload of a kind, e.g. {@code first(NoncePayload.class)}. */
    public <T extends Payload> Optional<T> first(Class<T> kind) {
        for (Payload payload : payloads) {
            if (kind.isInstance(payload)) {
                return Optional.of(kind.cast(payload));
            }
        }
        return Optional.empty();
    }

    /** All payloads of a kind, in order. */
    public <T extends Payload> List<T> all(Class<T> kind) {
        return payloads.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** IDi or IDr. */
    public Optional<IdentificationPayload> identification(Party party) {
        return all(IdentificationPayload.class).stream().filter(p -> p.party() == party).findFirst();
    }

    /** TSi or TSr. */
    public Optional<TrafficSelectorPayload> trafficSelectors(Party party) {
        return all(TrafficSelectorPayload.class).stream().filter(p -> p.party() == party).findFirst();
    }

    /** Every Notify of one type, in order (NAT_DETECTION_SOURCE_IP may come several times). */
    public List<NotifyPayload> notifies(NotifyType type) {
        return all(NotifyPayload.class).stream().filter(n -> n.notifyType().equals(type)).toList();
    }

    public Optional<NotifyPayload> firstNotify(NotifyType type) {
        return all(NotifyPayload.class).stream().filter(n -> n.notifyType().equals(type)).findFirst();
    }

    public boolean hasNotify(NotifyType type) {
        return firstNotify(type).isPresent();
    }

    /** The first Notify of an error type: its presence in a response means the request failed. */
    public Optional<NotifyPayload> firstError() {
        return all(NotifyPayload.class).stream().filter(NotifyPayload::isError).findFirst();
    }

    /**
     * The type of the first payload that is not understood yet marked critical. A message with one
     * must be rejected whole, with UNSUPPORTED_CRITICAL_PAYLOAD naming this type (RFC 7296 §2.5).
     */
    public Optional<PayloadType> unsupportedCriticalPayload() {
        return all(UnknownPayload.class).stream()
                .filter(UnknownPayload::critical)
                .map(UnknownPayload::type)
                .findFirst();
    }

    /** Octets of the encoded chain, generic headers included. */
    public int encodedLength() {
        int total = 0;
        for (Payload payload : payloads) {
            total += Payload.GENERIC_HEADER_SIZE + bodyLength(payload);
        }
        return total;
    }

    public byte[] encode() {
        byte[] out = new byte[encodedLength()];
        write(new WireWriter(out, 0));
        return out;
    }

    /** Writes the chain into {@code destination} at {@code offset}; returns the octets written. */
    public int encode(byte[] destination, int offset) {
        int length = encodedLength();
        Objects.checkFromIndexSize(offset, length, destination.length);
        write(new WireWriter(destination, offset));
        return length;
    }

    void write(WireWriter out) {
        for (int i = 0; i < payloads.size(); i++) {
            Payload payload = payloads.get(i);
            PayloadType next = switch (payload) {
                case EncryptedPayload sk -> sk.firstInnerPayload();
                case EncryptedFragmentPayload skf -> skf.firstInnerPayload();
                default -> i + 1 < payloads.size() ? payloads.get(i + 1).type() : PayloadType.NONE;
            };
            boolean critical = payload instanceof UnknownPayload unknown && unknown.critical();
            out.u8(next.code());
            out.u8(critical ? 0x80 : 0); // the other seven bits are reserved, sent as zero
            out.u16(Payload.GENERIC_HEADER_SIZE + bodyLength(payload));
            writeBody(payload, out);
        }
    }

    /**
     * Reads payloads until a Next Payload of none, which must coincide with the end of the input.
     * Each step consumes at least a generic header, so the loop ends within length/4 steps.
     */
    static PayloadChain read(WireReader in, PayloadType first, boolean insideEncrypted) throws MalformedException {
        List<Payload> payloads = new ArrayList<>();
        int type = first.code();
        while (type != PayloadType.NONE.code()) {
            int next = in.u8();
            boolean critical = (in.u8() & 0x80) != 0;
            int length = in.u16();
            if (length < Payload.GENERIC_HEADER_SIZE) {
                throw in.malformed("payload length " + length + " is below the 4-octet generic header");
            }
            WireReader body = in.slice(length - Payload.GENERIC_HEADER_SIZE);
            PayloadType payloadType = new PayloadType(type);
            if (payloadType.isEncrypted()) {
                if (insideEncrypted) {
                    throw in.malformed(payloadType + " inside an encrypted payload");
                }
                if (in.hasRemaining()) {
                    throw in.malformed(payloadType + " is followed by " + in.remaining() + " octets; it must be last");
                }
                payloads.add(readEncrypted(payloadType, new PayloadType(next), body));
                return new PayloadChain(payloads);
            }
            payloads.add(readBody(payloadType, critical, body));
            body.expectEnd("payload", payloadType);
            type = next;
        }
        if (in.hasRemaining()) {
            throw in.malformed(in.remaining() + " octets follow the last payload");
        }
        return new PayloadChain(payloads);
    }

    private static Payload readEncrypted(PayloadType type, PayloadType firstInner, WireReader body)
            throws MalformedException {
        return type.equals(PayloadType.SK)
                ? EncryptedPayload.read(firstInner, body)
                : EncryptedFragmentPayload.read(firstInner, body);
    }

    private static Payload readBody(PayloadType type, boolean critical, WireReader body) throws MalformedException {
        return switch (type.code()) {
            case 33 -> SecurityAssociationPayload.read(body);
            case 34 -> KeyExchangePayload.read(body);
            case 35 -> IdentificationPayload.read(Party.INITIATOR, body);
            case 36 -> IdentificationPayload.read(Party.RESPONDER, body);
            case 37 -> CertificatePayload.read(body);
            case 38 -> CertificateRequestPayload.read(body);
            case 39 -> AuthenticationPayload.read(body);
            case 40 -> NoncePayload.read(body);
            case 41 -> NotifyPayload.read(body);
            case 42 -> DeletePayload.read(body);
            case 43 -> VendorIdPayload.read(body);
            case 44 -> TrafficSelectorPayload.read(Party.INITIATOR, body);
            case 45 -> TrafficSelectorPayload.read(Party.RESPONDER, body);
            case 47 -> ConfigurationPayload.read(body);
            case 48 -> EapPayload.read(body);
            default -> new UnknownPayload(type, critical, body.rest());
        };
    }

    private static int bodyLength(Payload payload) {
        return switch (payload) {
            case SecurityAssociationPayload p -> p.bodyLength();
            case KeyExchangePayload p -> p.bodyLength();
            case IdentificationPayload p -> p.bodyLength();
            case CertificatePayload p -> p.bodyLength();
            case CertificateRequestPayload p -> p.bodyLength();
            case AuthenticationPayload p -> p.bodyLength();
            case NoncePayload p -> p.bodyLength();
            case NotifyPayload p -> p.bodyLength();
            case DeletePayload p -> p.bodyLength();
            case VendorIdPayload p -> p.bodyLength();
            case TrafficSelectorPayload p -> p.bodyLength();
            case EncryptedPayload p -> p.bodyLength();
            case EncryptedFragmentPayload p -> p.bodyLength();
            case ConfigurationPayload p -> p.bodyLength();
            case EapPayload p -> p.bodyLength();
            case UnknownPayload p -> p.bodyLength();
        };
    }

    private static void writeBody(Payload payload, WireWriter out) {
        switch (payload) {
            case SecurityAssociationPayload p -> p.writeBody(out);
            case KeyExchangePayload p -> p.writeBody(out);
            case IdentificationPayload p -> p.writeBody(out);
            case CertificatePayload p -> p.writeBody(out);
            case CertificateRequestPayload p -> p.writeBody(out);
            case AuthenticationPayload p -> p.writeBody(out);
            case NoncePayload p -> p.writeBody(out);
            case NotifyPayload p -> p.writeBody(out);
            case DeletePayload p -> p.writeBody(out);
            case VendorIdPayload p -> p.writeBody(out);
            case TrafficSelectorPayload p -> p.writeBody(out);
            case EncryptedPayload p -> p.writeBody(out);
            case EncryptedFragmentPayload p -> p.writeBody(out);
            case ConfigurationPayload p -> p.writeBody(out);
            case EapPayload p -> p.writeBody(out);
            case UnknownPayload p -> p.writeBody(out);
        }
    }
}
