package io.vpngw.gateway.sstp;

import io.vpngw.gateway.p2s.CertificateRefusal;
import io.vpngw.gateway.p2s.Ipv4AddressPool;
import io.vpngw.gateway.ppp.PppFrame;
import io.vpngw.gateway.ppp.PppLink;
import io.vpngw.gateway.ppp.PppTimers;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's SSTP call on the gateway: the server state machine of [MS-SSTP] 3.3 with PPP
 * inside. TLS and the HTTP exchange happen on the connection's own thread; everything after runs
 * on the session's loop:
 *
 * <pre>
 *  CONNECT_REQUEST_PENDING ─Call Connect Request─► (admitted) Ack with nonce ─► CALL_CONNECTED_PENDING
 *     PPP: LCP ─► EAP-TLS (client certificate) ─► IPCP, over data packets
 *  CALL_CONNECTED_PENDING ─Call Connected, binding verified─► CALL_CONNECTED (IPv4 flows)
 *  any ─ wrong binding, timeout, refusal ─► Abort (status) ─► closed after the abort timer
 * </pre>
 * IPv4 is forwarded only in CALL_CONNECTED: a client cannot send traffic on the strength of PPP
 * alone, before the binding proves the PPP authentication happened inside this TLS connection.
 */
final class SstpServerSession {
    private static final Logger LOG = LoggerFactory.getLogger(SstpServerSession.class);
    private static final int MAX_NAKS = 3;
    /** Both hash protocols are offered; the client picks (Windows: SHA-256). */
    static final int OFFERED_HASHES = HashProtocol.SHA1.bit() | HashProtocol.SHA256.bit();

    enum State { CONNECT_REQUEST_PENDING, CALL_CONNECTED_PENDING, CALL_CONNECTED, ABORT_PENDING, DISCONNECT_PENDING, CLOSED }

    private final SstpServer server;
    private final SSLSocket socket;
    private final String remote;
    private final String name;
    private final SessionLoop loop;
    private final SecureRandom random;
    private final byte[] nonce = new byte[32];
    private final Instant started = Instant.now();
    private SstpConnection connection;
    private PppLink ppp;
    private volatile State state = State.CONNECT_REQUEST_PENDING;
    private boolean admitted;
    private int naks;
    private byte[] hlak;
    private X509Certificate clientCertificate;
    private volatile int clientAddress;
    private boolean networkUp;
    private boolean countedUp;
    private boolean echoOutstanding;
    private long lastActivity = System.nanoTime();
    private PppTimers.Timer negotiationTimer;
    private PppTimers.Timer helloTimer;
    private PppTimers.Timer closeTimer;
    private String endReason;

    SstpServerSession(SstpServer server, SSLSocket socket, long id, SecureRandom random) {
        this.server = server;
        this.socket = socket;
        this.random = random;
        this.remote = String.valueOf(socket.getRemoteSocketAddress());
        this.name = "sstp-" + id;
        this.loop = new SessionLoop(name, server.scheduler());
    }

    /** Runs on the connection's thread: TLS, HTTP, then the packet stream. */
    void run() {
        negotiationTimer = loop.schedule(server.timers().negotiation(), () -> abort(SstpStatus.NEGOTIATION_TIMEOUT, 0,
                "negotiation_timeout", "no Call Connected within " + server.timers().negotiation().toSeconds() + " s"));
        try {
            socket.setSoTimeout((int) server.timers().negotiation().toMillis());
            socket.startHandshake();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            OutputStream out = socket.getOutputStream();
            SstpHttp.Head head = SstpHttp.readHead(in);
            if (!head.isSstpRequest()) {
                SstpHttp.writeRefused(out, 404, "Not Found");
                loop.execute(() -> end("http_refused", "not an SSTP request: " + truncate(head.startLine())));
                socket.close();
                return;
            }
            SstpHttp.writeAccepted(out);
            socket.setSoTimeout(0); // from here the hello timer watches the peer
            connection = new SstpConnection(socket, in, out, loop, server.counters()::countDropped);
            connection.start(name, new SstpConnection.Receiver() {
                @Override
                public void packet(SstpPacket packet) {
                    receive(packet);
                }

                @Override
                public void ended(String reason, boolean framing) {
                    if (framing) {
                        server.counters().countDropped("sstp_bad_header");
                        abort(SstpStatus.INVALID_FRAME_RECEIVED, 0, "malformed", reason);
                    } else {
                        end(state == State.CALL_CONNECTED ? "connection_lost" : "connection_closed", reason);
                    }
                }
            });
        } catch (IOException e) {
            loop.execute(() -> end("tls_or_http_failed", e.getMessage()));
            closeQuietly();
        }
    }

