package io.vpngw.gateway.runtime;

import io.vpngw.gateway.config.ConnectionConfig;
import io.vpngw.gateway.config.GatewayConfig;
import io.vpngw.gateway.crypto.esp.EspCipher;
import io.vpngw.gateway.esp.NanoClock;
import io.vpngw.gateway.esp.SaDatabase;
import io.vpngw.gateway.esp.SaExpiryListener;
import io.vpngw.gateway.esp.SecurityAssociation;
import io.vpngw.gateway.esp.ExpiryCause;
import io.vpngw.gateway.ike.ConnectionSettings;
import io.vpngw.gateway.ike.Datagram;
import io.vpngw.gateway.ike.Endpoint;
import io.vpngw.gateway.ike.IkeEvent;
import io.vpngw.gateway.ike.engine.IkeEngine;
import io.vpngw.gateway.ike.message.Port4500Datagram;
import io.vpngw.gateway.net.InetEndpoint;
import io.vpngw.gateway.net.Ipv4Endpoint;
import io.vpngw.gateway.net.PacketBatch;
import io.vpngw.gateway.net.ReceiveResult;
import io.vpngw.gateway.net.UdpSocket;
import io.vpngw.gateway.net.UdpSocketOptions;
import io.vpngw.gateway.routing.InnerPacketRouter;
import io.vpngw.gateway.routing.RouteTable;
import io.vpngw.gateway.routing.SelectorTable;
import io.vpngw.gateway.tun.LinkConfigurator;
import io.vpngw.gateway.tun.TunDevice;
import io.vpngw.gateway.tun.TunSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway instance's data plane and IKE, run from a configuration document: a TUN device for
 * inner traffic, UDP 500 and 4500 for IKE and ESP in UDP, the IKE engine on its own thread, and
 * one thread per packet direction.
 */
