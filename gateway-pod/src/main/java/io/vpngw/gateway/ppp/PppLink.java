package io.vpngw.gateway.ppp;

import io.vpngw.gateway.p2s.CertificateRefusal;
import java.security.cert.X509Certificate;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLEngine;

/**
 * One PPP link in userspace, over SSTP: the phases of RFC 1661 §3.2 — LCP establishes the link,
 * EAP-TLS authenticates the client, IPCP configures IPv4 — then IPv4 datagrams both ways.
 * The gateway plays the authenticator ({@link #authenticator}), the project's client the peer
 * ({@link #peer}).
 *
 * <p>Single-threaded: every call, timers included, comes from the session's event loop. Frames
 * that do not parse, or arrive in the wrong phase, are dropped and reported through
 * {@link Events#dropped}; nothing here throws on peer input.
 */
public final class PppLink {

    /** What the link tells its session. */
    public interface Events {
        /** Authentication succeeded; {@code msk} is the EAP-TLS Master Session Key (the HLAK's source). */
        void authenticated(byte[] msk, X509Certificate client, String identity);

        /** Authentication failed; {@code refusal} is set when a certificate was refused. */
        void authenticationFailed(CertificateRefusal refusal, String detail);

        /** IPCP is up: IPv4 may flow. */
        void networkUp(int localAddress, int peerAddress, int primaryDns, int secondaryDns);

        /** An IPv4 datagram from the peer. */
        void ipv4(byte[] packet);

        /** The link is down for good. */
        void linkDown(String reason);

        /** A frame was dropped. */
        void dropped(String reason);
    }

    public enum Phase { DEAD, ESTABLISH, AUTHENTICATE, NETWORK, TERMINATE }

    private final boolean gateway;
    private final Consumer<byte[]> frames;
    private final PppTimers timers;
    private final Events events;
    private final Lcp lcp;
    private EapTlsAuthenticator authenticator;
    private EapTlsPeer peer;
    private Ipcp ipcp;
    private Phase phase = Phase.DEAD;
    private final IntSupplier allocateClientAddress;
    private final int gatewayAddress;
    private final int primaryDns;
    private final int secondaryDns;
    private String downReason;

    private PppLink(boolean gateway, int mru, Consumer<byte[]> frames, PppTimers timers, RandomGenerator random, Events events,
                    IntSupplier allocateClientAddress, int gatewayAddress, int primaryDns, int secondaryDns) {
        this.gateway = gateway;
        this.frames = frames;
        this.timers = timers;
        this.events = events;
        this.allocateClientAddress = allocateClientAddress;
        this.gatewayAddress = gatewayAddress;
        this.primaryDns = primaryDns;
        this.secondaryDns = secondaryDns;
        this.lcp = new Lcp(gateway ? Lcp.Role.AUTHENTICATOR : Lcp.Role.PEER, mru, out(PppFrame.LCP), timers, random, new LcpEvents());
    }

    /**
     * The gateway's end.
     *
     * @param engine                a server-mode TLS engine for EAP-TLS that needs client authentication
     * @param allocateClientAddress gives the client an address once it is authenticated (0 when none is left)
     */
    public static PppLink authenticator(SSLEngine engine, Consumer<byte[]> frames, PppTimers timers, RandomGenerator random,
                                        IntSupplier allocateClientAddress, int gatewayAddress, int primaryDns, int secondaryDns,
                                        Events events) {
        PppLink link = new PppLink(true, Lcp.DEFAULT_MRU, frames, timers, random, events, allocateClientAddress,
                gatewayAddress, primaryDns, secondaryDns);
        link.authenticator = new EapTlsAuthenticator(engine, link.out(PppFrame.EAP), link.new AuthenticatorEvents());
        return link;
    }

    /** The client's end, with a client-mode TLS engine holding its certificate. */
    public static PppLink peer(SSLEngine engine, String identity, int mru, Consumer<byte[]> frames, PppTimers timers,
                               RandomGenerator random, Events events) {
        PppLink link = new PppLink(false, mru, frames, timers, random, events, () -> 0, 0, 0, 0);
        link.peer = new EapTlsPeer(engine, identity, link.out(PppFrame.EAP), link.new PeerEvents());
        return link;
    }

    public Phase phase() {
        return phase;
    }

    public boolean networkOpen() {
        return ipcp != null && ipcp.isOpened();
    }

    /** Starts LCP. */
    public void open() {
        if (phase == Phase.DEAD && downReason == null) {
            phase = Phase.ESTABLISH;
            lcp.open();
        }
    }