    private void receive(SstpPacket packet) {
        if (state == State.CLOSED) {
            return;
        }
        restartHello();
        switch (packet) {
            case SstpPacket.Malformed m -> {
                server.counters().countDropped("sstp_malformed");
                LOG.debug("{} dropped a malformed SSTP packet from {}: {}", name, remote, m.reason());
            }
            case SstpPacket.Data d -> data(d.frame());
            case SstpPacket.Control c -> control(c);
        }
    }

    private void data(byte[] frame) {
        if (ppp == null || state == State.ABORT_PENDING || state == State.DISCONNECT_PENDING) {
            server.counters().countDropped("sstp_data_out_of_state");
            return;
        }
        ppp.receive(frame);
    }

    private void control(SstpPacket.Control c) {
        switch (c.type()) {
            case CALL_CONNECT_REQUEST -> connectRequest(c);
            case CALL_CONNECTED -> callConnected(c);
            case ECHO_REQUEST -> {
                if (state == State.CALL_CONNECTED || state == State.CALL_CONNECTED_PENDING) {
                    connection.send(new SstpPacket.Control(SstpMessageType.ECHO_RESPONSE));
                }
            }
            case ECHO_RESPONSE -> echoOutstanding = false;
            case CALL_ABORT -> {
                String status = c.attribute(SstpAttribute.StatusInfo.class).map(SstpAttribute.StatusInfo::describe).orElse("no status");
                if (state == State.ABORT_PENDING) {
                    end(endReason == null ? "aborted" : endReason, "the client answered our abort");
                } else {
                    connection.send(new SstpPacket.Control(SstpMessageType.CALL_ABORT));
                    lingerThenEnd("client_abort", "the client aborted: " + status, server.timers().abortReceived());
                }
            }
            case CALL_DISCONNECT -> {
                if (state == State.ABORT_PENDING || state == State.CLOSED) {
                    return;
                }
                connection.send(new SstpPacket.Control(SstpMessageType.CALL_DISCONNECT_ACK));
                lingerThenEnd("client_disconnect", "the client disconnected", server.timers().disconnectReceived());
            }
            case CALL_DISCONNECT_ACK -> {
                if (state == State.DISCONNECT_PENDING) {
                    end(endReason, "disconnect acknowledged");
                }
            }
            default -> server.counters().countDropped("sstp_unexpected_control");
        }
    }

    private void connectRequest(SstpPacket.Control c) {
        if (state != State.CONNECT_REQUEST_PENDING) {
            server.counters().countDropped("sstp_unexpected_control");
            return;
        }
        Optional<SstpAttribute.EncapsulatedProtocol> protocol = c.attribute(SstpAttribute.EncapsulatedProtocol.class);
        if (protocol.isEmpty() || protocol.get().protocol() != SstpAttribute.EncapsulatedProtocol.PPP) {
            if (++naks > MAX_NAKS) {
                abort(SstpStatus.RETRY_COUNT_EXCEEDED, 0, "protocol_not_supported", "the client asks for no protocol we carry");
                return;
            }
            connection.send(new SstpPacket.Control(SstpMessageType.CALL_CONNECT_NAK,
                    new SstpAttribute.StatusInfo(SstpAttribute.ENCAPSULATED_PROTOCOL_ID, SstpStatus.VALUE_NOT_SUPPORTED.code(),
                            new byte[] {0, (byte) SstpAttribute.EncapsulatedProtocol.PPP})));
            return;
        }
        Optional<String> refusal = server.admit();
        if (refusal.isPresent()) {
            // [MS-SSTP] has no status for "full"; the abort says the request cannot be served, the log and counter say why
            abort(SstpStatus.VALUE_NOT_SUPPORTED, SstpAttribute.ENCAPSULATED_PROTOCOL_ID, "session_limit", refusal.get());
            return;
        }
        admitted = true;
        random.nextBytes(nonce);
        connection.send(new SstpPacket.Control(SstpMessageType.CALL_CONNECT_ACK,
                new SstpAttribute.CryptoBindingRequest(OFFERED_HASHES, nonce)));
        state = State.CALL_CONNECTED_PENDING;
        restartHello(); // from here a silent client is asked with Echo Requests
        SSLEngine engine = server.eapTlsEngine();
        ppp = PppLink.authenticator(engine, connection::sendFrame, loop, random, this::allocateAddress,
                server.gatewayAddress(), server.dns(0), server.dns(1), new PppEvents());
        ppp.open();
    }

    private int allocateAddress() {
        int address = server.pool().allocate().orElse(0);
        clientAddress = address;
        return address;
    }