public final class GatewayRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayRuntime.class);
    /** Inner MTU: ESP in UDP fits a 1500-byte path (Azure recommends 1400). */
    public static final int TUN_MTU = 1400;
    private static final int IKE_PORT = 500;
    private static final int NATT_PORT = 4500;
    private static final long POLL_MILLIS = 200;
    /** How often SA lifetimes are checked: a time-based soft limit is noticed within this. */
    private static final Duration HOUSEKEEPING_INTERVAL = Duration.ofMillis(250);
    private static final Duration FIRST_RECONNECT_DELAY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RECONNECT_DELAY = Duration.ofSeconds(30);
    private static final byte[] NAT_KEEPALIVE = {(byte) 0xFF};

    /**
     * Where and how an instance runs.
     *
     * @param bindAddress   the address IKE and ESP use (the pod's address)
     * @param tunName       the TUN device's name
     * @param presharedKeys pskKey → key, as the gateway's Secret holds them
     */
    public record Settings(String bindAddress, String tunName, Map<String, String> presharedKeys,
                           Duration natKeepaliveInterval) {
        /** RFC 3948 suggests 20 s: short enough to keep a typical NAT mapping alive. */
        public static final Duration DEFAULT_NAT_KEEPALIVE = Duration.ofSeconds(20);

        public Settings(String bindAddress, String tunName, Map<String, String> presharedKeys) {
            this(bindAddress, tunName, presharedKeys, DEFAULT_NAT_KEEPALIVE);
        }

        @Override
        public String toString() {
            return "Settings[" + bindAddress + ", " + tunName + ", " + presharedKeys.size() + " keys]";
        }
    }

    private final GatewayConfig config;
    private final Settings settings;
    private final Consumer<IkeEvent> events;
    private final SecureRandom random = new SecureRandom();
    private final List<Thread> threads = new ArrayList<>();
    private final Object nattSendLock = new Object();
    private io.vpngw.gateway.sku.SkuBandwidthLimiter bandwidth;
    private final java.util.concurrent.atomic.LongAdder keepalivesSent = new java.util.concurrent.atomic.LongAdder();
    private final Map<String, String> refused = new java.util.concurrent.ConcurrentHashMap<>();
    private IkeEventLoop loop;
    private IkeEngine engine;
    private SaDatabase<EspCipher> sad;
    private List<ConnectionSettings> connectionSettings = List.of();
    /** Per connection, the delay before the next reconnection attempt (IKE thread only). */
    private final Map<String, Duration> reconnectDelays = new HashMap<>();
    private Instant lastKeepalive = Instant.MIN;
    private EspDataPlane dataPlane;
    private TunDevice tun;
    private UdpSocket ike;
    private UdpSocket natt;
    private volatile boolean running;

    public GatewayRuntime(GatewayConfig config, Settings settings, Consumer<IkeEvent> events) {
        this.config = config;
        this.settings = settings;
        this.events = events;
    }

    public GatewayRuntime start() throws UnknownHostException {
        InetAddress local = InetAddress.getByName(settings.bindAddress());
        Map<String, Integer> tunnels = new HashMap<>();
        RouteTable.Builder routes = RouteTable.builder();
        List<ConnectionSettings> connections = new ArrayList<>();
        List<io.vpngw.gateway.net.Ipv4Prefix> tunRoutes = new ArrayList<>();
        for (int i = 0; i < config.connections().size(); i++) {
            ConnectionConfig c = config.connections().get(i);
            tunnels.put(c.name(), i);
            for (String prefix : c.peer().prefixes()) {
                routes.add(io.vpngw.gateway.routing.Ipv4Prefix.parse(prefix), i, c.routingWeight());
                tunRoutes.add(io.vpngw.gateway.net.Ipv4Prefix.parse(prefix));
            }
            try {
                connections.add(ConnectionSettings.from(c, local, config.addressSpace()));
            } catch (IllegalArgumentException e) {
                // one connection this gateway cannot run must not stop the others
                LOG.error("connection {} refused: {}", c.name(), e.getMessage());
                refused.put(c.name(), e.getMessage());
            }
        }
        connectionSettings = List.copyOf(connections);
        sad = new SaDatabase<>(random, NanoClock.system());
        InnerPacketRouter router = new InnerPacketRouter(new InnerPacketRouter.Tables(SelectorTable.empty(), routes.build()));
        loop = new IkeEventLoop(Clock.systemUTC());
        dataPlane = new EspDataPlane(sad, router, tunnels, random, new SaExpiryListener() {
            @Override
            public void softLimitReached(SecurityAssociation sa, ExpiryCause cause) {
                if (current(sa)) {
                    String connection = connectionOf(sa.tunnelId());
                    loop.execute(() -> engine.rekeyChildSas(connection));
                }
            }

            @Override
            public void hardLimitReached(SecurityAssociation sa, ExpiryCause cause) {
                // the soft limit's rekey did not finish in time (or its window fell between two
                // checks): the SA is gone, so negotiate its successor now
                if (!current(sa)) {
                    return; // already replaced by a rekey: it only served late packets
                }
                LOG.warn("SA {} of tunnel {} reached its hard limit ({}); rekeying", Integer.toHexString(sa.spi()), sa.tunnelId(), cause);
                String connection = connectionOf(sa.tunnelId());
                loop.execute(() -> engine.rekeyChildSas(connection));
            }

            /** Whether the SA still carries its tunnel's traffic (not one a rekey replaced). */
            private boolean current(SecurityAssociation sa) {
                return sa instanceof io.vpngw.gateway.esp.OutboundSa<?> out ? sad.outbound(out.tunnelId()) == out
                        : !sad.isRetiring(sa.spi());
            }
        });

        bandwidth = io.vpngw.gateway.sku.SkuBandwidthLimiter.ofMegabits(config.limits().throughputMbps());
        tun = TunDevice.open(TunSettings.named(settings.tunName()));
        LinkConfigurator.inCurrentNamespace().configure(tun.name(), TUN_MTU, List.of(), tunRoutes);
        ike = UdpSocket.bind(new Ipv4Endpoint(toInt(local), IKE_PORT), UdpSocketOptions.defaults());
        natt = UdpSocket.bind(new Ipv4Endpoint(toInt(local), NATT_PORT), UdpSocketOptions.defaults());

        Map<String, byte[]> keys = new HashMap<>();
        settings.presharedKeys().forEach((k, v) -> keys.put(k, v.getBytes(StandardCharsets.UTF_8)));
        engine = new IkeEngine(new IkeEngine.Settings(new Endpoint(local, IKE_PORT), connections, k -> {
            byte[] key = keys.get(k);
            return key == null ? null : key.clone();
        }, loop, this::sendIke, random, dataPlane, e -> {
            LOG.info("ike: {}", e);
            events.accept(e);
            reconnectIfDown(e);
        }, IkeEngine.DEFAULT_HALF_OPEN_THRESHOLD, Duration.ofMillis(500), true));

        running = true;
        loop.schedule(HOUSEKEEPING_INTERVAL, this::housekeeping);
        spawn("tun-reader", this::outboundLoop);
        spawn("esp-receiver", this::nattLoop);
        spawn("ike-receiver", this::ikeLoop);
        for (ConnectionConfig c : config.connections()) {
            if (!refused.containsKey(c.name())) {
                loop.execute(() -> engine.connect(c.name()));
            }
        }
        LOG.info("gateway {} running on {} with TUN {} and {} connections", config.gateway(), settings.bindAddress(),
                tun.name(), config.connections().size());
        return this;
    }

    /**
     * Every second on the IKE thread: SA lifetimes (a crossed soft time limit asks for a rekey
     * through the expiry listener; hard-expired SAs go), and NAT keepalives.
     */
    private void housekeeping() {
        if (!running) {
            return;
        }
        try {
            sad.tick();
            Instant now = loop.now();
            if (!Duration.between(lastKeepalive, now).minus(settings.natKeepaliveInterval()).isNegative()) {
                lastKeepalive = now;
                sendNatKeepalives();
            }
        } catch (RuntimeException e) {
            LOG.error("housekeeping failed", e);
        }
        loop.schedule(HOUSEKEEPING_INTERVAL, this::housekeeping);
    }

    /**
     * RFC 3948 keepalives (one 0xFF byte on port 4500) to every peer whose IKE SA detected a NAT,
     * so the translator keeps the mapping while the tunnel is idle.
     */
    private void sendNatKeepalives() {
        for (ConnectionSettings c : connectionSettings) {
            for (var sa : engine.ikeSas(c.name())) {
                if (sa.natDetected() && sa.state().equals("ESTABLISHED") && !sa.childSas().isEmpty()) {
                    Endpoint peer = sa.childSas().getFirst().remote();
                    Ipv4Endpoint to = new Ipv4Endpoint(toInt(peer.address()), peer.port());
                    synchronized (nattSendLock) {
                        natt.send(NAT_KEEPALIVE, 0, NAT_KEEPALIVE.length, to);
                    }
                    keepalivesSent.increment();
                }
            }
        }
    }

    /**
     * A connection that may initiate is brought back after it went down, with a doubling delay
     * (1 s up to 30 s) so an unreachable peer is not hammered; success resets the delay.
     */
    private void reconnectIfDown(IkeEvent event) {
        String name = event.connection();
        switch (event) {
            case IkeEvent.Established e -> reconnectDelays.remove(name);
            case IkeEvent.Failed f -> scheduleReconnect(name);
            case IkeEvent.PeerDead d -> scheduleReconnect(name);
            case IkeEvent.Deleted d -> scheduleReconnect(name);
            case IkeEvent.ChildSaFailed c -> { }
            case IkeEvent.Rekeyed r -> { }
        }
    }

    private void scheduleReconnect(String name) {
        boolean mayInitiate = connectionSettings.stream()
                .anyMatch(c -> c.name().equals(name) && c.mode().mayInitiate() && c.peer().isPresent());
        if (!mayInitiate || !running) {
            return;
        }
        Duration delay = reconnectDelays.getOrDefault(name, FIRST_RECONNECT_DELAY);
        reconnectDelays.put(name, delay.multipliedBy(2).compareTo(LONGEST_RECONNECT_DELAY) > 0
                ? LONGEST_RECONNECT_DELAY : delay.multipliedBy(2));
        LOG.info("connection {} down; reconnecting in {}", name, delay);
        loop.schedule(delay, () -> {
            if (running && engine.connect(name)) {
                LOG.info("connection {}: reconnecting", name);
            }
        });
    }

    private String connectionOf(int tunnel) {
        return config.connections().get(tunnel).name();
    }

    private void spawn(String name, Runnable body) {
        Thread t = Thread.ofPlatform().name(name).daemon(true).start(body);
        threads.add(t);
    }

    /** The engine's datagrams: IKE on port 4500 carries the four-zero-byte non-ESP marker. */
    private void sendIke(Datagram d) {
        byte[] bytes = d.bytes();
        Ipv4Endpoint to = new Ipv4Endpoint(toInt(d.destination().address()), d.destination().port());
        if (d.source().port() == NATT_PORT) {
            byte[] marked = new byte[bytes.length + 4];
            System.arraycopy(bytes, 0, marked, 4, bytes.length);
            synchronized (nattSendLock) {
                natt.send(marked, 0, marked.length, to);
            }
        } else {
            ike.send(bytes, 0, bytes.length, to);
        }
    }

    private static final int BATCH = 32;

    /** TUN → seal in place → UDP 4500, a batch per system call each way. */
    private void outboundLoop() {
        try (PacketBatch batch = PacketBatch.allocate(BATCH, EspDataPlane.HEADROOM, TunDevice.MAX_PACKET_SIZE, 128)) {
            while (running) {
                int n = tun.readBatch(batch);
                if (n < 0) {
                    return;
                }
                if (n == 0) {
                    tun.poll(POLL_MILLIS);
                    continue;
                }
                pace(batch, n);
                try {
                    int sealedCount = 0;
                    for (int i = 0; i < n; i++) {
                        int sealed = dataPlane.seal(batch.buffer(i), batch.length(i));
                        if (sealed > 0) {
                            Ipv4Endpoint peer = dataPlane.sealedPeer();
                            batch.setPacket(i, dataPlane.sealedOffset(), sealed);
                            batch.setPeerIpv4(i, peer.address(), peer.port());
                            sealedCount++;
                        } else {
                            batch.setPacket(i, batch.offset(i), 0);
                        }
                    }
                    send(batch, n, sealedCount);
                } catch (RuntimeException e) {
                    processingError("outbound", e);
                }
            }
        }
    }

    /** Sends the sealed packets of a batch: all at once when none was dropped, else one by one. */
    private void send(PacketBatch batch, int n, int sealedCount) {
        synchronized (nattSendLock) {
            if (sealedCount == n) {
                int sent = natt.sendBatch(batch);
                for (int i = Math.max(sent, 0); i < n; i++) {
                    dataPlane.drop(PacketDrop.SEND_FAILED);
                }
                return;
            }
            for (int i = 0; i < n; i++) {
                if (batch.length(i) > 0 && natt.send(batch.buffer(i), batch.offset(i), batch.length(i), batch.peer(i)) <= 0) {
                    dataPlane.drop(PacketDrop.SEND_FAILED);
                }
            }
        }
    }

    /** UDP 4500 → ESP opened in place → TUN; IKE (after the non-ESP marker) to the engine's thread. */
    private void nattLoop() {
        Endpoint localNatt = new Endpoint(localAddress(), NATT_PORT);
        try (PacketBatch batch = PacketBatch.allocate(BATCH, 0, UdpSocket.MAX_IPV4_PAYLOAD, 0)) {
            while (running) {
                int n = natt.receiveBatch(batch);
                if (n < 0) {
                    return;
                }
                if (n == 0) {
                    natt.poll(POLL_MILLIS);
                    continue;
                }
                long inner = 0;
                for (int i = 0; i < n; i++) {
                    try {
                        inner += receiveOne(batch, i, localNatt);
                    } catch (RuntimeException e) {
                        processingError("inbound", e);
                    }
                }
                if (inner > 0) {
                    holdFor(bandwidth.reserve(inner));
                }
            }
        }
    }

    /** Handles one datagram; returns the inner bytes it delivered (for the SKU's bandwidth). */
    private int receiveOne(PacketBatch batch, int i, Endpoint localNatt) {
        byte[] buffer = batch.buffer(i);
        int offset = batch.offset(i);
        if (Port4500Datagram.isEsp(buffer, offset, batch.length(i))) {
            return deliver(buffer, offset, batch.length(i)); // the per-packet path: nothing allocated
        }
        switch (Port4500Datagram.classify(buffer, offset, batch.length(i))) {
            case Port4500Datagram.NatKeepalive k -> { }
            case Port4500Datagram.Ike ike -> {
                Datagram dg = new Datagram(endpoint(batch.peer(i)), localNatt,
                        Arrays.copyOfRange(buffer, ike.offset(), ike.offset() + ike.length()));
                loop.execute(() -> engine.receive(dg));
            }
            case Port4500Datagram.Esp esp -> {
                return deliver(buffer, esp.offset(), esp.length());
            }
            case Port4500Datagram.Unrecognised u -> dataPlane.drop(PacketDrop.MALFORMED);
        }
        return 0;
    }

    /** Opens an ESP packet in place and writes its inner packet to the TUN; returns the inner bytes delivered. */
    private int deliver(byte[] buffer, int offset, int length) {
        long inner = dataPlane.open(buffer, offset, length);
        if (inner < 0) {
            return 0;
        }
        if (tun.write(buffer, (int) (inner >>> 32), (int) inner) <= 0) {
            dataPlane.drop(PacketDrop.SEND_FAILED);
        }
        return (int) inner;
    }

    /** Holds the outbound batch to the SKU's aggregate throughput, which inbound traffic shares. */
    private void pace(PacketBatch batch, int n) {
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            bytes += batch.length(i);
        }
        holdFor(bandwidth.reserve(bytes));
    }

    private static void holdFor(long nanos) {
        if (nanos > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(nanos);
        }
    }

    /** A bug must not stop a packet thread: the packet is dropped and counted, the first few logged. */
    private void processingError(String direction, RuntimeException e) {
        dataPlane.drop(PacketDrop.PROCESSING_ERROR);
        if (dataPlane.drops(PacketDrop.PROCESSING_ERROR) <= 10) {
            LOG.error("{} packet handling failed; packet dropped", direction, e);
        }
    }

    private void ikeLoop() {
        byte[] buffer = new byte[UdpSocket.MAX_IPV4_PAYLOAD];
        Endpoint localIke = new Endpoint(localAddress(), IKE_PORT);
        while (running) {
            switch (ike.receive(buffer, 0, buffer.length)) {
                case ReceiveResult.Closed c -> {
                    return;
                }
                case ReceiveResult.NothingWaiting n -> ike.poll(POLL_MILLIS);
                case ReceiveResult.Datagram d -> {
                    Datagram dg = new Datagram(endpoint(d.sender()), localIke, Arrays.copyOf(buffer, d.length()));
                    loop.execute(() -> engine.receive(dg));
                }
            }
        }
    }

    private InetAddress localAddress() {
        try {
            return InetAddress.getByName(settings.bindAddress());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Endpoint endpoint(InetEndpoint e) {
        Ipv4Endpoint v4 = (Ipv4Endpoint) e;
        int a = v4.address();
        try {
            return new Endpoint(InetAddress.getByAddress(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a}), v4.port());
        } catch (UnknownHostException x) {
            throw new IllegalStateException(x);
        }
    }

    private static int toInt(InetAddress address) {
        byte[] a = address.getAddress();
        return ((a[0] & 0xff) << 24) | ((a[1] & 0xff) << 16) | ((a[2] & 0xff) << 8) | (a[3] & 0xff);
    }

    /** Connections this gateway could not run, with the reason. */
    public Map<String, String> refusedConnections() {
        return Map.copyOf(refused);
    }

    /** Packets sealed and opened, for status and tests. */
    public long packetsOut() {
        return dataPlane.packetsOut();
    }

    public long packetsIn() {
        return dataPlane.packetsIn();
    }

    /** Data plane counters at one moment, for a status line. */
    public record DataPlaneStats(long packetsOut, long packetsIn, long natKeepalivesSent, Map<String, Long> drops) {
        @Override
        public String toString() {
            StringBuilder line = new StringBuilder("packetsOut=" + packetsOut + " packetsIn=" + packetsIn
                    + " natKeepalivesSent=" + natKeepalivesSent);
            drops.forEach((reason, count) -> line.append(" drop.").append(reason).append('=').append(count));
            return line.toString();
        }
    }

    public DataPlaneStats stats() {
        Map<String, Long> drops = new java.util.LinkedHashMap<>();
        for (PacketDrop reason : PacketDrop.values()) {
            drops.put(reason.name(), dataPlane.drops(reason));
        }
        return new DataPlaneStats(dataPlane.packetsOut(), dataPlane.packetsIn(), keepalivesSent.sum(), drops);
    }

    @Override
    public void close() {
        running = false;
        if (loop != null) {
            loop.close();
        }
        for (AutoCloseable c : new AutoCloseable[] {tun, ike, natt}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("closing {}: {}", c, e.getMessage());
                }
            }
        }
        for (Thread t : threads) {
            try {
                t.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
