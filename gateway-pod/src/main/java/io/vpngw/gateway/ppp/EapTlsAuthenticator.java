package io.vpngw.gateway.ppp;

import io.vpngw.gateway.p2s.CertificateRefusal;
import io.vpngw.gateway.p2s.RefusedCertificateException;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The gateway's side of EAP (RFC 3748) with EAP-TLS (RFC 5216): Identity, then a TLS handshake
 * inside EAP that requires a client certificate, judged by the trust manager of the engine's
 * context (the point-to-site policy). On success the MSK is derived with the TLS exporter and
 * handed up for the SSTP crypto binding; on failure an EAP-Failure is sent and the reason
 * reported. EAP-TLS runs over TLS 1.2 (Windows' SSTP client's default).
 *
 * <p>Requests are not retransmitted: SSTP runs over TCP and nothing is lost; a client that stops
 * answering is ended by SSTP's negotiation timer.
 */
public final class EapTlsAuthenticator {

    /** The outcome, reported once. */
    public interface Events {
        void authenticated(X509Certificate client, String identity, byte[] msk);

        /** @param reason a certificate refusal, or null for any other failure */
        void authenticationFailed(CertificateRefusal reason, String detail);
    }

    private enum Stage { IDLE, IDENTITY, TLS, DONE }

    private final SSLEngine engine;
    private final Consumer<byte[]> output;
    private final Events events;
    private final EapTlsFragments fragments = new EapTlsFragments();
    private TlsRecordPump pump;
    private Stage stage = Stage.IDLE;
    private int identifier;
    private String identity = "";

    /** @param engine a server-mode engine that needs client authentication, not yet used */
    public EapTlsAuthenticator(SSLEngine engine, Consumer<byte[]> output, Events events) {
        this.engine = engine;
        this.output = output;
        this.events = events;
    }

    /** Asks for the client's identity; call when LCP is up. */
    public void start() {
        if (stage == Stage.IDLE) {
            stage = Stage.IDENTITY;
            request(new EapPacket(EapPacket.REQUEST, nextIdentifier(), EapPacket.IDENTITY, new byte[0]));
        }
    }

    public boolean finished() {
        return stage == Stage.DONE;
    }

    /** Handles one EAP packet from the client; false when it was malformed or out of turn, and dropped. */
    public boolean receive(byte[] information) {
        EapPacket p = EapPacket.decode(information);
        if (p == null || p.code() != EapPacket.RESPONSE || p.identifier() != identifier || stage == Stage.DONE) {
            return false;
        }
        return switch (stage) {
            case IDENTITY -> identity(p);
            case TLS -> tls(p);
            default -> false;
        };
    }

    private boolean identity(EapPacket p) {
        if (p.type() != EapPacket.IDENTITY) {
            return false;
        }
        identity = new String(p.typeData(), StandardCharsets.UTF_8);
        try {
            pump = new TlsRecordPump(engine);
        } catch (SSLException e) {
            fail(null, "TLS engine: " + e.getMessage());
            return true;
        }
        stage = Stage.TLS;
        request(EapPacket.tls(EapPacket.REQUEST, nextIdentifier(), EapPacket.FLAG_START, 0, new byte[0]));
        return true;
    }

    private boolean tls(EapPacket p) {
        if (p.type() == EapPacket.NAK) {
            fail(null, "the client refuses EAP-TLS (Legacy Nak)");
            return true;
        }
        if (p.tlsFlags() < 0) {
            return false;
        }
        byte[] fragment = p.tlsFragment();
        if (fragment == null) {
            return false;
        }
        if (fragments.sending()) { // the client acknowledges a fragment of ours
            if (fragment.length != 0) {
                return false;
            }
            request(fragments.nextFragment(EapPacket.REQUEST, nextIdentifier()));
            return true;
        }
        if (fragment.length == 0 && !fragments.receiving()) {
            if (!pump.handshakeComplete()) {
                fail(null, "the client sent an empty EAP-TLS response before the handshake completed");
                return true;
            }
            succeed();
            return true;
        }
        byte[] message = fragments.receive(p);
        if (message == null) {
            fail(null, "malformed or oversized EAP-TLS fragment");
            return true;
        }
        if (message.length == 0) { // more fragments to come: acknowledge
            request(EapPacket.tls(EapPacket.REQUEST, nextIdentifier(), 0, 0, new byte[0]));
            return true;
        }
        byte[] reply;
        try {
            reply = pump.feed(message);
        } catch (SSLException e) {
            RefusedCertificateException refused = RefusedCertificateException.in(e);
            if (refused != null) {
                fail(refused.reason(), refused.getMessage());
            } else {
                fail(null, "TLS handshake failed: " + e.getMessage());
            }
            return true;
        }
        if (reply.length == 0) {
            fail(null, "the TLS handshake stalled");
            return true;
        }
        fragments.send(reply);
        request(fragments.nextFragment(EapPacket.REQUEST, nextIdentifier()));
        return true;
    }

    private void succeed() {
        X509Certificate client;
        byte[] msk;
        try {
            Certificate[] chain = engine.getSession().getPeerCertificates();
            client = (X509Certificate) chain[0];
            msk = pump.masterSessionKey();
        } catch (SSLPeerUnverifiedException e) {
            fail(CertificateRefusal.NO_CERTIFICATE, "the client presented no certificate");
            return;
        } catch (SSLException e) {
            fail(null, "no EAP-TLS keying material: " + e.getMessage());
            return;
        }
        stage = Stage.DONE;
        output.accept(EapPacket.success(identifier).encode());
        events.authenticated(client, identity, msk);
    }

    private void fail(CertificateRefusal reason, String detail) {
        stage = Stage.DONE;
        output.accept(EapPacket.failure(identifier).encode());
        engine.closeOutbound();
        events.authenticationFailed(reason, detail);
    }

    private void request(EapPacket p) {
        output.accept(p.encode());
    }

    private int nextIdentifier() {
        identifier = (identifier + 1) & 0xFF;
        return identifier;
    }

    /** What the client called itself in EAP-Identity (informational only: the certificate decides). */
    public String identity() {
        return identity;
    }
}