    private void callConnected(SstpPacket.Control c) {
        if (state != State.CALL_CONNECTED_PENDING) {
            abort(SstpStatus.UNACCEPTED_FRAME_RECEIVED, 0, "unexpected_call_connected", "Call Connected in state " + state);
            return;
        }
        String problem = verifyBinding(c);
        if (problem != null) {
            abort(SstpStatus.VALUE_NOT_SUPPORTED, SstpAttribute.CRYPTO_BINDING, "crypto_binding", problem);
            return;
        }
        state = State.CALL_CONNECTED;
        cancel(negotiationTimer);
        server.counters().sessionUp();
        countedUp = true;
        maybeRoute();
        LOG.info("p2s session {} connected: client {} certificate {} in {} ms", name, remote,
                clientCertificate == null ? "-" : clientCertificate.getSubjectX500Principal().getName(),
                Duration.between(started, Instant.now()).toMillis());
    }

    /** Why the Crypto Binding fails, or null when it verifies ([MS-SSTP] 3.3.5.2.3). */
    private String verifyBinding(SstpPacket.Control c) {
        Optional<SstpAttribute.CryptoBinding> attribute = c.attribute(SstpAttribute.CryptoBinding.class);
        if (attribute.isEmpty()) {
            return "Call Connected without a Crypto Binding attribute";
        }
        SstpAttribute.CryptoBinding b = attribute.get();
        Optional<HashProtocol> hash = HashProtocol.ofBit(b.hashProtocol());
        if (hash.isEmpty() || (hash.get().bit() & OFFERED_HASHES) == 0) {
            return "hash protocol " + b.hashProtocol() + " was not offered";
        }
        if (!Arrays.equals(b.nonce(), nonce)) {
            return "the nonce is not the one we sent";
        }
        if (!Arrays.equals(b.certificateHash(), hash.get().paddedHash(server.certificateDer()))) {
            return "the certificate hash is not our certificate's (a TLS intermediary?)";
        }
        if (hlak == null) {
            return "Call Connected before PPP authentication completed";
        }
        if (!CompoundMac.verifies(hash.get(), hlak, b)) {
            return "the Compound MAC does not verify";
        }
        return null;
    }

    private void maybeRoute() {
        if (state == State.CALL_CONNECTED && networkUp) {
            server.route(clientAddress, this);
        }
    }

    /** A datagram from the network for this client; false when dropped. Called on the TUN thread. */
    boolean deliver(byte[] packet, int offset, int length) {
        if (state != State.CALL_CONNECTED) {
            return false;
        }
        return connection.offerFrame(PppFrame.encode(PppFrame.IPV4, packet, offset, length));
    }

    /**
     * Notes activity for the hello timer. The timer is not re-armed per packet (that would put a
     * scheduler insertion on the data path); it checks the last activity when it fires.
     */
    private void restartHello() {
        echoOutstanding = false;
        lastActivity = System.nanoTime();
        if (helloTimer == null && (state == State.CALL_CONNECTED || state == State.CALL_CONNECTED_PENDING)) {
            helloTimer = loop.schedule(server.timers().hello(), this::helloExpired);
        }
    }

    private void helloExpired() {
        helloTimer = null;
        if (state != State.CALL_CONNECTED && state != State.CALL_CONNECTED_PENDING) {
            return;
        }
        long idle = System.nanoTime() - lastActivity;
        long hello = server.timers().hello().toNanos();
        if (idle < hello) { // traffic since: wait for the rest of the period
            helloTimer = loop.schedule(Duration.ofNanos(hello - idle), this::helloExpired);
            return;
        }
        if (echoOutstanding) {
            abort(SstpStatus.NEGOTIATION_TIMEOUT, 0, "echo_timeout", "no answer to an Echo Request");
            return;
        }
        echoOutstanding = true;
        connection.send(new SstpPacket.Control(SstpMessageType.ECHO_REQUEST));
        lastActivity = System.nanoTime(); // the answer must come within another period
        helloTimer = loop.schedule(server.timers().hello(), this::helloExpired);
    }

    /** Aborts the call with a status ([MS-SSTP] 3.3.5.x), logged and counted under {@code reason}. */
    private void abort(SstpStatus status, int attributeId, String reason, String detail) {
        if (state == State.ABORT_PENDING || state == State.CLOSED) {
            return;
        }
        server.counters().countRefused(reason);
        endReason = reason;
        LOG.warn("p2s session {} from {} aborted ({}): {}", name, remote, reason, detail);
        state = State.ABORT_PENDING;
        if (connection != null) {
            connection.send(new SstpPacket.Control(SstpMessageType.CALL_ABORT, new SstpAttribute.StatusInfo(attributeId, status)));
        }
        closeTimer = loop.schedule(server.timers().abortSent(), () -> end(reason, detail));
    }

