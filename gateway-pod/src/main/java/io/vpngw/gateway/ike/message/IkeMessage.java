package io.vpngw.gateway.ike.message;

import java.util.List;
import java.util.Objects;

/**
 * A whole IKEv2 message (RFC 7296 §3): header and payload chain.
 *
 * <p>The header's Next Payload and Length fields are derived from the payloads: the canonical
 * constructor replaces whatever the given header says for them. So a message built in code
 * encodes consistently, and {@code parse(encode(m))} gives back {@code m}.
 *
 * @param header   the IKE header, major version 2
 * @param payloads the payloads; an SK or SKF payload comes last
 */
public record IkeMessage(IkeHeader header, PayloadChain payloads) {

    public IkeMessage {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(payloads, "payloads");
        if (header.majorVersion() != IkeHeader.IKEV2) {
            throw new IllegalArgumentException(
                    "this codec writes IKEv2 only, not major version " + header.majorVersion());
        }
        header = header.withChain(payloads.firstType(), IkeHeader.SIZE + (long) payloads.encodedLength());
    }

    public static IkeMessage of(IkeHeader header, Payload... payloads) {
        return new IkeMessage(header, new PayloadChain(List.of(payloads)));
    }

    /**
     * Parses one IKE message that fills {@code buffer[offset, offset+length)} exactly: a UDP
     * datagram's payload, after the non-ESP marker on port 4500 (see {@link Port4500Datagram}).
     * Never throws for any content of the buffer and reads nothing outside the range, which itself
     * must lie within the buffer. An SK payload is left encrypted.
     *
     * <p>Malformed when: shorter than a header; major version other than 2 (check
     * {@link IkeHeader#peek} first to answer INVALID_MAJOR_VERSION); the Length field differs from
     * {@code length}; any payload or substructure length disagrees with its content or runs past
     * its parent; counts disagree with what follows; a field breaks a MUST of RFC 7296 or 7383
     * that this codec checks; or octets are left over.
     */
    public static ParseResult<IkeMessage> parse(byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        try {
            WireReader in = WireReader.over(buffer, offset, length);
            IkeHeader header = IkeHeader.read(in);
            if (header.majorVersion() != IkeHeader.IKEV2) {
                return new ParseResult.Malformed<>("unsupported IKE major version " + header.majorVersion());
            }
            if (header.length() != length) {
                return new ParseResult.Malformed<>(
                        "header Length is " + header.length() + " but the datagram holds " + length + " octets");
            }
            PayloadChain payloads = PayloadChain.read(in, header.nextPayload(), false);
            return new ParseResult.Parsed<>(new IkeMessage(header, payloads));
        } catch (MalformedException e) {
            return new ParseResult.Malformed<>(e.getMessage());
        }
    }

    public static ParseResult<IkeMessage> parse(byte[] datagram) {
        return parse(datagram, 0, datagram.length);
    }

    /** Octets of the encoded message, header included. */
    public int encodedLength() {
        return (int) header.length();
    }

    public byte[] encode() {
        byte[] out = new byte[encodedLength()];
        encode(out, 0);
        return out;
    }

    /** Writes the message into {@code destination} at {@code offset}; returns the octets written. */
    public int encode(byte[] destination, int offset) {
        int length = encodedLength();
        Objects.checkFromIndexSize(offset, length, destination.length);
        WireWriter out = new WireWriter(destination, offset);
        header.write(out);
        payloads.write(out);
        return length;
    }
}
