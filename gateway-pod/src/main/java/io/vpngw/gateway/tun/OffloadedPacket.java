package io.vpngw.gateway.tun;

import io.vpngw.gateway.tun.TunDevice.ReadVerdict;

/**
 * A packet read from a TUN opened with {@code IFF_VNET_HDR} and offloads: a 10-octet
 * {@code virtio_net_hdr} in front of an IPv4 packet that may be a TCP or UDP <em>super-packet</em>
 * of up to 64 KB, which the kernel left unsegmented ({@code gso_type}) and whose transport
 * checksum it may have left for us to finish ({@code VIRTIO_NET_HDR_F_NEEDS_CSUM}).
 *
 * <p>{@link #parse} checks the header against the packet; {@link #writeSegment} then cuts the
 * super-packet into the packets the kernel would have sent: each with the headers copied, the IP
 * total length, identification and checksum, the TCP sequence number and flags (FIN and PSH on
 * the last segment only, CWR on the first only), the UDP length, and the transport checksum.
 * Nothing is trusted that is not checked: lengths and offsets from the header must agree with the
 * packet, or it is malformed.
 *
 * <p>One instance per reading thread, reused for every packet (it keeps the parsed fields).
 */
final class OffloadedPacket {

    /** {@code sizeof(struct virtio_net_hdr)}, little-endian on the machines this runs on. */
    static final int VNET_HEADER_SIZE = 10;
    static final int FLAG_NEEDS_CHECKSUM = 1;
    static final int GSO_NONE = 0;
    static final int GSO_TCPV4 = 1;
    static final int GSO_UDP_L4 = 5;
    static final int GSO_ECN = 0x80;

    private static final int PROTOCOL_TCP = 6;
    private static final int PROTOCOL_UDP = 17;
    private static final int TCP_HEADER_MIN = 20;
    private static final int UDP_HEADER = 8;
    private static final int TCP_FIN = 0x01;
    private static final int TCP_PSH = 0x08;
    private static final int TCP_CWR = 0x80;

    /** What {@link #parse} found. */
    enum Kind { SINGLE, SEGMENTED, DROP }

    private byte[] buffer;
    private int packetOffset;
    private int packetLength;
    private int ipHeaderLength;
    private int headersLength;
    private int protocol;
    private int segmentSize;
    private int payloadLength;
    private int segmentCount;
    private ReadVerdict dropReason = ReadVerdict.DELIVER;

    /**
     * Parses {@code read} octets at {@code buffer[offset]}: the virtio-net header, then the
     * packet. A single packet gets its checksum finished in place; a super-packet is ready for
     * {@link #writeSegment}. On {@link Kind#DROP}, {@link #dropReason()} says why.
     */
    Kind parse(byte[] buffer, int offset, int read, int offered) {
        this.buffer = buffer;
        this.packetOffset = offset + VNET_HEADER_SIZE;
        this.packetLength = read - VNET_HEADER_SIZE;
        if (read < VNET_HEADER_SIZE + 1) {
            return drop(ReadVerdict.MALFORMED);
        }
        ReadVerdict verdict = TunDevice.verdict(buffer, packetOffset, packetLength, offered - VNET_HEADER_SIZE);
        if (verdict != ReadVerdict.DELIVER) {
            return drop(verdict);
        }
        int flags = buffer[offset] & 0xFF;
        int gsoType = buffer[offset + 1] & 0xFF & ~GSO_ECN;
        segmentSize = littleEndianShort(buffer, offset + 4);
        int checksumStart = littleEndianShort(buffer, offset + 6);
        int checksumOffset = littleEndianShort(buffer, offset + 8);
        ipHeaderLength = (buffer[packetOffset] & 0x0F) * 4;
        protocol = buffer[packetOffset + 9] & 0xFF;

        if (gsoType == GSO_NONE) {
            if ((flags & FLAG_NEEDS_CHECKSUM) != 0) {
                if (checksumStart < ipHeaderLength || checksumOffset > packetLength
                        || checksumStart > packetLength - checksumOffset - 2) {
                    return drop(ReadVerdict.MALFORMED);
                }
                finishChecksum(checksumStart, checksumOffset);
            }
            segmentCount = 1;
            return Kind.SINGLE;
        }
        if (gsoType == GSO_TCPV4 && protocol == PROTOCOL_TCP && packetLength >= ipHeaderLength + TCP_HEADER_MIN) {
            int tcpHeaderLength = ((buffer[packetOffset + ipHeaderLength + 12] & 0xF0) >>> 4) * 4;
            headersLength = ipHeaderLength + tcpHeaderLength;
            if (tcpHeaderLength < TCP_HEADER_MIN) {
                return drop(ReadVerdict.MALFORMED);
            }
        } else if (gsoType == GSO_UDP_L4 && protocol == PROTOCOL_UDP) {
            headersLength = ipHeaderLength + UDP_HEADER;
        } else {
            return drop(ReadVerdict.MALFORMED);
        }
        payloadLength = packetLength - headersLength;
        if (segmentSize == 0 || payloadLength < 0) {
            return drop(ReadVerdict.MALFORMED);
        }
        segmentCount = Math.max(1, (payloadLength + segmentSize - 1) / segmentSize);
        return Kind.SEGMENTED;
    }

