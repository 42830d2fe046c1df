package io.vpngw.gateway.ike.message;

import java.util.Objects;

/**
 * What arrived on UDP port 4500, where IKE, ESP and NAT keepalives share one socket once NAT
 * traversal is in use (RFC 3948 §2). IKE messages there start with a four-octet non-ESP marker of
 * zeros, where ESP has its never-zero SPI; a keepalive is the single octet 0xFF.
 */
public sealed interface Port4500Datagram {

    /** Octets of the non-ESP marker. */
    int NON_ESP_MARKER_SIZE = 4;
    /** The only octet of a NAT-keepalive (RFC 3948 §2.3). */
    int KEEPALIVE_OCTET = 0xFF;
    /** An ESP packet has at least its SPI and sequence number. */
    int MIN_ESP_SIZE = 8;

    /** A NAT-keepalive, sent only to keep a NAT mapping alive; to be dropped. */
    record NatKeepalive() implements Port4500Datagram {}

    /** An IKE message occupying {@code length} octets from {@code offset}, the marker stripped. */
    record Ike(int offset, int length) implements Port4500Datagram {}

    /** An ESP packet occupying {@code length} octets from {@code offset}, starting with its SPI. */
    record Esp(int offset, int length) implements Port4500Datagram {}

    /** Neither: too short for ESP, or empty. To be dropped. */
    record Unrecognised(String reason) implements Port4500Datagram {}

    /**
     * Whether the datagram is ESP: the question asked of every packet, answered without creating
     * anything ({@link #classify} is for the rest).
     */
    public static boolean isEsp(byte[] buffer, int offset, int length) {
        return length >= MIN_ESP_SIZE
                && (buffer[offset] | buffer[offset + 1] | buffer[offset + 2] | buffer[offset + 3]) != 0;
    }

    /** Tells the datagram in {@code buffer[offset, offset+length)} apart; never throws for its content. */
    public static Port4500Datagram classify(byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 1 && (buffer[offset] & 0xFF) == KEEPALIVE_OCTET) {
            return new NatKeepalive();
        }
        if (length < NON_ESP_MARKER_SIZE) {
            return new Unrecognised(length + " octets are neither a keepalive nor a marked IKE message nor ESP");
        }
        boolean nonEspMarker = (buffer[offset] | buffer[offset + 1] | buffer[offset + 2] | buffer[offset + 3]) == 0;
        if (nonEspMarker) {
            return new Ike(offset + NON_ESP_MARKER_SIZE, length - NON_ESP_MARKER_SIZE);
        }
        if (length < MIN_ESP_SIZE) {
            return new Unrecognised(length + " octets are too short for ESP");
        }
        return new Esp(offset, length);
    }

    /** An encoded IKE message as it is sent on port 4500: prefixed with the non-ESP marker. */
    static byte[] withNonEspMarker(byte[] ikeMessage) {
        byte[] datagram = new byte[NON_ESP_MARKER_SIZE + ikeMessage.length];
        System.arraycopy(ikeMessage, 0, datagram, NON_ESP_MARKER_SIZE, ikeMessage.length);
        return datagram;
    }
}
