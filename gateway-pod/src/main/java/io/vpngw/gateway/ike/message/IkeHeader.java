package io.vpngw.gateway.ike.message;

import java.util.Objects;

/**
 * The fixed 28-octet IKE header (RFC 7296 §3.1), field by field as it travels.
 *
 * <p>{@link #peek} reads it alone, before and much cheaper than a full parse, which is what a
 * responder needs first: the SPIs to find the IKE SA, the message ID to spot a retransmission,
 * and the major version to answer INVALID_MAJOR_VERSION (§2.5) to a peer speaking a later IKE.
 *
 * <p>In an {@link IkeMessage}, {@code nextPayload} and {@code length} always describe the
 * message's payloads; see {@link IkeMessage#IkeMessage(IkeHeader, PayloadChain)}.
 *
 * @param initiatorSpi   IKE SA initiator's SPI, chosen by the original initiator (RFC 7296 forbids
 *                       zero; the codec leaves that check to the caller)
 * @param responderSpi   IKE SA responder's SPI; zero in the first IKE_SA_INIT request
 * @param nextPayload    type of the first payload
 * @param majorVersion   2 for IKEv2
 * @param minorVersion   sent as 0 and ignored on receipt, kept only so a header round-trips
 * @param exchangeType   the exchange this message belongs to
 * @param initiator      the I flag: set by the original initiator of the IKE SA, whichever side
 *                       sends the request
 * @param higherVersion  the V flag: the sender can speak a major version higher than this one
 * @param response       the R flag: this message answers a request with the same message ID
 * @param messageId      unsigned 32-bit message ID
 * @param length         unsigned 32-bit length of the whole message, header included
 */
public record IkeHeader(
        long initiatorSpi,
        long responderSpi,
        PayloadType nextPayload,
        int majorVersion,
        int minorVersion,
        ExchangeType exchangeType,
        boolean initiator,
        boolean higherVersion,
        boolean response,
        long messageId,
        long length) {

    /** Octets in the header. */
    public static final int SIZE = 28;
    /** The only major version this codec parses beyond the header. */
    public static final int IKEV2 = 2;

    static final int FLAG_INITIATOR = 0x08;
    static final int FLAG_VERSION = 0x10;
    static final int FLAG_RESPONSE = 0x20;

    public IkeHeader {
        Objects.requireNonNull(nextPayload, "nextPayload");
        Objects.requireNonNull(exchangeType, "exchangeType");
        if (majorVersion < 0 || majorVersion > 15 || minorVersion < 0 || minorVersion > 15) {
            throw new IllegalArgumentException("versions are 4-bit fields: " + majorVersion + "." + minorVersion);
        }
        FieldRange.u32(messageId, "messageId");
        FieldRange.u32(length, "length");
    }

    /**
     * A header for a message of this codec's IKE version. Next payload and length are left for
     * {@link IkeMessage} to fill in.
     */
    public static IkeHeader of(
            long initiatorSpi,
            long responderSpi,
            ExchangeType exchangeType,
            boolean initiator,
            boolean response,
            long messageId) {
        return new IkeHeader(
                initiatorSpi, responderSpi, PayloadType.NONE, IKEV2, 0, exchangeType, initiator, false, response,
                messageId, SIZE);
    }

    /**
     * Reads the header at the start of {@code buffer[offset, offset+length)} without looking
     * further. Malformed only if fewer than {@value #SIZE} octets are given; the version and length
     * fields are returned as found. The range itself must lie within the buffer.
     */
    public static ParseResult<IkeHeader> peek(byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        try {
            return new ParseResult.Parsed<>(read(WireReader.over(buffer, offset, length)));
        } catch (MalformedException e) {
            return new ParseResult.Malformed<>(e.getMessage());
        }
    }

    static IkeHeader read(WireReader in) throws MalformedException {
        long spiI = in.u64();
        long spiR = in.u64();
        int next = in.u8();
        int version = in.u8();
        int exchange = in.u8();
        int flags = in.u8();
        long messageId = in.u32();
        long length = in.u32();
        return new IkeHeader(
                spiI,
                spiR,
                new PayloadType(next),
                version >>> 4,
                version & 0x0F,
                new ExchangeType(exchange),
                (flags & FLAG_INITIATOR) != 0,
                (flags & FLAG_VERSION) != 0,
                (flags & FLAG_RESPONSE) != 0,
                messageId,
                length);
    }

    void write(WireWriter out) {
        out.u64(initiatorSpi);
        out.u64(responderSpi);
        out.u8(nextPayload.code());
        out.u8(majorVersion << 4 | minorVersion);
        out.u8(exchangeType.code());
        // Reserved flag bits are sent as zero (§3.1).
        out.u8((initiator ? FLAG_INITIATOR : 0) | (higherVersion ? FLAG_VERSION : 0) | (response ? FLAG_RESPONSE : 0));
        out.u32(messageId);
        out.u32(length);
    }

    public boolean isRequest() {
        return !response;
    }

    /** This header with the fields that describe the payloads replaced. */
    IkeHeader withChain(PayloadType first, long messageLength) {
        return new IkeHeader(
                initiatorSpi, responderSpi, first, majorVersion, minorVersion, exchangeType, initiator, higherVersion,
                response, messageId, messageLength);
    }
}
