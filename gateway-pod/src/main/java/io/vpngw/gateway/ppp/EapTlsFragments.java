package io.vpngw.gateway.ppp;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * EAP-TLS fragmentation (RFC 5216 §2.1.5) for one direction each way: TLS records to send are cut
 * into fragments (the first with the L flag and total length, all but the last with M); fragments
 * received are gathered until one arrives without M. A reassembled message is bounded, so a
 * peer cannot make the gateway buffer without limit.
 */
final class EapTlsFragments {
    static final int FRAGMENT = 1024;
    static final int MAX_MESSAGE = 64 * 1024;

    private byte[] outgoing = new byte[0];
    private int sent;
    private final ByteArrayOutputStream incoming = new ByteArrayOutputStream();

    /** Queues TLS records to send. */
    void send(byte[] records) {
        outgoing = records;
        sent = 0;
    }

    boolean sending() {
        return sent < outgoing.length;
    }

    /** The next EAP-TLS packet of the queued records. */
    EapPacket nextFragment(int code, int identifier) {
        int length = Math.min(FRAGMENT, outgoing.length - sent);
        boolean first = sent == 0;
        boolean more = sent + length < outgoing.length;
        int flags = (more ? EapPacket.FLAG_MORE : 0) | (first && more ? EapPacket.FLAG_LENGTH : 0);
        byte[] fragment = Arrays.copyOfRange(outgoing, sent, sent + length);
        sent += length;
        return EapPacket.tls(code, identifier, flags, outgoing.length, fragment);
    }

    /**
     * Adds a received fragment; returns the whole message once the last fragment came, an empty
     * array while more are due, or null when the fragment is malformed or the message too large.
     */
    byte[] receive(EapPacket packet) {
        byte[] fragment = packet.tlsFragment();
        if (fragment == null || incoming.size() + fragment.length > MAX_MESSAGE) {
            incoming.reset();
            return null;
        }
        incoming.writeBytes(fragment);
        if ((packet.tlsFlags() & EapPacket.FLAG_MORE) != 0) {
            return new byte[0];
        }
        byte[] message = incoming.toByteArray();
        incoming.reset();
        return message;
    }

    boolean receiving() {
        return incoming.size() > 0;
    }
}
