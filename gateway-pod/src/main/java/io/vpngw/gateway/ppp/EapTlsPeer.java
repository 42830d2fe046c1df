package io.vpngw.gateway.ppp;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * The client's side of EAP-TLS (RFC 5216): answers Identity, runs the TLS handshake with its
 * certificate inside EAP, acknowledges fragments, and on EAP-Success derives the MSK.
 */
public final class EapTlsPeer {

    public interface Events {
        void authenticated(byte[] msk);

        void authenticationFailed(String detail);
    }

    private final SSLEngine engine;
    private final String identity;
    private final Consumer<byte[]> output;
    private final Events events;
    private final EapTlsFragments fragments = new EapTlsFragments();
    private TlsRecordPump pump;
    private boolean done;
    private int lastIdentifier = -1;

    /** @param engine a client-mode engine with the client's key and the gateway's trust anchors */
    public EapTlsPeer(SSLEngine engine, String identity, Consumer<byte[]> output, Events events) {
        this.engine = engine;
        this.identity = identity;
        this.output = output;
        this.events = events;
    }

    /** Handles one EAP packet from the gateway; false when it was malformed or unexpected, and dropped. */
    public boolean receive(byte[] information) {
        EapPacket p = EapPacket.decode(information);
        if (p == null || done) {
            return false;
        }
        switch (p.code()) {
            case EapPacket.SUCCESS -> {
                return success();
            }
            case EapPacket.FAILURE -> {
                done = true;
                events.authenticationFailed("the gateway sent EAP-Failure");
                return true;
            }
            case EapPacket.REQUEST -> {
                if (p.identifier() == lastIdentifier) {
                    return false; // a retransmission of what we answered; TCP makes it a duplicate
                }
                lastIdentifier = p.identifier();
                return request(p);
            }
            default -> {
                return false;
            }
        }
    }

    private boolean request(EapPacket p) {
        switch (p.type()) {
            case EapPacket.IDENTITY -> {
                respond(new EapPacket(EapPacket.RESPONSE, p.identifier(), EapPacket.IDENTITY, identity.getBytes(StandardCharsets.UTF_8)));
                return true;
            }
            case EapPacket.TLS -> {
                return tls(p);
            }
            default -> { // RFC 3748 §5.3.1: Legacy Nak, desiring EAP-TLS
                respond(new EapPacket(EapPacket.RESPONSE, p.identifier(), EapPacket.NAK, new byte[] {EapPacket.TLS}));
                return true;
            }
        }
    }

    private boolean tls(EapPacket p) {
        int flags = p.tlsFlags();
        byte[] fragment = p.tlsFragment();
        if (flags < 0 || fragment == null) {
            return false;
        }
        try {
            if ((flags & EapPacket.FLAG_START) != 0) {
                pump = new TlsRecordPump(engine);
                fragments.send(pump.feed(new byte[0]));
                respond(fragments.nextFragment(EapPacket.RESPONSE, p.identifier()));
                return true;
            }
            if (pump == null) {
                return false;
            }
            if (fragments.sending()) {
                if (fragment.length != 0) {
                    return false;
                }
                respond(fragments.nextFragment(EapPacket.RESPONSE, p.identifier()));
                return true;
            }
            byte[] message = fragments.receive(p);
            if (message == null) {
                fail("malformed or oversized EAP-TLS fragment from the gateway");
                return true;
            }
            if (message.length == 0 && (flags & EapPacket.FLAG_MORE) != 0) {
                respond(EapPacket.tls(EapPacket.RESPONSE, p.identifier(), 0, 0, new byte[0]));
                return true;
            }
            byte[] reply = pump.feed(message);
            if (reply.length == 0) { // the handshake is complete on our side: acknowledge, await Success
                respond(EapPacket.tls(EapPacket.RESPONSE, p.identifier(), 0, 0, new byte[0]));
            } else {
                fragments.send(reply);
                respond(fragments.nextFragment(EapPacket.RESPONSE, p.identifier()));
            }
            return true;
        } catch (SSLException e) {
            fail("TLS handshake failed: " + e.getMessage());
            return true;
        }
    }

    private boolean success() {
        done = true;
        try {
            if (pump == null || !pump.handshakeComplete()) {
                events.authenticationFailed("EAP-Success before the TLS handshake completed");
                return true;
            }
            events.authenticated(pump.masterSessionKey());
        } catch (SSLException e) {
            events.authenticationFailed("no EAP-TLS keying material: " + e.getMessage());
        }
        return true;
    }

    private void fail(String detail) {
        done = true;
        events.authenticationFailed(detail);
    }

    private void respond(EapPacket p) {
        output.accept(p.encode());
    }
}
