package io.vpngw.gateway.routing;

/**
 * Lowers the Maximum Segment Size option of TCP SYN and SYN-ACK segments (RFC 9293 §3.7.1) so
 * that the segments of the connection fit the tunnel without fragmentation, as Azure does with
 * 1350. The TCP checksum is fixed incrementally (RFC 1624), in place, without allocating.
 *
 * <p>Clamp both directions: each side's SYN tells the other what it may send.
 */
public final class TcpMssClamp {

    /** The MSS Azure VPN gateways clamp to. */
    public static final int AZURE_MSS = 1350;

    private static final int TCP_MIN_HEADER_LENGTH = 20;
    private static final int TCP_FLAG_SYN = 0x02;
    private static final int OPTION_END = 0;
    private static final int OPTION_NOP = 1;
    private static final int OPTION_MSS = 2;
    private static final int OPTION_MSS_LENGTH = 4;

    private final int maximumSegmentSize;

    /** @param maximumSegmentSize the largest MSS to let through, 88..65535 */
    public TcpMssClamp(int maximumSegmentSize) {
        // 88 is the least MSS a 128-octet IPv4 MTU allows with maximal headers; lower is surely a mistake.
        if (maximumSegmentSize < 88 || maximumSegmentSize > 0xFFFF) {
            throw new IllegalArgumentException("MSS " + maximumSegmentSize + " is outside 88..65535");
        }
        this.maximumSegmentSize = maximumSegmentSize;
    }

    public static TcpMssClamp azure() {
        return new TcpMssClamp(AZURE_MSS);
    }

    public int maximumSegmentSize() {
        return maximumSegmentSize;
    }

    /**
     * Clamps the MSS option of the IPv4 packet at {@code packet[offset, offset + length)} if it is
     * a TCP segment with SYN set whose MSS exceeds the limit. Leaves everything else alone,
     * including packets whose header or options are malformed or cut off.
     *
     * @return whether the packet was changed
     */
    public boolean clamp(byte[] packet, int offset, int length) {
        if (!Ipv4Packet.isWellFormed(packet, offset, length)
                || Ipv4Packet.protocol(packet, offset) != Ipv4Packet.PROTOCOL_TCP
                || Ipv4Packet.isLaterFragment(packet, offset)) {
            return false;
        }
        int tcp = offset + Ipv4Packet.headerLength(packet, offset);
        int end = offset + Ipv4Packet.totalLength(packet, offset);
        if (end - tcp < TCP_MIN_HEADER_LENGTH || (packet[tcp + 13] & TCP_FLAG_SYN) == 0) {
            return false;
        }
        int tcpHeaderLength = (packet[tcp + 12] & 0xF0) >>> 2;
        if (tcpHeaderLength < TCP_MIN_HEADER_LENGTH || tcp + tcpHeaderLength > end) {
            return false;
        }
        int optionsEnd = tcp + tcpHeaderLength;
        int at = tcp + TCP_MIN_HEADER_LENGTH;
        while (at < optionsEnd) {
            int kind = packet[at] & 0xFF;
            if (kind == OPTION_END) {
                return false;
            }
            if (kind == OPTION_NOP) {
                at++;
                continue;
            }
            if (at + 1 >= optionsEnd) {
                return false;
            }
            int optionLength = packet[at + 1] & 0xFF;
            if (optionLength < 2 || at + optionLength > optionsEnd) {
                return false;
            }
            if (kind == OPTION_MSS && optionLength == OPTION_MSS_LENGTH) {
                return rewrite(packet, tcp, at + 2);
            }
            at += optionLength;
        }
        return false;
    }

    private boolean rewrite(byte[] packet, int tcp, int valueAt) {
        int advertised = Ipv4Packet.u16(packet, valueAt);
        if (advertised <= maximumSegmentSize) {
            return false;
        }
        Ipv4Packet.putU16(packet, valueAt, maximumSegmentSize);
        // The checksum sums 16-bit words aligned to the segment's start. Options need no alignment,
        // so the value may straddle two words; its contribution is then the byte-swapped value
        // (the sum is byte-order independent, RFC 1071 §2(B)), and so is the update.
        boolean straddles = ((valueAt - tcp) & 1) != 0;
        int oldWord = straddles ? Short.toUnsignedInt(Short.reverseBytes((short) advertised)) : advertised;
        int newWord = straddles ? Short.toUnsignedInt(Short.reverseBytes((short) maximumSegmentSize)) : maximumSegmentSize;
        int checksumAt = tcp + 16;
        Ipv4Packet.putU16(packet, checksumAt, InternetChecksum.update(Ipv4Packet.u16(packet, checksumAt), oldWord, newWord));
        return true;
    }
}