    /** Ends the link with an LCP Terminate-Request. */
    public void close(String reason) {
        if (phase == Phase.DEAD || phase == Phase.TERMINATE) {
            return;
        }
        phase = Phase.TERMINATE;
        if (ipcp != null) {
            ipcp.close(reason);
        }
        lcp.close(reason);
    }

    /** Handles one PPP frame from the peer. */
    public void receive(byte[] frameBytes) {
        PppFrame frame = PppFrame.decode(frameBytes);
        if (frame == null) {
            events.dropped("ppp_malformed");
            return;
        }
        boolean accepted = switch (frame.protocol()) {
            case PppFrame.LCP -> lcp.receive(frame.information());
            case PppFrame.EAP -> phase == Phase.AUTHENTICATE && eap(frame.information());
            case PppFrame.IPCP -> ipcp != null && phase == Phase.NETWORK && ipcp.receive(frame.information());
            case PppFrame.IPV4 -> {
                if (networkOpen()) {
                    events.ipv4(frame.information());
                    yield true;
                }
                yield false;
            }
            default -> {
                if (lcp.isOpened()) {
                    lcp.rejectProtocol(frame.protocol(), frame.information(), lcp.peerMru());
                    yield true;
                }
                yield false;
            }
        };
        if (!accepted) {
            events.dropped("ppp_unexpected");
        }
    }

    private boolean eap(byte[] information) {
        return gateway ? authenticator.receive(information) : peer.receive(information);
    }

    /** Sends an IPv4 datagram to the peer; false when IPCP is not open. */
    public boolean sendIpv4(byte[] packet, int offset, int length) {
        if (!networkOpen()) {
            return false;
        }
        frames.accept(PppFrame.encode(PppFrame.IPV4, packet, offset, length));
        return true;
    }

    /** Sends an LCP Echo-Request (keepalive at the PPP layer). */
    public void echo(byte[] data) {
        lcp.echo(data);
    }

    private Consumer<byte[]> out(int protocol) {
        return information -> frames.accept(PppFrame.encode(protocol, information, 0, information.length));
    }

    private void down(String reason) {
        if (downReason != null) {
            return;
        }
        downReason = reason;
        phase = Phase.DEAD;
        events.linkDown(reason);
    }

    private void startNetwork(int clientAddress) {
        phase = Phase.NETWORK;
        Ipcp.Events ipcpEvents = new Ipcp.Events() {
            @Override
            public void ipcpUp(int local, int peerAddress, int dns1, int dns2) {
                events.networkUp(local, peerAddress, dns1, dns2);
            }

            @Override
            public void ipcpFinished(String reason) {
                if (phase != Phase.TERMINATE) {
                    close(reason);
                }
            }
        };
        ipcp = gateway
                ? Ipcp.forGateway(gatewayAddress, clientAddress, primaryDns, secondaryDns, out(PppFrame.IPCP), timers, ipcpEvents)
                : Ipcp.forClient(out(PppFrame.IPCP), timers, ipcpEvents);
        ipcp.open();
    }

    private final class LcpEvents implements Lcp.Events {
        @Override
        public void lcpUp(int peerMru) {
            if (phase != Phase.ESTABLISH) {
                return; // renegotiated while running: keep going
            }
            phase = Phase.AUTHENTICATE;
            if (gateway) {
                authenticator.start();
            }
        }

        @Override
        public void lcpFinished(String reason) {
            down(reason);
        }

        @Override
        public void echoReplied(byte[] data) {
        }
    }

    private final class AuthenticatorEvents implements EapTlsAuthenticator.Events {
        @Override
        public void authenticated(X509Certificate client, String identity, byte[] msk) {
            int address = allocateClientAddress.getAsInt();
            events.authenticated(msk, client, identity);
            if (address == 0) {
                close("the client address pool is exhausted");
                return;
            }
            startNetwork(address);
        }

        @Override
        public void authenticationFailed(CertificateRefusal refusal, String detail) {
            events.authenticationFailed(refusal, detail);
            close("authentication failed");
        }
    }

    private final class PeerEvents implements EapTlsPeer.Events {
        @Override
        public void authenticated(byte[] msk) {
            events.authenticated(msk, null, "");
            startNetwork(0);
        }

        @Override
        public void authenticationFailed(String detail) {
            events.authenticationFailed(null, detail);
            close("authentication failed");
        }
    }
}
