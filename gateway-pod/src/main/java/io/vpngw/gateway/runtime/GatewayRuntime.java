package io.vpngw.gateway.runtime;

import io.vpngw.gateway.config.ConnectionConfig;
import io.vpngw.gateway.config.GatewayConfig;
import io.vpngw.gateway.crypto.EncryptionTransform;
import io.vpngw.gateway.crypto.ProtectionSuite;
import io.vpngw.gateway.crypto.esp.EspCipher;
import io.vpngw.gateway.esp.ExpiryCause;
import io.vpngw.gateway.esp.NanoClock;
import io.vpngw.gateway.esp.OutboundSa;
import io.vpngw.gateway.esp.SaDatabase;
import io.vpngw.gateway.esp.SaExpiryListener;
import io.vpngw.gateway.esp.SecurityAssociation;
import io.vpngw.gateway.ike.ChildSa;
import io.vpngw.gateway.ike.ChildSaListener;
import io.vpngw.gateway.ike.ConnectionSettings;
import io.vpngw.gateway.ike.Datagram;
import io.vpngw.gateway.ike.Endpoint;
import io.vpngw.gateway.ike.IkeEvent;
import io.vpngw.gateway.ike.engine.IkeEngine;
import io.vpngw.gateway.ike.engine.IkeSaStatus;
import io.vpngw.gateway.ike.message.Port4500Datagram;
import io.vpngw.gateway.ike.proposal.ChildSuite;
import io.vpngw.gateway.ike.proposal.IkeSuite;
import io.vpngw.gateway.net.InetEndpoint;
import io.vpngw.gateway.net.Ipv4Endpoint;
import io.vpngw.gateway.net.PacketBatch;
import io.vpngw.gateway.net.ReceiveResult;
import io.vpngw.gateway.net.UdpSocket;
import io.vpngw.gateway.net.UdpSocketOptions;
import io.vpngw.gateway.ike.roadwarrior.RoadWarriorSettings;
import io.vpngw.gateway.routing.InnerPacketRouter;
import io.vpngw.gateway.routing.PointToSiteDelivery;
import io.vpngw.gateway.routing.RouteTable;
import io.vpngw.gateway.routing.SelectorTable;
import io.vpngw.gateway.sku.SkuBandwidthLimiter;
import io.vpngw.gateway.status.DataPlaneSnapshot;
import io.vpngw.gateway.status.NegotiatedAlgorithms;
import io.vpngw.gateway.status.TunnelState;
import io.vpngw.gateway.status.TunnelStatus;
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
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway instance's data plane and IKE, run from a configuration document: a TUN device for
 * inner traffic, UDP 500 and 4500 for IKE and ESP in UDP, the IKE engine on its own thread, and
 * one thread per packet direction.
 *
 * <h2>Lifecycle</h2>
 * {@link #open()} builds everything warm (configuration parsed, TUN open and routed, sockets bound,
 * threads running) but serves nothing: no IKE is sent or answered, so a standby instance holds no
 * SA. {@link #startServing()} brings the tunnels up, {@link #stopServing()} closes them with IKE
 * Deletes and leaves the runtime warm. {@link #start()} is both steps at once.
 *
 * <h2>Reload</h2>
 * {@link #apply} puts a new configuration in force without a restart: new connections come up,
 * removed ones are deleted, changed ones renegotiated, unchanged ones are not touched. Every change
 * to IKE or to the per-connection state happens on the IKE thread; the packet threads see the
 * route table through one volatile reference and tunnels by ids that stay stable for as long as a
 * connection exists.
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
    /** How long a caller of {@link #apply} or a role change waits for the IKE thread. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
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

        public Settings {
            presharedKeys = Map.copyOf(presharedKeys);
        }

        public Settings(String bindAddress, String tunName, Map<String, String> presharedKeys) {
            this(bindAddress, tunName, presharedKeys, DEFAULT_NAT_KEEPALIVE);
        }

        @Override
        public String toString() {
            return "Settings[" + bindAddress + ", " + tunName + ", " + presharedKeys.size() + " keys]";
        }
    }

    /** What {@link #apply} did, by connection name. */
    public record Reload(List<String> added, List<String> removed, List<String> changed, List<String> unchanged,
                         Map<String, String> refused) {
        public Reload {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
            changed = List.copyOf(changed);
            unchanged = List.copyOf(unchanged);
            refused = Map.copyOf(refused);
        }

        @Override
        public String toString() {
            return "added=" + added + " removed=" + removed + " changed=" + changed + " unchanged=" + unchanged
                    + (refused.isEmpty() ? "" : " refused=" + refused.keySet());
        }
    }

    /**
     * One configured connection. Written on the IKE thread; the volatile fields are read by
     * {@link #snapshot()} from any thread.
     */
    private static final class Connection {
        final String name;
        final int tunnelId;
        /** The tunnel's counters when this connection got the id (a removed connection may have used it). */
        final long baseBytesIn;
        final long baseBytesOut;
        final long basePacketsIn;
        final long basePacketsOut;
        ConnectionConfig config;
        /** The key it was negotiated with, to notice a rotated PSK; never logged. */
        String presharedKey;
        ConnectionSettings settings;
        volatile TunnelState state = TunnelState.NotConnected;
        volatile Instant lastEstablished;
        volatile IkeSuite ikeSuite;
        volatile ChildSuite childSuite;

        Connection(String name, int tunnelId, EspDataPlane counters) {
            this.name = name;
            this.tunnelId = tunnelId;
            this.baseBytesIn = counters.bytesIn(tunnelId);
            this.baseBytesOut = counters.bytesOut(tunnelId);
            this.basePacketsIn = counters.packetsIn(tunnelId);
            this.basePacketsOut = counters.packetsOut(tunnelId);
        }
    }

    private final Settings settings;
    private final Consumer<IkeEvent> events;
    private final SecureRandom random = new SecureRandom();
    private final List<Thread> threads = new ArrayList<>();
    private final Object nattSendLock = new Object();
    private final LongAdder keepalivesSent = new LongAdder();
    private final AtomicLong ikeSucceeded = new AtomicLong();
    private final AtomicLong ikeFailed = new AtomicLong();
    /** Configured connections by name (written on the IKE thread, read anywhere). */
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    /** Connections this gateway could not run, with the reason. */
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    /** Per connection, the delay before the next reconnection attempt (IKE thread only). */
    private final Map<String, Duration> reconnectDelays = new HashMap<>();
    /** Tunnel ids in use (IKE thread only). */
    private final BitSet usedTunnelIds = new BitSet();
    /** The prefixes routed to the TUN device in the kernel (IKE thread only). */
    private final Set<io.vpngw.gateway.net.Ipv4Prefix> kernelRoutes = new LinkedHashSet<>();
    private volatile GatewayConfig config;
    /** pskKey → key, replaced as a whole by {@link #apply} (read on the IKE thread). */
    private volatile Map<String, byte[]> presharedKeys = Map.of();
    private volatile SkuBandwidthLimiter bandwidth;
    private volatile boolean serving;
    private volatile boolean running;
    private int tunnelCapacity;
    /** Tunnel ids from {@link #tunnelCapacity} up to this are IKEv2 point-to-site clients'. */
    private int totalTunnelCapacity;
    /** IKEv2 point-to-site clients' tunnel ids by their SA's connection name ({@code p2s-ikev2/10.0.0.2}). */
    private final Map<String, Integer> roadWarriorTunnels = new ConcurrentHashMap<>();
    /** The client address pool routed into the TUN while IKEv2 point-to-site is served (IKE thread only). */
    private List<String> roadWarriorPool = List.of();
    private InetAddress local;
    private IkeEventLoop loop;
    private IkeEngine engine;
    private SaDatabase<EspCipher> sad;
    private InnerPacketRouter router;
    private Instant lastKeepalive = Instant.MIN;
    private EspDataPlane dataPlane;
    private TunDevice tun;
    /** TunDevice.write is single-writer: the ESP receiver and point-to-site sessions take turns. */
    private final Object tunWriteLock = new Object();
    private volatile PointToSiteDelivery pointToSite;
    private UdpSocket ike;
    private UdpSocket natt;

    public GatewayRuntime(GatewayConfig config, Settings settings, Consumer<IkeEvent> events) {
        this.config = Objects.requireNonNull(config, "config");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.events = Objects.requireNonNull(events, "events");
    }

    /** Opens the runtime warm and serves at once: what an instance without a standby does. */
    public GatewayRuntime start() throws UnknownHostException {
        open();
        startServing();
        return this;
    }

    /**
     * Builds the instance without serving: TUN open and routed, sockets bound, packet and IKE
     * threads running, every connection known to the engine, but no IKE sent or answered.
     *
     * <p>Tunnel ids are sized once, to the SKU's site-to-site tunnel limit (or the configured
     * connections, if more): {@link #tunnelCapacity()}.
     */
    public GatewayRuntime open() throws UnknownHostException {
        local = InetAddress.getByName(settings.bindAddress());
        GatewayConfig initial = config;
        tunnelCapacity = Math.max(1, Math.max(initial.limits().siteToSiteTunnels(), initial.connections().size()));
        totalTunnelCapacity = tunnelCapacity + (PointToSite.servesIkeV2(initial) ? initial.limits().ikev2Sessions() : 0);
        presharedKeys = keyBytes(settings.presharedKeys());
        sad = new SaDatabase<>(random, NanoClock.system());
        router = new InnerPacketRouter(new InnerPacketRouter.Tables(SelectorTable.empty(), RouteTable.empty()));
        loop = new IkeEventLoop(Clock.systemUTC());
        dataPlane = new EspDataPlane(sad, router, this::tunnelIdOf, totalTunnelCapacity, random, new ExpiryListener());
        bandwidth = SkuBandwidthLimiter.ofMegabits(initial.limits().throughputMbps());
        tun = TunDevice.open(TunSettings.named(settings.tunName()));
        LinkConfigurator.inCurrentNamespace().configure(tun.name(), TUN_MTU, List.of(), List.of());
        ike = UdpSocket.bind(new Ipv4Endpoint(toInt(local), IKE_PORT), UdpSocketOptions.defaults());
        natt = UdpSocket.bind(new Ipv4Endpoint(toInt(local), NATT_PORT), UdpSocketOptions.defaults());

        engine = new IkeEngine(new IkeEngine.Settings(new Endpoint(local, IKE_PORT), List.of(), k -> {
            byte[] key = presharedKeys.get(k);
            return key == null ? null : key.clone();
        }, loop, this::sendIke, random, new StatusRecordingListener(), e -> {
            LOG.info("ike: {}", e);
            events.accept(e);
            ikeEvent(e);
        }, IkeEngine.DEFAULT_HALF_OPEN_THRESHOLD, Duration.ofMillis(500), true));
        engine.setAcceptingNewSas(false);

        running = true;
        onIkeThread(() -> {
            Reload reload = reconcile(initial, settings.presharedKeys());
            loop.schedule(HOUSEKEEPING_INTERVAL, this::housekeeping);
            return reload;
        });
        spawn("tun-reader", this::outboundLoop);
        spawn("esp-receiver", this::nattLoop);
        spawn("ike-receiver", this::ikeLoop);
        LOG.info("gateway {} open on {} with TUN {} and {} connections (capacity {} tunnels), not serving yet",
                initial.gateway(), settings.bindAddress(), tun.name(), initial.connections().size(), tunnelCapacity);
        return this;
    }

    /**
     * Point-to-site: packets from the TUN for a connected client go to {@code delivery} before
     * site-to-site routing (null detaches it); clients' packets come back through {@link #writeToTun}.
     */
    public void attachPointToSite(PointToSiteDelivery delivery) {
        pointToSite = delivery;
    }

    /**
     * Serves IKEv2 point-to-site clients (null stops answering new ones): each client's Child SA
     * gets a tunnel id of its own and a route for its virtual address, and {@code pool} is routed
     * into the TUN.
     */
    public void serveRoadWarriors(RoadWarriorSettings clients, List<String> pool) {
        onIkeThread(() -> {
            engine.setRoadWarriors(clients);
            roadWarriorPool = clients == null ? List.of() : List.copyOf(pool);
            publishRoutes();
            return null;
        });
    }

    /**
     * Inner IPv4 bytes of every IKEv2 point-to-site client so far: {@code in} from clients into the
     * gateway's networks, {@code out} to them. The clients' tunnel ids are theirs alone and their
     * counters never go back, so the sum over that range only grows.
     */
    public Map<String, Long> roadWarriorBytes() {
        if (dataPlane == null) {
            return Map.of("in", 0L, "out", 0L);
        }
        long in = 0;
        long out = 0;
        for (int id = tunnelCapacity; id < totalTunnelCapacity; id++) {
            in += dataPlane.bytesIn(id);
            out += dataPlane.bytesOut(id);
        }
        return Map.of("in", in, "out", out);
    }

    /** IKEv2 point-to-site clients with a tunnel now, by their SA's connection name. */
    public Map<String, Integer> roadWarriorTunnels() {
        return Map.copyOf(roadWarriorTunnels);
    }

    /**
     * Writes a point-to-site client's IPv4 packet to the TUN; false when it was not written. The
     * client's session waits its turn in the SKU's aggregate bandwidth first, which site-to-site
     * tunnels share (packets to clients are paced where every TUN read is).
     */
    public boolean writeToTun(byte[] packet, int offset, int length) {
        if (length > TunDevice.MAX_PACKET_SIZE) {
            return false;
        }
        holdFor(bandwidth.reserve(length));
        synchronized (tunWriteLock) {
            return tun.write(packet, offset, length) > 0;
        }
    }

    /** The TUN device's name, for routes to point-to-site client pools. */
    public String tunName() {
        return tun.name();
    }

    /** Brings the tunnels up: connections that may initiate do, and the peers' IKE is answered. */
    public void startServing() {
        onIkeThread(() -> {
            if (!serving) {
                serving = true;
                engine.setAcceptingNewSas(true);
                reconnectDelays.clear();
                for (Connection c : connections.values()) {
                    engine.connect(c.name);
                    refreshState(c.name);
                }
                LOG.info("serving: {} connections", connections.size());
            }
            return null;
        });
    }

    /**
     * Closes every tunnel (an IKE Delete to each peer; the SAs leave the packet path at once) and
     * stops answering IKE, but keeps the runtime warm for {@link #startServing()}.
     */
    public void stopServing() {
        onIkeThread(() -> {
            if (serving) {
                serving = false;
                engine.setAcceptingNewSas(false);
                engine.retireAllSas();
                for (Connection c : connections.values()) {
                    dataPlane.removeTunnel(c.tunnelId);
                    refreshState(c.name);
                }
                LOG.info("stopped serving; runtime kept warm");
            }
            return null;
        });
    }

    public boolean serving() {
        return serving;
    }

    /** How many tunnels this runtime can hold; a configuration with more needs a new runtime. */
    public int tunnelCapacity() {
        return tunnelCapacity;
    }

    /**
     * Puts {@code next} in force without a restart; returns once the IKE thread has applied it.
     * New connections come up (when serving), removed ones are deleted with an IKE Delete, changed
     * ones (any field, or their pre-shared key) are deleted and negotiated again, and unchanged ones
     * are left alone, their SAs and traffic untouched. Thread-safe.
     *
     * @param presharedKeys pskKey → key, the whole Secret
     */
    public Reload apply(GatewayConfig next, Map<String, String> presharedKeys) {
        Objects.requireNonNull(next, "next");
        Map<String, String> keys = Map.copyOf(presharedKeys);
        return onIkeThread(() -> reconcile(next, keys));
    }

    /** Runs {@code action} on the IKE thread and waits for it, so callers see its effects. */
    private <T> T onIkeThread(Supplier<T> action) {
        if (!running) {
            throw new IllegalStateException("the runtime is not open");
        }
        CompletableFuture<T> done = loop.submit(action);
        try {
            return done.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the IKE thread", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the IKE thread did not answer within " + COMMAND_TIMEOUT, e);
        }
    }

    /** The difference between what runs and {@code next}, put right (IKE thread). */
    private Reload reconcile(GatewayConfig next, Map<String, String> keys) {
        presharedKeys = keyBytes(keys);
        Map<String, ConnectionConfig> wanted = new LinkedHashMap<>();
        next.connections().forEach(c -> wanted.put(c.name(), c));
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (String name : List.copyOf(connections.keySet())) {
            if (!wanted.containsKey(name)) {
                removeConnection(name);
                removed.add(name);
            }
        }
        refused.keySet().retainAll(wanted.keySet());
        for (ConnectionConfig c : wanted.values()) {
            String key = keys.get(c.pskKey());
            Connection existing = connections.get(c.name());
            ConnectionSettings resolved;
            try {
                resolved = ConnectionSettings.from(c, local, next.addressSpace());
            } catch (IllegalArgumentException e) {
                // one connection this gateway cannot run must not stop the others
                if (existing != null) {
                    removeConnection(c.name());
                    removed.add(c.name());
                }
                refuse(c.name(), e.getMessage());
                continue;
            }
            if (existing == null) {
                if (addConnection(c, resolved, key)) {
                    added.add(c.name());
                }
            } else if (!existing.config.equals(c) || !Objects.equals(existing.presharedKey, key)
                    || !existing.settings.equals(resolved)) {
                changeConnection(existing, c, resolved, key);
                changed.add(c.name());
            } else {
                unchanged.add(c.name());
            }
        }
        if (next.limits().throughputMbps() != config.limits().throughputMbps()) {
            bandwidth = SkuBandwidthLimiter.ofMegabits(next.limits().throughputMbps());
            LOG.info("SKU throughput now {} Mbit/s", next.limits().throughputMbps());
        }
        config = next;
        publishRoutes();
        Reload reload = new Reload(added, removed, changed, unchanged, refused);
        LOG.info("configuration generation {} in force: {}", next.generation(), reload);
        return reload;
    }

    private boolean addConnection(ConnectionConfig c, ConnectionSettings resolved, String key) {
        int id = usedTunnelIds.nextClearBit(0);
        if (id >= tunnelCapacity) {
            refuse(c.name(), "the gateway holds at most " + tunnelCapacity + " tunnels");
            return false;
        }
        usedTunnelIds.set(id);
        refused.remove(c.name());
        Connection connection = new Connection(c.name(), id, dataPlane);
        connection.config = c;
        connection.presharedKey = key;
        connection.settings = resolved;
        connections.put(c.name(), connection);
        engine.addConnection(resolved);
        if (serving) {
            engine.connect(c.name());
        }
        refreshState(c.name());
        return true;
    }

    private void removeConnection(String name) {
        Connection gone = connections.remove(name);
        engine.removeConnection(name);
        reconnectDelays.remove(name);
        if (gone != null) {
            dataPlane.removeTunnel(gone.tunnelId);
            usedTunnelIds.clear(gone.tunnelId);
        }
    }

    /** Deletes the connection's SAs and negotiates it again under its new settings; same tunnel id. */
    private void changeConnection(Connection existing, ConnectionConfig c, ConnectionSettings resolved, String key) {
        engine.replaceConnection(resolved);
        dataPlane.removeTunnel(existing.tunnelId);
        reconnectDelays.remove(c.name());
        existing.config = c;
        existing.presharedKey = key;
        existing.settings = resolved;
        existing.ikeSuite = null;
        existing.childSuite = null;
        if (serving) {
            engine.connect(c.name());
        }
        refreshState(c.name());
    }

    private void refuse(String name, String reason) {
        LOG.error("connection {} refused: {}", name, reason);
        refused.put(name, reason);
    }

    /**
     * Publishes the route table for the packet threads (one volatile store of an immutable table)
     * and brings the kernel's routes to the TUN device in line with it.
     */
    private void publishRoutes() {
        RouteTable.Builder routes = RouteTable.builder();
        Set<io.vpngw.gateway.net.Ipv4Prefix> wantedKernelRoutes = new LinkedHashSet<>();
        for (Connection c : connections.values()) {
            for (String prefix : c.config.peer().prefixes()) {
                routes.add(io.vpngw.gateway.routing.Ipv4Prefix.parse(prefix), c.tunnelId, c.config.routingWeight());
                wantedKernelRoutes.add(io.vpngw.gateway.net.Ipv4Prefix.parse(prefix));
            }
        }
        roadWarriorTunnels.forEach((name, id) -> routes.add(
                io.vpngw.gateway.routing.Ipv4Prefix.parse(name.substring(name.indexOf('/') + 1) + "/32"), id, 0));
        for (String prefix : roadWarriorPool) {
            wantedKernelRoutes.add(io.vpngw.gateway.net.Ipv4Prefix.parse(prefix));
        }
        router.replace(new InnerPacketRouter.Tables(SelectorTable.empty(), routes.build()));
        LinkConfigurator link = LinkConfigurator.inCurrentNamespace();
        for (var prefix : List.copyOf(kernelRoutes)) {
            if (!wantedKernelRoutes.contains(prefix)) {
                try {
                    link.removeRoute(prefix, tun.name());
                } catch (RuntimeException e) {
                    LOG.warn("removing the route to {}: {}", prefix, e.getMessage());
                }
                kernelRoutes.remove(prefix);
            }
        }
        for (var prefix : wantedKernelRoutes) {
            if (!kernelRoutes.contains(prefix)) {
                link.replaceRoute(prefix, tun.name());
                kernelRoutes.add(prefix);
            }
        }
    }

    private int tunnelIdOf(String connection) {
        Connection c = connections.get(connection);
        if (c != null) {
            return c.tunnelId;
        }
        Integer client = roadWarriorTunnels.get(connection);
        return client == null ? -1 : client;
    }

    /**
     * An IKEv2 point-to-site client's first Child SA: a tunnel id of its own and a route for its
     * virtual address (IKE thread). Names of site-to-site connections are left alone.
     */
    private void roadWarriorInstalling(String name) {
        if (connections.containsKey(name) || roadWarriorTunnels.containsKey(name)
                || !name.startsWith(PointToSite.IKEV2_CONNECTION + "/")) {
            return;
        }
        int id = usedTunnelIds.nextClearBit(tunnelCapacity);
        if (id >= totalTunnelCapacity) {
            LOG.error("IKEv2 point-to-site client {} has no tunnel id left (capacity {})", name, totalTunnelCapacity - tunnelCapacity);
            return;
        }
        usedTunnelIds.set(id);
        roadWarriorTunnels.put(name, id);
        publishRoutes();
        LOG.info("IKEv2 point-to-site client {} on tunnel {}", name, id);
    }

    /** The client's IKE SA is gone: its tunnel and route go too (IKE thread). */
    private void roadWarriorGone(String name) {
        Integer id = roadWarriorTunnels.get(name);
        if (id == null || !engine.ikeSas(name).isEmpty()) {
            return;
        }
        roadWarriorTunnels.remove(name);
        dataPlane.removeTunnel(id);
        usedTunnelIds.clear(id);
        publishRoutes();
        LOG.info("IKEv2 point-to-site client {} left tunnel {}", name, id);
    }

    private static Map<String, byte[]> keyBytes(Map<String, String> keys) {
        Map<String, byte[]> bytes = new HashMap<>();
        keys.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return Map.copyOf(bytes);
    }

    /** SA lifetimes reached on the packet threads become rekeys on the IKE thread. */
    private final class ExpiryListener implements SaExpiryListener {
        @Override
        public void softLimitReached(SecurityAssociation sa, ExpiryCause cause) {
            if (current(sa)) {
                int tunnel = sa.tunnelId();
                loop.execute(() -> rekey(tunnel));
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
            int tunnel = sa.tunnelId();
            loop.execute(() -> rekey(tunnel));
        }

        /** Whether the SA still carries its tunnel's traffic (not one a rekey replaced). */
        private boolean current(SecurityAssociation sa) {
            return sa instanceof OutboundSa<?> out ? sad.outbound(out.tunnelId()) == out : !sad.isRetiring(sa.spi());
        }

        private void rekey(int tunnel) {
            for (Connection c : connections.values()) {
                if (c.tunnelId == tunnel) {
                    engine.rekeyChildSas(c.name);
                }
            }
        }
    }

    /** The data plane's listener, noting what each connection's Child SAs negotiated. */
    private final class StatusRecordingListener implements ChildSaListener {
        @Override
        public void installed(ChildSa childSa) {
            roadWarriorInstalling(childSa.connection());
            dataPlane.installed(childSa);
            Connection c = connections.get(childSa.connection());
            if (c != null) {
                c.childSuite = childSa.suite();
            }
            loop.execute(() -> refreshState(childSa.connection()));
        }

        @Override
        public void deleted(ChildSa childSa, ChildSaDeletion reason) {
            dataPlane.deleted(childSa, reason);
            loop.execute(() -> refreshState(childSa.connection()));
        }
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
        for (String name : connections.keySet()) {
            for (var sa : engine.ikeSas(name)) {
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

    /** An IKE event (IKE thread): counters, what was negotiated, reconnection, and the state after it. */
    private void ikeEvent(IkeEvent event) {
        String name = event.connection();
        Connection c = connections.get(name);
        switch (event) {
            case IkeEvent.Established e -> {
                ikeSucceeded.incrementAndGet();
                reconnectDelays.remove(name);
                if (c != null) {
                    c.lastEstablished = loop.now();
                    c.ikeSuite = e.suite();
                }
            }
            case IkeEvent.Failed f -> {
                ikeFailed.incrementAndGet();
                scheduleReconnect(name);
            }
            case IkeEvent.PeerDead d -> scheduleReconnect(name);
            case IkeEvent.Deleted d -> scheduleReconnect(name);
            case IkeEvent.ChildSaFailed f -> { }
            case IkeEvent.Rekeyed r -> { }
        }
        // the engine reports before it has finished with the SA: look at it once it has
        loop.execute(() -> refreshState(name));
        if (roadWarriorTunnels.containsKey(name) && !(event instanceof IkeEvent.Established)
                && !(event instanceof IkeEvent.Rekeyed) && !(event instanceof IkeEvent.ChildSaFailed)) {
            loop.execute(() -> roadWarriorGone(name));
        }
    }

    /** The connection's state from its IKE SAs now (IKE thread). */
    private void refreshState(String name) {
        Connection c = connections.get(name);
        if (c == null) {
            return;
        }
        List<IkeSaStatus> sas = engine.ikeSas(name);
        TunnelState state;
        if (sas.stream().anyMatch(sa -> sa.state().equals("ESTABLISHED") && !sa.childSas().isEmpty())) {
            state = TunnelState.Connected;
        } else if (serving && (!sas.isEmpty() || (c.settings.mode().mayInitiate() && c.settings.peer().isPresent()))) {
            state = TunnelState.Connecting;
        } else {
            state = TunnelState.NotConnected;
        }
        c.state = state;
    }

    /**
     * A connection that may initiate is brought back after it went down, with a doubling delay
     * (1 s up to 30 s) so an unreachable peer is not hammered; success resets the delay.
     */
    private void scheduleReconnect(String name) {
        Connection c = connections.get(name);
        if (c == null || !serving || !running || !c.settings.mode().mayInitiate() || c.settings.peer().isEmpty()) {
            return;
        }
        Duration delay = reconnectDelays.getOrDefault(name, FIRST_RECONNECT_DELAY);
        reconnectDelays.put(name, delay.multipliedBy(2).compareTo(LONGEST_RECONNECT_DELAY) > 0
                ? LONGEST_RECONNECT_DELAY : delay.multipliedBy(2));
        LOG.info("connection {} down; reconnecting in {}", name, delay);
        loop.schedule(delay, () -> {
            if (running && serving && connections.containsKey(name) && engine.connect(name)) {
                LOG.info("connection {}: reconnecting", name);
                refreshState(name);
            }
        });
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
                    PointToSiteDelivery clients = pointToSite;
                    for (int i = 0; i < n; i++) {
                        if (clients != null && clients.deliver(batch.buffer(i), batch.offset(i), batch.length(i))) {
                            batch.setPacket(i, batch.offset(i), 0); // gone to a point-to-site session
                            continue;
                        }
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
        int written;
        synchronized (tunWriteLock) {
            written = tun.write(buffer, (int) (inner >>> 32), (int) inner);
        }
        if (written <= 0) {
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

    /**
     * The data plane now, from any thread: each configured connection's state, inner traffic
     * since it was added (counted on the packet threads), when it was last established and what
     * it negotiated; drops by reason; IKE negotiations by result.
     */
    public DataPlaneSnapshot snapshot() {
        if (dataPlane == null) {
            return DataPlaneSnapshot.STOPPED;
        }
        List<TunnelStatus> tunnels = new ArrayList<>();
        for (Connection c : connections.values()) {
            TunnelState state = c.state;
            tunnels.add(new TunnelStatus(c.name, state,
                    dataPlane.bytesIn(c.tunnelId) - c.baseBytesIn, dataPlane.bytesOut(c.tunnelId) - c.baseBytesOut,
                    dataPlane.packetsIn(c.tunnelId) - c.basePacketsIn, dataPlane.packetsOut(c.tunnelId) - c.basePacketsOut,
                    c.lastEstablished, state == TunnelState.Connected ? algorithms(c.ikeSuite, c.childSuite) : null));
        }
        for (String name : refused.keySet()) {
            if (!connections.containsKey(name)) {
                tunnels.add(new TunnelStatus(name, TunnelState.NotConnected, 0, 0, 0, 0, null, null));
            }
        }
        tunnels.sort(Comparator.comparing(TunnelStatus::connection));
        Map<String, Long> drops = new LinkedHashMap<>();
        for (PacketDrop reason : PacketDrop.values()) {
            drops.put(reason.name().toLowerCase(Locale.ROOT), dataPlane.drops(reason));
        }
        return new DataPlaneSnapshot(running, tunnels, drops,
                Map.of("success", ikeSucceeded.get(), "failure", ikeFailed.get()));
    }

    /** IKEv2 transform names (RFC 7296 §3.3.2 without the ENCR_/AUTH_ prefix), e.g. AES_GCM_16_256. */
    static NegotiatedAlgorithms algorithms(IkeSuite ike, ChildSuite child) {
        if (ike == null || child == null) {
            return null;
        }
        return new NegotiatedAlgorithms(encryptionName(ike.protection().encryption()),
                ike.protection() instanceof ProtectionSuite.EncryptThenMac etm ? integrityName(etm) : ike.prf().name(),
                ike.group().name(), encryptionName(child.protection().encryption()),
                child.protection() instanceof ProtectionSuite.EncryptThenMac etm ? integrityName(etm)
                        : encryptionName(child.protection().encryption()));
    }

    private static String encryptionName(EncryptionTransform t) {
        String name = t.algorithm().name().replaceFirst("^ENCR_", "");
        return t.algorithm().requiresKeyLengthAttribute() ? name + "_" + t.keyBits() : name;
    }

    private static String integrityName(ProtectionSuite.EncryptThenMac etm) {
        return etm.integrity().name().replaceFirst("^AUTH_", "");
    }

    /** Data plane counters at one moment, for a status line. */
    public record DataPlaneStats(long packetsOut, long packetsIn, long natKeepalivesSent, Map<String, Long> drops,
                                 List<TunnelStatus> tunnels) {
        /**
         * {@code name=value} pairs separated by spaces; per connection
         * {@code tunnel.<connection>.<counter>} with inner packets and bytes each way and the state.
         */
        @Override
        public String toString() {
            StringBuilder line = new StringBuilder("packetsOut=" + packetsOut + " packetsIn=" + packetsIn
                    + " natKeepalivesSent=" + natKeepalivesSent);
            drops.forEach((reason, count) -> line.append(" drop.").append(reason).append('=').append(count));
            for (TunnelStatus t : tunnels) {
                String p = " tunnel." + t.connection() + ".";
                line.append(p).append("packetsIn=").append(t.packetsIn())
                        .append(p).append("bytesIn=").append(t.bytesIn())
                        .append(p).append("packetsOut=").append(t.packetsOut())
                        .append(p).append("bytesOut=").append(t.bytesOut())
                        .append(p).append("connected=").append(t.state() == TunnelState.Connected ? 1 : 0);
            }
            return line.toString();
        }
    }

    public DataPlaneStats stats() {
        Map<String, Long> drops = new LinkedHashMap<>();
        for (PacketDrop reason : PacketDrop.values()) {
            drops.put(reason.name(), dataPlane.drops(reason));
        }
        return new DataPlaneStats(dataPlane.packetsOut(), dataPlane.packetsIn(), keepalivesSent.sum(), drops,
                snapshot().tunnels());
    }

    /** Stops everything at once, without IKE Deletes (call {@link #stopServing()} first for those). */
    @Override
    public void close() {
        running = false;
        serving = false;
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
