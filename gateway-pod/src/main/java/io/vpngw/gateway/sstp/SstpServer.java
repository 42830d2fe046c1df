package io.vpngw.gateway.sstp;

import io.vpngw.gateway.p2s.ClientCertificatePolicy;
import io.vpngw.gateway.p2s.ClientCertificateTrustManager;
import io.vpngw.gateway.p2s.Ipv4AddressPool;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's SSTP server for point-to-site clients: TLS on TCP (443 in the pod) with the
 * gateway's SSTP server certificate, one {@link SstpServerSession} per connection, a session
 * limit from the SKU, client addresses from vpnClientAddressPool, and the routing of IPv4 from
 * the network to the session that owns the destination address ({@link #deliver}).
 *
 * <p>Threads: one virtual thread accepts; each connection has a reader, a writer and an event
 * loop, all virtual; one platform thread runs every session's timers. A design for 10,000
 * sessions would keep this shape (virtual threads cost a few KiB each) but move TLS to
 * SSLEngine over non-blocking channels to share buffers; see gateway-pod/README.md.
 */
public final class SstpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SstpServer.class);

    /**
     * @param bindAddress    where to listen
     * @param port           TCP port (443 in the pod; 0 for any, in tests)
     * @param key            the SSTP server certificate's private key
     * @param chain          the SSTP server certificate, then its issuers
     * @param clients        which client certificates are accepted
     * @param addressPool    vpnClientAddressPool prefixes
     * @param gatewayAddress the gateway's end of every PPP link (reserved from the pool)
     * @param dnsServers     up to two DNS servers handed to clients (RFC 1877)
     * @param sessionLimit   the SKU's SSTP session limit
     * @param sku            the SKU's name, for the refusal's message
     */
    public record Settings(String bindAddress, int port, PrivateKey key, List<X509Certificate> chain,
                           ClientCertificatePolicy clients, List<String> addressPool, int gatewayAddress,
                           List<Integer> dnsServers, int sessionLimit, String sku, SstpTimers timers) {
        public Settings {
            chain = List.copyOf(chain);
            addressPool = List.copyOf(addressPool);
            dnsServers = List.copyOf(dnsServers);
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(clients, "clients");
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("the SSTP server needs its certificate");
            }
            if (dnsServers.size() > 2) {
                throw new IllegalArgumentException("IPCP hands out at most two DNS servers");
            }
        }

        @Override
        public String toString() { // never the key
            return "SstpServer.Settings[" + bindAddress + ":" + port + ", " + chain.getFirst().getSubjectX500Principal().getName()
                    + ", pool " + addressPool + ", limit " + sessionLimit + " (" + sku + ")]";
        }
    }

    /** A session as status shows it. */
    public record SessionInfo(String id, String remote, String clientAddress, String certificate, String state, Instant since) {}

    private final Settings settings;
    private final Ipv4Egress egress;
    private final SSLContext outer;
    private final SSLContext eapTls;
    private final byte[] certificateDer;
    private final Ipv4AddressPool pool;
    private final SstpCounters counters = new SstpCounters();
    private final ScheduledExecutorService scheduler;
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentHashMap<Integer, SstpServerSession> routes = new ConcurrentHashMap<>();
    private final Set<SstpServerSession> sessions = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private SSLServerSocket listener;

    private SstpServer(Settings settings, Ipv4Egress egress, Ipv4AddressPool sharedPool) {
        this.settings = settings;
        this.egress = egress;
        KeyManager[] keys = TlsMaterial.keyManagers(settings.key(), settings.chain());
        this.outer = TlsMaterial.context(keys, null);
        this.eapTls = TlsMaterial.context(keys, new TrustManager[] {new ClientCertificateTrustManager(settings.clients())});
        try {
            this.certificateDer = settings.chain().getFirst().getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the SSTP server certificate cannot be encoded", e);
        }
        this.pool = sharedPool != null ? sharedPool
                : new Ipv4AddressPool(settings.addressPool(), List.of(settings.gatewayAddress()));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sstp-timers");
            t.setDaemon(true);
            return t;
        });
    }

    /** Binds and starts accepting. */
    public static SstpServer start(Settings settings, Ipv4Egress egress) throws IOException {
        return start(settings, egress, null);
    }

    /**
     * Binds and starts accepting, taking client addresses from {@code sharedPool} (the pool IKEv2
     * point-to-site clients draw from too), or from a pool of its own when null.
     */
    public static SstpServer start(Settings settings, Ipv4Egress egress, Ipv4AddressPool sharedPool) throws IOException {
        SstpServer server = new SstpServer(settings, egress, sharedPool);
        server.listen();
        return server;
    }

    private void listen() throws IOException {
        listener = (SSLServerSocket) outer.getServerSocketFactory().createServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getByName(settings.bindAddress()), settings.port()), 128);
        listener.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        running = true;
        Thread.ofVirtual().name("sstp-accept").start(this::accept);
        LOG.info("SSTP server listening on {}:{} ({} sessions at most, pool {})", settings.bindAddress(), port(),
                settings.sessionLimit(), settings.addressPool());
    }

    private void accept() {
        while (running) {
            SSLSocket socket;
            try {
                socket = (SSLSocket) listener.accept();
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                LOG.warn("SSTP accept failed: {}", e.getMessage());
                continue;
            }
            try {
                socket.setTcpNoDelay(true);
            } catch (SocketException e) {
                // a socket already gone fails in its session
            }
            if (sessions.size() >= connectionLimit()) {
                // TLS handshakes and HTTP cost the gateway before a client is admitted: bound them too
                counters.countRefused("too_many_connections");
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing
                }
                continue;
            }
            SstpServerSession session = new SstpServerSession(this, socket, ids.incrementAndGet(), random);
            sessions.add(session);
            Thread.ofVirtual().name("sstp-conn-" + ids.get()).start(session::run);
        }
    }

    /** Connections at once, admitted or not yet: twice the session limit and some for reconnects. */
    int connectionLimit() {
        return 2 * settings.sessionLimit() + 16;
    }

    public int port() {
        return listener.getLocalPort();
    }

    public SstpCounters counters() {
        return counters;
    }

    public List<SessionInfo> sessions() {
        List<SessionInfo> out = new ArrayList<>();
        for (SstpServerSession s : sessions) {
            out.add(s.info());
        }
        return out;
    }

    /**
     * Sends a datagram from the network to the client that owns its destination; false when no
     * connected client does (the caller goes on routing it) or the client's queue is full.
     * Called on the TUN reader thread.
     */
    public boolean deliver(byte[] packet, int offset, int length) {
        if (length < 20 || (packet[offset] >> 4 & 0x0F) != 4) {
            return false;
        }
        int destination = ((packet[offset + 16] & 0xFF) << 24) | ((packet[offset + 17] & 0xFF) << 16)
                | ((packet[offset + 18] & 0xFF) << 8) | (packet[offset + 19] & 0xFF);
        SstpServerSession session = routes.get(destination);
        if (session != null && session.deliver(packet, offset, length)) {
            counters.toClient(length);
            return true;
        }
        return false;
    }

    /** Whether a destination belongs to a connected client. */
    public boolean owns(int address) {
        return routes.containsKey(address);
    }

    // ---- for sessions

    Optional<String> admit() {
        if (admitted.incrementAndGet() > settings.sessionLimit()) {
            admitted.decrementAndGet();
            return Optional.of("the gateway's SKU " + settings.sku() + " allows " + settings.sessionLimit()
                    + " SSTP sessions and all are in use");
        }
        return Optional.empty();
    }

    void release() {
        admitted.decrementAndGet();
    }

    SSLEngine eapTlsEngine() {
        SSLEngine engine = eapTls.createSSLEngine();
        engine.setUseClientMode(false);
        // "want", not "need": without a certificate the handshake completes and the authenticator
        // refuses with a reason of its own (no_certificate) instead of a bare TLS alert
        engine.setWantClientAuth(true);
        engine.setEnabledProtocols(new String[] {"TLSv1.2"});
        return engine;
    }

    SstpTimers timers() {
        return settings.timers();
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    byte[] certificateDer() {
        return certificateDer;
    }

    Ipv4AddressPool pool() {
        return pool;
    }

    int gatewayAddress() {
        return settings.gatewayAddress();
    }

    int dns(int index) {
        return index < settings.dnsServers().size() ? settings.dnsServers().get(index) : 0;
    }

    Ipv4Egress egress() {
        return egress;
    }

    void route(int address, SstpServerSession session) {
        routes.put(address, session);
    }

    void unroute(int address, SstpServerSession session) {
        routes.remove(address, session);
    }

    void forget(SstpServerSession session) {
        sessions.remove(session);
    }

    /** Stops accepting and disconnects every client. */
    @Override
    public void close() {
        running = false;
        try {
            listener.close();
        } catch (IOException e) {
            // closing
        }
        for (SstpServerSession s : sessions) {
            s.disconnect("gateway_stopping");
        }
        // Clients get the disconnect timer's time to acknowledge; the rest are cut, then timers stop.
        long deadline = System.nanoTime() + settings.timers().disconnectSent().toNanos();
        while (!sessions.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (SstpServerSession s : sessions) {
            s.forceClose();
        }
        scheduler.shutdown();
    }
}
