package io.vpngw.gateway.crypto.esp;

/**
 * Where {@link EspCipher#open} left the decrypted payload in the caller's buffer. Mutable and
 * reused across packets so that the receive path allocates nothing; owned by one thread.
 */
public final class OpenedPacket {

    private int payloadOffset;
    private int payloadLength;
    private int nextHeader;
    private long sequenceNumber;

    /** Offset of the inner packet (the Payload Data) in the buffer given to {@code open}. */
    public int payloadOffset() {
        return payloadOffset;
    }

    public int payloadLength() {
        return payloadLength;
    }

    /** The Next Header field: 4 for IPv4, 41 for IPv6, 59 for a dummy (TFC) packet. */
    public int nextHeader() {
        return nextHeader;
    }

    /** The full sequence number, including the ESN high-order bits when the SA uses them. */
    public long sequenceNumber() {
        return sequenceNumber;
    }

    void set(int payloadOffset, int payloadLength, int nextHeader, long sequenceNumber) {
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
        this.nextHeader = nextHeader;
        this.sequenceNumber = sequenceNumber;
    }

    @Override
    public String toString() {
        return "OpenedPacket[offset=" + payloadOffset + ", length=" + payloadLength + ", nextHeader=" + nextHeader
                + ", seq=" + Long.toUnsignedString(sequenceNumber) + "]";
    }
}
