package io.vpngw.gateway.sstp;

import io.vpngw.gateway.p2s.CertificateRefusal;
import io.vpngw.gateway.p2s.Ipv4AddressPool;
import io.vpngw.gateway.ppp.PppLink;
import io.vpngw.gateway.ppp.PppTimers;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The project's SSTP client ({@code vpngw p2s connect}), the end-to-end partner of the gateway in
 * tests and load: TLS to the gateway, the SSTP HTTP request, Call Connect Request, PPP (LCP,
 * EAP-TLS with the client's certificate, IPCP), and the Call Connected crypto binding computed
 * from the EAP-TLS MSK as [MS-SSTP] 3.2.5.2 says. Then IPv4 datagrams both ways through
 * {@link #send} and {@link #receive}.
 */
public final class SstpClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SstpClient.class);
    private static final int MAX_RECEIVED = 4096;

    /**
     * @param host           the gateway's name or address (checked against its certificate when {@code verifyHostname})
     * @param gatewayAnchors the roots the gateway's SSTP certificate must chain to (outer TLS and EAP-TLS)
     * @param identity       the EAP identity (by convention the certificate's subject CN)
     * @param corruptBinding send a wrong Compound MAC: only for testing that gateways refuse it
     */
    public record Settings(String host, int port, List<X509Certificate> gatewayAnchors, boolean verifyHostname,
                           PrivateKey clientKey, List<X509Certificate> clientChain, String identity,
                           HashProtocol preferredHash, boolean corruptBinding) {
        public Settings {
            gatewayAnchors = List.copyOf(gatewayAnchors);
            clientChain = List.copyOf(clientChain);
            Objects.requireNonNull(clientKey, "clientKey");
            Objects.requireNonNull(preferredHash, "preferredHash");
        }

        public Settings(String host, int port, List<X509Certificate> gatewayAnchors, PrivateKey clientKey,
                        List<X509Certificate> clientChain, String identity) {
            this(host, port, gatewayAnchors, true, clientKey, clientChain, identity, HashProtocol.SHA256, false);
        }

        public Settings withHash(HashProtocol hash) {
            return new Settings(host, port, gatewayAnchors, verifyHostname, clientKey, clientChain, identity, hash, corruptBinding);
        }

        public Settings withCorruptBinding() {
            return new Settings(host, port, gatewayAnchors, verifyHostname, clientKey, clientChain, identity, preferredHash, true);
        }

        public Settings withoutHostnameCheck() {
            return new Settings(host, port, gatewayAnchors, false, clientKey, clientChain, identity, preferredHash, corruptBinding);
        }

        @Override
        public String toString() {
            return "SstpClient.Settings[" + host + ":" + port + ", " + identity + "]";
        }
    }

    /** What the gateway gave the client. */
    public record Connected(int address, int gatewayAddress, int primaryDns, int secondaryDns) {
        @Override
        public String toString() {
            return "Connected[" + Ipv4AddressPool.format(address) + " via " + Ipv4AddressPool.format(gatewayAddress)
                    + ", dns " + Ipv4AddressPool.format(primaryDns) + "]";
        }
    }

    private enum State { CONNECT_ACK_PENDING, CALL_CONNECTED_PENDING, CALL_CONNECTED, CLOSED }

    private final Settings settings;
    private final SessionLoop loop;
    private final ScheduledExecutorService ownScheduler;
    private final SecureRandom random = new SecureRandom();
    private final CompletableFuture<Connected> connected = new CompletableFuture<>();
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private final LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>(MAX_RECEIVED);
    private SSLSocket socket;
    private SstpConnection connection;
    private byte[] serverCertificateDer;
    private PppLink ppp;
    private volatile State state = State.CONNECT_ACK_PENDING;
    private SstpAttribute.CryptoBindingRequest bindingRequest;
    private volatile Connected network;
    private PppTimers.Timer negotiationTimer;

    private SstpClient(Settings settings, ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.ownScheduler = scheduler == null ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sstp-client-timers");
            t.setDaemon(true);
            return t;
        }) : null;
        this.loop = new SessionLoop("sstp-client", scheduler == null ? ownScheduler : scheduler);
    }

    /** Connects and starts the call; {@link #awaitConnected} waits for its outcome. */
    public static SstpClient connect(Settings settings) throws IOException {
        return connect(settings, null);
    }

    /** As {@link #connect(Settings)}, with timers on a scheduler shared by many clients (load tests). */
    public static SstpClient connect(Settings settings, ScheduledExecutorService timers) throws IOException {
        SstpClient client = new SstpClient(settings, timers);
        try {
            client.open();
        } catch (IOException | RuntimeException e) {
            client.shutdown("connect failed: " + e.getMessage());
            throw e;
        }
        return client;
    }

    private void open() throws IOException {
        SSLContext outer = TlsMaterial.context(null, TlsMaterial.trustManagers(settings.gatewayAnchors()));
        socket = (SSLSocket) outer.getSocketFactory().createSocket(settings.host(), settings.port());
        socket.setTcpNoDelay(true);
        if (settings.verifyHostname()) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
        }
        socket.setSoTimeout((int) SstpTimers.specification().negotiation().toMillis());
        socket.startHandshake();
        try {
            serverCertificateDer = socket.getSession().getPeerCertificates()[0].getEncoded(); // what the binding hashes
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException("the gateway's certificate cannot be encoded", e);
        }
        InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        OutputStream out = socket.getOutputStream();
        SstpHttp.writeRequest(out, settings.host(), UUID.randomUUID());
        SstpHttp.Head response = SstpHttp.readHead(in);
        if (response.status() != 200) {
            throw new IOException("the gateway refused the SSTP request: " + response.startLine());
        }
        socket.setSoTimeout(0);
        connection = new SstpConnection(socket, in, out, loop, reason -> { });
        negotiationTimer = loop.schedule(SstpTimers.specification().negotiation(), () -> fail("no connection within the negotiation time"));
        connection.start("sstp-client", new SstpConnection.Receiver() {
            @Override
            public void packet(SstpPacket packet) {
                receive(packet);
            }

            @Override
            public void ended(String reason, boolean framing) {
                fail(reason);
            }
        });
        connection.send(new SstpPacket.Control(SstpMessageType.CALL_CONNECT_REQUEST,
                new SstpAttribute.EncapsulatedProtocol(SstpAttribute.EncapsulatedProtocol.PPP)));
    }

    private void receive(SstpPacket packet) {
        if (state == State.CLOSED) {
            return;
        }
        switch (packet) {
            case SstpPacket.Malformed m -> LOG.debug("dropped a malformed packet from the gateway: {}", m.reason());
            case SstpPacket.Data d -> {
                if (ppp != null) {
                    ppp.receive(d.frame());
                }
            }
            case SstpPacket.Control c -> control(c);
        }
    }

    private void control(SstpPacket.Control c) {
        switch (c.type()) {
            case CALL_CONNECT_ACK -> {
                if (state != State.CONNECT_ACK_PENDING) {
                    return;
                }
                Optional<SstpAttribute.CryptoBindingRequest> request = c.attribute(SstpAttribute.CryptoBindingRequest.class);
                if (request.isEmpty()) {
                    fail("Call Connect Ack without a Crypto Binding Request");
                    return;
                }
                bindingRequest = request.get();
                state = State.CALL_CONNECTED_PENDING;
                ppp = PppLink.peer(eapTlsEngine(), settings.identity(), 1500, connection::sendFrame, loop, random, new PppEvents());
                ppp.open();
            }
            case CALL_CONNECT_NAK -> fail("the gateway refused the call: "
                    + c.attribute(SstpAttribute.StatusInfo.class).map(SstpAttribute.StatusInfo::describe).orElse("no status"));
            case CALL_ABORT -> {
                String status = c.attribute(SstpAttribute.StatusInfo.class).map(SstpAttribute.StatusInfo::describe).orElse("no status");
                connection.send(new SstpPacket.Control(SstpMessageType.CALL_ABORT));
                fail("the gateway aborted the call: " + status);
            }
            case CALL_DISCONNECT -> {
                connection.send(new SstpPacket.Control(SstpMessageType.CALL_DISCONNECT_ACK));
                fail("the gateway disconnected");
            }
            case CALL_DISCONNECT_ACK -> fail("disconnected");
            case ECHO_REQUEST -> connection.send(new SstpPacket.Control(SstpMessageType.ECHO_RESPONSE));
            default -> { }
        }
    }

    private SSLEngine eapTlsEngine() {
        SSLContext context = TlsMaterial.context(TlsMaterial.clientKeyManagers(settings.clientKey(), settings.clientChain()),
                TlsMaterial.trustManagers(settings.gatewayAnchors()));
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(new String[] {"TLSv1.2"});
        return engine;
    }

    private void sendCallConnected(byte[] msk) {
        HashProtocol hash = (bindingRequest.hashProtocols() & settings.preferredHash().bit()) != 0
                ? settings.preferredHash()
                : HashProtocol.strongestIn(bindingRequest.hashProtocols()).orElse(null);
        if (hash == null) {
            fail("the gateway offers no crypto binding hash we know");
            return;
        }
        byte[] hlak = CompoundMac.hlak(msk);
        java.util.Arrays.fill(msk, (byte) 0);
        SstpAttribute.CryptoBinding binding = CompoundMac.bind(hash, bindingRequest.nonce(), serverCertificateDer, hlak);
        java.util.Arrays.fill(hlak, (byte) 0);
        if (settings.corruptBinding()) {
            byte[] mac = binding.compoundMac();
            mac[0] ^= 0x01;
            binding = binding.withCompoundMac(mac);
        }
        connection.send(new SstpPacket.Control(SstpMessageType.CALL_CONNECTED, binding));
        state = State.CALL_CONNECTED;
        completeIfReady();
    }

    private void completeIfReady() {
        if (state == State.CALL_CONNECTED && network != null && !connected.isDone()) {
            if (negotiationTimer != null) {
                negotiationTimer.cancel();
            }
            connected.complete(network);
        }
    }

    /** Waits until the call is up and an address assigned; fails with the gateway's reason otherwise. */
    public Connected awaitConnected(Duration timeout) throws IOException, TimeoutException, InterruptedException {
        try {
            return connected.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** Sends an IPv4 datagram into the tunnel; false when the call is not up (or the queue is full). */
    public boolean send(byte[] packet) {
        return state == State.CALL_CONNECTED && network != null && connection.offerFrame(
                io.vpngw.gateway.ppp.PppFrame.encode(io.vpngw.gateway.ppp.PppFrame.IPV4, packet, 0, packet.length));
    }

    /** The next IPv4 datagram from the tunnel, or null after {@code timeout}. */
    public byte[] receive(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Completes with the reason once the call has ended. */
    public CompletableFuture<String> ended() {
        return ended;
    }

    private void fail(String reason) {
        if (!connected.isDone()) {
            connected.completeExceptionally(new IOException(reason));
        }
        shutdown(reason);
    }

    private void shutdown(String reason) {
        if (state == State.CLOSED && ended.isDone()) {
            return;
        }
        state = State.CLOSED;
        if (connection != null) {
            connection.close();
        } else if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing
            }
        }
        loop.stop();
        if (ownScheduler != null) {
            ownScheduler.shutdownNow();
        }
        ended.complete(reason);
    }

    /** Disconnects ([MS-SSTP] Call Disconnect) and closes. */
    @Override
    public void close() {
        loop.execute(() -> {
            if (state == State.CLOSED) {
                return;
            }
            if (ppp != null) {
                ppp.close("user request");
            }
            connection.send(new SstpPacket.Control(SstpMessageType.CALL_DISCONNECT));
            shutdown("closed by the user");
        });
        try {
            ended.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            if (connection != null) {
                connection.closeSocket();
            }
        }
    }

    private final class PppEvents implements PppLink.Events {
        @Override
        public void authenticated(byte[] msk, X509Certificate client, String identity) {
            sendCallConnected(msk);
        }

        @Override
        public void authenticationFailed(CertificateRefusal refusal, String detail) {
            fail("authentication failed: " + detail);
        }

        @Override
        public void networkUp(int local, int peer, int dns1, int dns2) {
            network = new Connected(local, peer, dns1, dns2);
            completeIfReady();
        }

        @Override
        public void ipv4(byte[] packet) {
            if (!received.offer(packet)) {
                LOG.debug("dropped a datagram: the application does not read");
            }
        }

        @Override
        public void linkDown(String reason) {
            fail("PPP ended: " + reason);
        }

        @Override
        public void dropped(String reason) {
        }
    }
}
