package io.vpngw.gateway.sstp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The SSTP packet stream over an established HTTPS connection, for either end: a reader thread
 * cuts the stream into packets and hands them to the session's loop; a writer thread sends what
 * the session queues, in order. Data packets from the network side are dropped when the queue is
 * full (a slow client must not stall the gateway's TUN reader); control packets never are.
 *
 * <p>A header that is not SSTP 1.0 loses the framing: the reader reports it and stops.
 */
final class SstpConnection {
    /** Data packets allowed to wait for one slow client before they are dropped. */
    static final int MAX_QUEUED_DATA = 512;
    private static final byte[] CLOSE = new byte[0];

    /** What the reader reports, on the session's loop. */
    interface Receiver {
        void packet(SstpPacket packet);

        /** The stream ended or broke; {@code framing} when a bad header ended it. */
        void ended(String reason, boolean framing);
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final SessionLoop loop;
    private final LinkedBlockingQueue<byte[]> outgoing = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedData = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Consumer<String> drops;

    SstpConnection(Socket socket, InputStream in, OutputStream out, SessionLoop loop, Consumer<String> drops) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.loop = loop;
        this.drops = drops;
    }

    void start(String name, Receiver receiver) {
        Thread.ofVirtual().name(name + "-writer").start(this::write);
        Thread.ofVirtual().name(name + "-reader").start(() -> read(receiver));
    }

    private void read(Receiver receiver) {
        byte[] header = new byte[SstpCodec.HEADER_LENGTH];
        try {
            while (true) {
                if (!readFully(header, 0, header.length)) {
                    loop.execute(() -> receiver.ended("the peer closed the connection", false));
                    return;
                }
                int length = SstpCodec.packetLength(header, 0);
                if (length < 0) {
                    loop.execute(() -> receiver.ended("a packet header that is not SSTP 1.0", true));
                    return;
                }
                byte[] packet = new byte[length];
                System.arraycopy(header, 0, packet, 0, header.length);
                if (!readFully(packet, header.length, length - header.length)) {
                    loop.execute(() -> receiver.ended("the connection ended inside a packet", false));
                    return;
                }
                SstpPacket decoded = SstpCodec.decode(packet, 0, length);
                loop.execute(() -> receiver.packet(decoded));
            }
        } catch (IOException e) {
            if (!closed.get()) {
                loop.execute(() -> receiver.ended("connection error: " + e.getMessage(), false));
            }
        }
    }

    private boolean readFully(byte[] b, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int n = in.read(b, offset + done, length - done);
            if (n < 0) {
                return false;
            }
            done += n;
        }
        return true;
    }

    private void write() {
        try {
            while (true) {
                byte[] next = outgoing.take();
                if (next == CLOSE) {
                    break;
                }
                if ((next[1] & 0x01) == 0) {
                    queuedData.decrementAndGet();
                }
                out.write(next);
                if (outgoing.isEmpty()) {
                    out.flush();
                }
            }
            out.flush();
        } catch (IOException | InterruptedException e) {
            // the reader sees the broken connection and ends the session
        } finally {
            closeSocket();
        }
    }

    /** Queues a control message. */
    void send(SstpPacket.Control control) {
        if (!closed.get()) {
            outgoing.add(SstpCodec.encode(control));
        }
    }

    /** Queues a PPP frame that must not be lost (LCP, EAP, IPCP). */
    void sendFrame(byte[] frame) {
        if (!closed.get()) {
            queuedData.incrementAndGet();
            outgoing.add(SstpCodec.encodeData(frame, 0, frame.length));
        }
    }

    /** Queues a PPP frame carrying a datagram; false (and counted) when the client is too slow. */
    boolean offerFrame(byte[] frame) {
        if (closed.get()) {
            return false;
        }
        if (queuedData.incrementAndGet() > MAX_QUEUED_DATA) {
            queuedData.decrementAndGet();
            drops.accept("queue_full");
            return false;
        }
        outgoing.add(SstpCodec.encodeData(frame, 0, frame.length));
        return true;
    }

    /** Sends what is queued, then closes the connection. */
    void close() {
        if (closed.compareAndSet(false, true)) {
            outgoing.add(CLOSE);
        }
    }

    /** Closes the socket at once (the writer may be stuck on a peer that reads nothing). */
    void closeSocket() {
        closed.set(true);
        try {
            socket.close();
        } catch (IOException e) {
            // closing
        }
    }
}
