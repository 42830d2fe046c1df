package io.vpngw.gateway.ppp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * Drives a JDK {@link SSLEngine} through a handshake whose records travel inside EAP-TLS rather
 * than on a socket: each call feeds the records the peer sent and returns the records to send
 * back. Delegated tasks run on the calling thread (the session's), which is where certificate
 * validation happens.
 */
final class TlsRecordPump {
    /** RFC 5216 §2.3: Key_Material = TLS-PRF-128(master secret, "client EAP encryption", randoms) — the RFC 5705 exporter without context. */
    static final String EAP_TLS_LABEL = "client EAP encryption";
    static final int MSK_LENGTH = 64;

    private final SSLEngine engine;
    private boolean complete;

    TlsRecordPump(SSLEngine engine) throws SSLException {
        this.engine = engine;
        engine.beginHandshake();
    }

    boolean handshakeComplete() {
        return complete;
    }

    SSLEngine engine() {
        return engine;
    }

    /** Feeds {@code incoming} records; returns what the engine wants to send (possibly nothing). */
    byte[] feed(byte[] incoming) throws SSLException {
        ByteBuffer in = ByteBuffer.wrap(incoming);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        ByteBuffer net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        for (int guard = 0; guard < 10_000; guard++) {
            HandshakeStatus status = engine.getHandshakeStatus();
            switch (status) {
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                }
                case NEED_WRAP -> {
                    net.clear();
                    SSLEngineResult r = engine.wrap(ByteBuffer.allocate(0), net);
                    net.flip();
                    out.write(net.array(), 0, net.limit());
                    if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                        complete = true;
                    }
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        return out.toByteArray();
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (status == HandshakeStatus.NEED_UNWRAP && !in.hasRemaining()) {
                        return out.toByteArray();
                    }
                    app.clear();
                    SSLEngineResult r = engine.unwrap(in, app);
                    if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                        complete = true;
                    }
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        throw new SSLException("a TLS record was cut short inside EAP-TLS");
                    }
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new SSLException("the peer closed TLS during the EAP-TLS handshake");
                    }
                }
                case FINISHED, NOT_HANDSHAKING -> {
                    if (in.hasRemaining()) {
                        throw new SSLException("records after the end of the EAP-TLS handshake");
                    }
                    return out.toByteArray();
                }
            }
        }
        throw new SSLException("the TLS engine made no progress");
    }

    /** The MSK of RFC 5216 §2.3: the first 64 octets of the exported keying material. Call only once complete. */
    byte[] masterSessionKey() throws SSLException {
        if (!complete) {
            throw new SSLException("the EAP-TLS handshake is not complete");
        }
        ExtendedSSLSession session = (ExtendedSSLSession) engine.getSession();
        return session.exportKeyingMaterialData(EAP_TLS_LABEL, null, MSK_LENGTH);
    }
}