    /** Why the last {@link #parse} returned {@link Kind#DROP}. */
    ReadVerdict dropReason() {
        return dropReason;
    }

    /** Where the (single, checksum-finished) packet starts in the buffer given to {@link #parse}. */
    int packetOffset() {
        return packetOffset;
    }

    int packetLength() {
        return packetLength;
    }

    /** How many packets the super-packet becomes. */
    int segmentCount() {
        return segmentCount;
    }

    /** The length of the longest segment: the headers and one full segment of payload. */
    int largestSegmentLength() {
        return headersLength + Math.min(segmentSize, payloadLength);
    }

    /**
     * Writes segment {@code index} (0-based) of the super-packet as a complete IPv4 packet at
     * {@code out[outOffset]}; returns its length.
     */
    int writeSegment(int index, byte[] out, int outOffset) {
        int payloadStart = index * segmentSize;
        int chunk = Math.min(segmentSize, payloadLength - payloadStart);
        int length = headersLength + chunk;
        System.arraycopy(buffer, packetOffset, out, outOffset, headersLength);
        System.arraycopy(buffer, packetOffset + headersLength + payloadStart, out, outOffset + headersLength, chunk);

        putShort(out, outOffset + 2, length);
        putShort(out, outOffset + 4, getShort(buffer, packetOffset + 4) + index);
        putShort(out, outOffset + 10, 0);
        putShort(out, outOffset + 10, InternetChecksum.ipv4Header(out, outOffset, ipHeaderLength));

        int transport = outOffset + ipHeaderLength;
        int transportLength = length - ipHeaderLength;
        int checksumField;
        if (protocol == PROTOCOL_TCP) {
            putInt(out, transport + 4, getInt(buffer, packetOffset + ipHeaderLength + 4) + payloadStart);
            int flags = out[transport + 13] & 0xFF;
            if (index != segmentCount - 1) {
                flags &= ~(TCP_FIN | TCP_PSH);
            }
            if (index != 0) {
                flags &= ~TCP_CWR;
            }
            out[transport + 13] = (byte) flags;
            checksumField = transport + 16;
        } else {
            putShort(out, transport + 4, transportLength);
            checksumField = transport + 6;
        }
        putShort(out, checksumField, 0);
        long sum = InternetChecksum.pseudoHeader(getInt(out, outOffset + 12), getInt(out, outOffset + 16), protocol,
                transportLength);
        int checksum = InternetChecksum.finish(InternetChecksum.add(sum, out, transport, transportLength));
        putShort(out, checksumField, protocol == PROTOCOL_UDP && checksum == 0 ? 0xFFFF : checksum);
        return length;
    }

    /**
     * Finishes a checksum the kernel left partial: the field holds the pseudo-header sum, so the
     * sum from {@code checksumStart} to the end, complemented, is the checksum.
     */
    private void finishChecksum(int checksumStart, int checksumOffset) {
        int start = packetOffset + checksumStart;
        int checksum = InternetChecksum.finish(InternetChecksum.add(0, buffer, start, packetLength - checksumStart));
        putShort(buffer, start + checksumOffset, checksum == 0 ? 0xFFFF : checksum);
    }

    private Kind drop(ReadVerdict reason) {
        dropReason = reason;
        return Kind.DROP;
    }

    private static int littleEndianShort(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    private static int getShort(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    private static int getInt(byte[] b, int i) {
        return getShort(b, i) << 16 | getShort(b, i + 2);
    }

    private static void putShort(byte[] b, int i, int value) {
        b[i] = (byte) (value >>> 8);
        b[i + 1] = (byte) value;
    }

    private static void putInt(byte[] b, int i, int value) {
        putShort(b, i, value >>> 16);
        putShort(b, i + 2, value);
    }
}