    /** Ends the call from the gateway's side (configuration removed it, the gateway stops). */
    void disconnect(String reason) {
        loop.execute(() -> {
            if (state == State.CLOSED || state == State.ABORT_PENDING || state == State.DISCONNECT_PENDING) {
                return;
            }
            if (connection == null) {
                end(reason, "disconnected before the call began");
                return;
            }
            endReason = reason;
            if (ppp != null) {
                ppp.close(reason);
            }
            state = State.DISCONNECT_PENDING;
            connection.send(new SstpPacket.Control(SstpMessageType.CALL_DISCONNECT));
            closeTimer = loop.schedule(server.timers().disconnectSent(), () -> end(reason, "no Disconnect Ack"));
        });
    }

    /** Cuts the connection at once (the server is stopping and the client did not answer). */
    void forceClose() {
        loop.execute(() -> end(endReason == null ? "gateway_stopping" : endReason, "connection cut at shutdown"));
        closeQuietly();
    }

    private void lingerThenEnd(String reason, String detail, Duration linger) {
        state = State.ABORT_PENDING;
        endReason = reason;
        cancel(closeTimer);
        closeTimer = loop.schedule(linger, () -> end(reason, detail));
    }

    /** The end of the session: everything it held is given back, once. */
    private void end(String reason, String detail) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        cancel(negotiationTimer);
        cancel(helloTimer);
        cancel(closeTimer);
        if (clientAddress != 0) {
            server.unroute(clientAddress, this);
            server.pool().release(clientAddress);
        }
        if (admitted) {
            server.release();
        }
        if (countedUp) {
            server.counters().sessionDown();
        }
        if (connection != null) {
            connection.close();
            loop.schedule(Duration.ofSeconds(2), connection::closeSocket);
        } else {
            closeQuietly();
        }
        server.forget(this);
        LOG.info("p2s session {} from {} ended ({}): {}", name, remote, reason, detail);
        loop.schedule(Duration.ofSeconds(3), loop::stop);
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static void cancel(PppTimers.Timer t) {
        if (t != null) {
            t.cancel();
        }
    }

    private static String truncate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    int clientAddress() {
        return clientAddress;
    }

    State state() {
        return state;
    }

    /** A line for status: who, where from, since when. */
    SstpServer.SessionInfo info() {
        return new SstpServer.SessionInfo(name, remote, clientAddress == 0 ? "" : Ipv4AddressPool.format(clientAddress),
                clientCertificate == null ? "" : clientCertificate.getSubjectX500Principal().getName(), state.name(), started);
    }

    private final class PppEvents implements PppLink.Events {
        @Override
        public void authenticated(byte[] msk, X509Certificate client, String identity) {
            hlak = CompoundMac.hlak(msk);
            Arrays.fill(msk, (byte) 0);
            clientCertificate = client;
            LOG.info("p2s session {} authenticated {} (EAP identity '{}')", name, client.getSubjectX500Principal().getName(),
                    truncate(identity));
        }

        @Override
        public void authenticationFailed(CertificateRefusal refusal, String detail) {
            String reason = refusal == null ? "authentication_failed" : "certificate_" + refusal.label();
            abort(SstpStatus.NO_ERROR, 0, reason, detail);
        }

        @Override
        public void networkUp(int local, int peer, int dns1, int dns2) {
            networkUp = true;
            maybeRoute();
        }

        @Override
        public void ipv4(byte[] packet) {
            if (state != State.CALL_CONNECTED) {
                server.counters().countDropped("ipv4_before_binding");
                return;
            }
            if (packet.length < 20 || (packet[0] >> 4) != 4 || readInt(packet, 12) != clientAddress) {
                server.counters().countDropped("ipv4_bad_source"); // a client sends only from the address it was given
                return;
            }
            server.counters().fromClient(packet.length);
            server.egress().send(packet, 0, packet.length);
        }

        @Override
        public void linkDown(String reason) {
            if (state == State.CALL_CONNECTED || state == State.CALL_CONNECTED_PENDING) {
                connection.send(new SstpPacket.Control(SstpMessageType.CALL_DISCONNECT));
                state = State.DISCONNECT_PENDING;
                endReason = "ppp_down";
                closeTimer = loop.schedule(server.timers().disconnectSent(), () -> end("ppp_down", reason));
            }
        }

        @Override
        public void dropped(String reason) {
            server.counters().countDropped(reason);
        }
    }

    private static int readInt(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }
}
