package io.vpngw.gateway.ike.engine;

import io.vpngw.gateway.config.ConnectionConfig;
import io.vpngw.gateway.ike.ChildSa;
import io.vpngw.gateway.ike.ChildSaListener;
import io.vpngw.gateway.ike.ConnectionSettings;
import io.vpngw.gateway.ike.Endpoint;
import io.vpngw.gateway.ike.IkeEvent;
import io.vpngw.gateway.ike.selector.TrafficSelectors;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Two engines, "a" (192.0.2.1) and "b" (198.51.100.1), joined by an {@link InMemoryNetwork} under one clock. */
final class TwoPeers {

    static final Endpoint A = new Endpoint(TrafficSelectors.addressLiteral("192.0.2.1"), 500);
    static final Endpoint B = new Endpoint(TrafficSelectors.addressLiteral("198.51.100.1"), 500);
    static final String CONNECTION = "default/site";

    final ManualScheduler clock = new ManualScheduler();
    final InMemoryNetwork network = new InMemoryNetwork();
    Peer a;
    final Peer b;

    /** One side: its engine and what it reported. */
    static final class Peer implements ChildSaListener {
        IkeEngine engine;
        final List<IkeEvent> events = new ArrayList<>();
        final List<String> dataPlaneLog = new ArrayList<>();
        final Map<Integer, ChildSa> installed = new LinkedHashMap<>();
        final List<ChildSa> everInstalled = new ArrayList<>();
        final List<ChildSaDeletion> deletions = new ArrayList<>();

        @Override
        public void installed(ChildSa childSa) {
            installed.put(childSa.inboundSpi(), childSa);
            everInstalled.add(childSa);
            dataPlaneLog.add("installed " + Integer.toHexString(childSa.inboundSpi()));
        }

        @Override
        public void deleted(ChildSa childSa, ChildSaDeletion reason) {
            installed.remove(childSa.inboundSpi());
            deletions.add(reason);
            dataPlaneLog.add("deleted " + Integer.toHexString(childSa.inboundSpi()));
        }

        List<ChildSa> children() {
            return List.copyOf(installed.values());
        }

        <T extends IkeEvent> List<T> events(Class<T> kind) {
            return events.stream().filter(kind::isInstance).map(kind::cast).toList();
        }

        List<IkeSaStatus> ikeSas() {
            return engine.ikeSas(CONNECTION);
        }
    }

    /** A peer's configuration knobs. */
    record Side(ConnectionConfig.Policy policy, String psk, String mode, int halfOpenThreshold,
                List<ConnectionConfig.TrafficSelectorPair> selectors) {
        static Side defaults() {
            return new Side(null, "correct horse battery staple", "Default", IkeEngine.DEFAULT_HALF_OPEN_THRESHOLD, List.of());
        }

        Side policy(ConnectionConfig.Policy p) {
            return new Side(p, psk, mode, halfOpenThreshold, selectors);
        }

        Side psk(String p) {
            return new Side(policy, p, mode, halfOpenThreshold, selectors);
        }

        Side mode(String m) {
            return new Side(policy, psk, m, halfOpenThreshold, selectors);
        }

        Side halfOpenThreshold(int t) {
            return new Side(policy, psk, mode, t, selectors);
        }

        Side selectors(List<ConnectionConfig.TrafficSelectorPair> s) {
            return new Side(policy, psk, mode, halfOpenThreshold, s);
        }
    }

    TwoPeers(Side sideA, Side sideB) {
        a = peer(A, B, sideA, "10.1.0.0/16", "10.2.0.0/16");
        b = peer(B, A, sideB, "10.2.0.0/16", "10.1.0.0/16");
    }

    TwoPeers() {
        this(Side.defaults(), Side.defaults());
    }

    static TwoPeers both(UnaryOperator<Side> change) {
        return new TwoPeers(change.apply(Side.defaults()), change.apply(Side.defaults()));
    }

    private Peer peer(Endpoint local, Endpoint remote, Side side, String ownSpace, String peerSpace) {
        Peer peer = new Peer();
        ConnectionConfig config = new ConnectionConfig(CONNECTION, "IPsec", "IKEv2", side.mode(),
                new ConnectionConfig.Peer(List.of(remote.address().getHostAddress()), null, List.of(peerSpace)),
                "site-psk", 45, 0, !side.selectors().isEmpty(), side.selectors(), side.policy());
        ConnectionSettings connection = ConnectionSettings.from(config, local.address(), List.of(ownSpace));
        byte[] psk = side.psk().getBytes(StandardCharsets.UTF_8);
        peer.engine = new IkeEngine(new IkeEngine.Settings(local, List.of(connection),
                key -> key.equals("site-psk") ? psk.clone() : null, clock, network, new SecureRandom(), peer,
                peer.events::add, side.halfOpenThreshold(), Duration.ofSeconds(1)));
        network.attach(local, peer.engine);
        return peer;
    }

    /**
     * A loses all its state, as when it crashes and a standby takes its address over: a fresh
     * engine with the same settings replaces it on the network.
     */
    Peer restartA() {
        a = peer(A, B, Side.defaults(), "10.1.0.0/16", "10.2.0.0/16");
        return a;
    }

    /** A connects and everything in flight is delivered. */
    TwoPeers connect() {
        a.engine.connect(CONNECTION);
        network.deliverAll();
        return this;
    }

    /** Lets time pass, delivering whatever the timers send. */
    void advance(Duration duration) {
        clock.advance(duration, network::deliverAll);
        network.deliverAll();
    }
}
