package io.vpngw.gateway.ike.engine;

import io.vpngw.gateway.ike.ChildSaListener;
import io.vpngw.gateway.ike.ConnectionSettings;
import io.vpngw.gateway.ike.Datagram;
import io.vpngw.gateway.ike.DatagramSender;
import io.vpngw.gateway.ike.DropReason;
import io.vpngw.gateway.ike.Endpoint;
import io.vpngw.gateway.ike.IkeEvent;
import io.vpngw.gateway.ike.IkeFailure;
import io.vpngw.gateway.ike.Scheduler;
import io.vpngw.gateway.ike.message.ExchangeType;
import io.vpngw.gateway.ike.message.IkeHeader;
import io.vpngw.gateway.ike.message.IkeMessage;
import io.vpngw.gateway.ike.message.NoncePayload;
import io.vpngw.gateway.ike.message.NotifyPayload;
import io.vpngw.gateway.ike.message.NotifyType;
import io.vpngw.gateway.ike.message.Octets;
import io.vpngw.gateway.ike.message.ParseResult;
import io.vpngw.gateway.ike.message.Payload;
import io.vpngw.gateway.ike.message.PayloadChain;
import io.vpngw.gateway.ike.auth.SignatureAuthentication;
import io.vpngw.gateway.ike.roadwarrior.ClientCertificates;
import io.vpngw.gateway.ike.roadwarrior.RoadWarriorSettings;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The IKEv2 engine of one gateway address (RFC 7296): demultiplexes received IKE datagrams to IKE
 * SAs by SPI, answers new IKE_SA_INIT requests (with stateless cookies when too many SAs are
 * half-open), and starts, rekeys and deletes SAs on request.
 *
 * <p>Not thread-safe: call it, and run the {@link Scheduler}'s actions, on one thread. The
 * receive path never throws; whatever cannot be used is dropped and counted in {@link #drops()}.
 */
public final class IkeEngine {

    /** Half-open SAs tolerated before new initiators must return a cookie. */
    public static final int DEFAULT_HALF_OPEN_THRESHOLD = 64;
    /** Longest time an IKE_SA_INIT responder waits for IKE_AUTH. */
    public static final Duration HALF_OPEN_TIMEOUT = Duration.ofSeconds(30);

    /**
     * What the engine runs with.
     *
     * @param local             our IKE address and port
     * @param connections       the connections it serves
     * @param presharedKeys     pre-shared key by {@code pskKey}; null when there is none
     * @param halfOpenThreshold half-open SAs from which cookies are required
     * @param retransmitInitial first retransmission timeout; later ones double
     */
    public record Settings(Endpoint local, List<ConnectionSettings> connections,
                           Function<String, byte[]> presharedKeys, Scheduler scheduler, DatagramSender sender,
                           SecureRandom random, ChildSaListener childSas, Consumer<IkeEvent> events,
                           int halfOpenThreshold, Duration retransmitInitial, boolean forceUdpEncapsulation) {
        /** Settings for peers that may use ESP in IP: UDP encapsulation only where a NAT is detected. */
        public Settings(Endpoint local, List<ConnectionSettings> connections, Function<String, byte[]> presharedKeys,
                        Scheduler scheduler, DatagramSender sender, SecureRandom random, ChildSaListener childSas,
                        Consumer<IkeEvent> events, int halfOpenThreshold, Duration retransmitInitial) {
            this(local, connections, presharedKeys, scheduler, sender, random, childSas, events, halfOpenThreshold,
                    retransmitInitial, false);
        }

        public Settings {
            Objects.requireNonNull(local, "local");
            connections = List.copyOf(connections);
            Objects.requireNonNull(presharedKeys, "presharedKeys");
            Objects.requireNonNull(scheduler, "scheduler");
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(random, "random");
            Objects.requireNonNull(childSas, "childSas");
            Objects.requireNonNull(events, "events");
            Objects.requireNonNull(retransmitInitial, "retransmitInitial");
        }
    }

    private record HalfOpenKey(Endpoint initiator, long initiatorSpi) {}

    private final Settings settings;
    private final EngineContext context;
    private final CookieJar cookies;
    private final Map<Long, IkeSa> sas = new HashMap<>();
    private final Map<HalfOpenKey, IkeSa> halfOpen = new LinkedHashMap<>();
    /** The connections served now, by name; starts as {@link Settings#connections()}. */
    private final Map<String, ConnectionSettings> connections = new LinkedHashMap<>();
    /** False while the gateway does not serve: no IKE_SA_INIT is answered or sent. */
    private boolean acceptingNewSas = true;
    /** IKEv2 point-to-site clients, answered from any address no connection claims; null when not served. */
    private RoadWarriorSettings roadWarriors;

    public IkeEngine(Settings settings) {
        this.settings = settings;
        for (ConnectionSettings c : settings.connections()) {
            if (connections.putIfAbsent(c.name(), c) != null) {
                throw new IllegalArgumentException("two connections are named " + c.name());
            }
        }
        // Each SA gives a request up after its connection's DPD timeout less one probe interval
        // (TaskManager); this default only shapes the retransmission intervals.
        Duration giveUp = Duration.ofSeconds(30);
        this.context = new EngineContext(settings.scheduler(), settings.random(), settings.sender(), settings.childSas(),
                settings.events(), settings.presharedKeys(), new Registry(),
                new RetransmitSchedule(settings.retransmitInitial(), Duration.ofSeconds(16), giveUp), settings.forceUdpEncapsulation());
        this.cookies = new CookieJar(settings.scheduler(), settings.random());
    }

    private final class Registry implements EngineContext.Registry {
        @Override
        public void register(IkeSa sa) {
            sas.put(sa.localSpi(), sa);
        }

        @Override
        public void unregister(IkeSa sa) {
            sas.remove(sa.localSpi(), sa);
        }

        @Override
        public boolean isSpiInUse(long spi) {
            return sas.containsKey(spi);
        }

        @Override
        public void leftHalfOpen(IkeSa sa) {
            halfOpen.values().removeIf(s -> s == sa);
        }

        /**
         * Forgets the connection's other IKE SAs with that peer and their Child SAs, without a
         * Delete (RFC 7296 §2.4: the peer no longer knows them). Matched by address, not port: a
         * NAT in front of the peer may map its new SA to another port.
         */
        @Override
        public void initialContact(IkeSa fresh) {
            for (IkeSa other : List.copyOf(sas.values())) {
                // only SAs established before this one began: one the peer set up at the same
                // moment (both ends initiating, as VNet-to-VNet does) is not stale, and dropping
                // it would leave each end holding a different SA
                if (other != fresh && !other.isClosed() && samePeer(other, fresh)
                        && other.establishedAt != null && other.establishedAt.isBefore(fresh.createdAt)) {
                    other.deleted(true);
                }
            }
        }

        @Override
        public boolean hasOtherSa(IkeSa sa) {
            for (IkeSa other : sas.values()) {
                if (other != sa && !other.isClosed() && samePeer(other, sa)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Both ends see the same pair of SAs, so both pick the same one to drop — the one with the
         * lower initiator SPI (unsigned) — and only the end that initiated it deletes it, so the
         * Deletes never cross and the survivor is the same on both ends.
         */
        @Override
        public void settleDuplicates(IkeSa sa) {
            for (IkeSa other : List.copyOf(sas.values())) {
                if (other == sa || other.state != IkeSa.State.ESTABLISHED || other.retiring || !samePeer(other, sa)) {
                    continue;
                }
                IkeSa redundant = Long.compareUnsigned(other.initiatorSpi, sa.initiatorSpi) < 0 ? other : sa;
                if (redundant.originalInitiator && !redundant.retiring) {
                    redundant.retiring = true;
                    redundant.tasks.queueFirst(new IkeDeleteTask());
                }
            }
        }

        private static boolean samePeer(IkeSa a, IkeSa b) {
            return a.connection.name().equals(b.connection.name()) && a.remote.address().equals(b.remote.address());
        }
    }

    /** Handles one received datagram. Never throws. */
    public void receive(Datagram datagram) {
        try {
            receiveUnchecked(datagram);
        } catch (RuntimeException e) {
            // A bug must not take the engine down with it; the datagram is dropped and counted.
            context.drop(DropReason.PROCESSING_ERROR);
        }
    }

    private void receiveUnchecked(Datagram datagram) {
        byte[] bytes = datagram.bytes();
        if (!(IkeMessage.parse(bytes) instanceof ParseResult.Parsed<IkeMessage>(IkeMessage message))) {
            context.drop(DropReason.MALFORMED);
            return;
        }
        IkeHeader header = message.header();
        if (header.exchangeType().equals(ExchangeType.IKE_SA_INIT) && header.isRequest()) {
            receiveInitRequest(message, bytes, datagram);
            return;
        }
        long ourSpi = header.initiator() ? header.responderSpi() : header.initiatorSpi();
        IkeSa sa = sas.get(ourSpi);
        if (sa == null || header.initiator() == sa.originalInitiator) {
            context.drop(DropReason.UNKNOWN_SPI);
            return;
        }
        if (datagram.destination().port() == IkeSa.NAT_TRAVERSAL_PORT && sa.local.port() != IkeSa.NAT_TRAVERSAL_PORT) {
            // the peer moved to port 4500 after IKE_SA_INIT (RFC 7296 §2.23): answer and send there from now on
            sa.local = datagram.destination();
            sa.remote = datagram.source();
        }
        long peerSpi = header.initiator() ? header.initiatorSpi() : header.responderSpi();
        long expectedPeerSpi = sa.originalInitiator ? sa.responderSpi : sa.initiatorSpi;
        boolean learningResponderSpi = sa.state == IkeSa.State.CONNECTING && sa.responderSpi == 0
                && header.exchangeType().equals(ExchangeType.IKE_SA_INIT);
        if (!learningResponderSpi && peerSpi != expectedPeerSpi) {
            context.drop(DropReason.UNKNOWN_SPI);
            return;
        }
        sa.tasks.receive(message, bytes, datagram.source(), datagram.destination());
    }

    private void receiveInitRequest(IkeMessage message, byte[] bytes, Datagram datagram) {
        IkeHeader header = message.header();
        if (header.responderSpi() != 0 || header.initiatorSpi() == 0 || header.messageId() != 0) {
            context.drop(DropReason.MALFORMED);
            return;
        }
        IkeSa existing = halfOpen.get(new HalfOpenKey(datagram.source(), header.initiatorSpi()));
        if (existing != null) {
            existing.tasks.resendCachedResponse(0);
            return;
        }
        Optional<ConnectionSettings> connection = connections.values().stream()
                .filter(c -> c.peerAddresses().contains(datagram.source().address()))
                .findFirst();
        RoadWarriorSettings clients = connection.isEmpty() ? roadWarriors : null;
        if (clients != null) {
            connection = Optional.of(clients.template());
        }
        if (!acceptingNewSas || connection.isEmpty() || !connection.get().mode().mayRespond()) {
            // a standby (or a peer we do not know) gets no answer at all: nothing goes on the wire
            context.drop(DropReason.REFUSED);
            return;
        }
        PayloadChain payloads = message.payloads();
        Optional<NoncePayload> nonce = payloads.first(NoncePayload.class);
        if (nonce.isEmpty()) {
            context.drop(DropReason.MALFORMED);
            return;
        }
        if (halfOpen.size() >= settings.halfOpenThreshold()) {
            byte[] ni = nonce.get().nonce().toByteArray();
            Optional<Octets> presented = payloads.payloads().getFirst() instanceof NotifyPayload n
                    && n.notifyType().equals(NotifyType.COOKIE) ? Optional.of(n.data()) : Optional.empty();
            if (presented.isEmpty() || !cookies.isValid(presented.get(), ni, datagram.source(), header.initiatorSpi())) {
                sendStateless(header, datagram, List.of(
                        NotifyPayload.cookie(cookies.cookie(ni, datagram.source(), header.initiatorSpi()))));
                return;
            }
        }
        List<Payload> extra = clients == null ? List.of()
                : List.of(ClientCertificates.request(clients.roots()), SignatureAuthentication.hashAlgorithmsNotify());
        switch (IkeSaInitResponder.respond(context, connection.get(), message, bytes, datagram.source(),
                datagram.destination(), extra)) {
            case IkeSaInitResponder.Outcome.Refused(List<Payload> refusal) -> sendStateless(header, datagram, refusal);
            case IkeSaInitResponder.Outcome.Accepted(IkeSa sa, byte[] response) -> {
                sa.roadWarrior = clients;
                sas.put(sa.localSpi(), sa);
                halfOpen.put(new HalfOpenKey(datagram.source(), header.initiatorSpi()), sa);
                context.send(new Datagram(datagram.destination(), datagram.source(), response));
                context.scheduler.schedule(HALF_OPEN_TIMEOUT, () -> {
                    if (sa.state == IkeSa.State.HALF_OPEN) {
                        sa.fail(IkeFailure.PEER_DEAD, false);
                    }
                });
            }
        }
    }

    private void sendStateless(IkeHeader request, Datagram datagram, List<Payload> payloads) {
        IkeHeader header = IkeHeader.of(request.initiatorSpi(), 0, ExchangeType.IKE_SA_INIT, false, true,
                request.messageId());
        byte[] bytes = new IkeMessage(header, new PayloadChain(payloads)).encode();
        context.send(new Datagram(datagram.destination(), datagram.source(), bytes));
    }

    /**
     * Starts an IKE SA with its first Child SA for a connection.
     *
     * @return false when the connection may not initiate (ResponderOnly, no peer address) or
     *         already has an IKE SA
     */
    public boolean connect(String connectionName) {
        Optional<ConnectionSettings> connection = connection(connectionName);
        if (!acceptingNewSas || connection.isEmpty() || !connection.get().mode().mayInitiate()
                || connection.get().peer().isEmpty()
                || sas.values().stream().anyMatch(sa -> sa.connection.name().equals(connectionName)
                && sa.state != IkeSa.State.REKEYED && !sa.retiring)) {
            return false;
        }
        IkeSa sa = new IkeSa(context, connection.get(), true, settings.local(), connection.get().peer().get(),
                context.newIkeSpi(), 0, IkeSa.State.CONNECTING);
        sas.put(sa.localSpi(), sa);
        sa.tasks.queue(new IkeSaInitTask());
        sa.tasks.queue(new IkeAuthTask());
        return true;
    }

    /** Rekeys every Child SA of the connection's established IKE SA. */
    public boolean rekeyChildSas(String connectionName) {
        Optional<IkeSa> sa = established(connectionName);
        sa.ifPresent(s -> List.copyOf(s.children).stream()
                .filter(c -> c.state == ChildSaEntry.State.INSTALLED)
                .forEach(c -> s.tasks.queue(new ChildRekeyTask(c, s.connection.policy().pfsGroup()))));
        return sa.isPresent();
    }

    /** Rekeys the connection's established IKE SA. */
    public boolean rekeyIkeSa(String connectionName) {
        Optional<IkeSa> sa = established(connectionName);
        sa.ifPresent(s -> s.tasks.queue(new IkeRekeyTask()));
        return sa.isPresent();
    }

    /** Deletes one Child SA, named by its inbound SPI. */
    public boolean deleteChildSa(String connectionName, int inboundSpi) {
        Optional<IkeSa> sa = established(connectionName);
        Optional<ChildSaEntry> child = sa.flatMap(s -> s.childByInboundSpi(inboundSpi));
        child.ifPresent(c -> sa.get().tasks.queue(new ChildDeleteTask(c, ChildSaListener.ChildSaDeletion.DELETED)));
        return child.isPresent();
    }

    /** Deletes the connection's established IKE SA and its Child SAs. */
    public boolean deleteIkeSa(String connectionName) {
        Optional<IkeSa> sa = established(connectionName);
        sa.ifPresent(s -> s.tasks.queue(new IkeDeleteTask()));
        return sa.isPresent();
    }

    /**
     * Adds a connection: from now on its peer's IKE_SA_INIT is answered and {@link #connect} may
     * initiate it.
     *
     * @throws IllegalArgumentException when a connection of that name exists
     */
    public void addConnection(ConnectionSettings connection) {
        if (connections.putIfAbsent(connection.name(), connection) != null) {
            throw new IllegalArgumentException("connection " + connection.name() + " exists already");
        }
    }

    /**
     * Removes a connection and closes its IKE SAs: established ones with an IKE Delete to the
     * peer (their Child SAs leave the data plane when the peer confirms, or when it does not answer
     * the retransmissions), ones still being set up at once.
     *
     * @return false when there was no such connection
     */
    public boolean removeConnection(String connectionName) {
        if (connections.remove(connectionName) == null) {
            return false;
        }
        retireSas(connectionName);
        return true;
    }

    /**
     * Replaces a connection's settings (peer, proposals, selectors or key changed): its IKE SAs
     * are closed as by {@link #removeConnection}, and the next {@link #connect} or IKE_SA_INIT
     * from the peer negotiates under the new settings while the old SAs are being deleted.
     */
    public void replaceConnection(ConnectionSettings connection) {
        removeConnection(connection.name());
        addConnection(connection);
    }

    /**
     * Serves IKEv2 point-to-site clients (null stops answering new ones; clients of earlier
     * settings are deleted, as {@link #removeConnection} deletes a connection's SAs):
     * an IKE_SA_INIT from an address no connection claims is answered under
     * {@link RoadWarriorSettings#template()}, and its IKE_AUTH must bring a client certificate and
     * a CP request for an address.
     */
    public void setRoadWarriors(RoadWarriorSettings settings) {
        if (settings == roadWarriors) {
            return;
        }
        roadWarriors = settings;
        // clients of the settings replaced (their pool, limit and roots with them) reconnect
        // under the new ones, as SSTP clients do when point-to-site restarts
        for (IkeSa sa : List.copyOf(sas.values())) {
            if (sa.roadWarrior == null || sa.roadWarrior == settings || sa.retiring || sa.isClosed()) {
                continue;
            }
            sa.retiring = true;
            switch (sa.state) {
                case ESTABLISHED -> sa.tasks.queueFirst(new IkeDeleteTask());
                case CONNECTING, HALF_OPEN -> sa.deleted(false);
                case REKEYED, CLOSED -> { }
            }
        }
    }

    /** The names of the connections served now. */
    public List<String> connectionNames() {
        return List.copyOf(connections.keySet());
    }

    /**
     * Whether new IKE SAs may be made: when false (a standby instance), IKE_SA_INIT requests get
     * no answer and {@link #connect} refuses; SAs already being deleted still finish.
     */
    public void setAcceptingNewSas(boolean accepting) {
        acceptingNewSas = accepting;
    }

    /** Closes every IKE SA of every connection, as {@link #removeConnection} does for one. */
    public void retireAllSas() {
        for (String name : List.copyOf(connections.keySet())) {
            retireSas(name);
        }
        // SAs of connections removed earlier whose Delete is still outstanding stay in flight
    }

    private void retireSas(String connectionName) {
        for (IkeSa sa : List.copyOf(sas.values())) {
            if (!sa.connection.name().equals(connectionName) || sa.retiring || sa.isClosed()) {
                continue;
            }
            sa.retiring = true;
            switch (sa.state) {
                case ESTABLISHED -> sa.tasks.queueFirst(new IkeDeleteTask());
                case CONNECTING, HALF_OPEN -> sa.deleted(false);
                case REKEYED, CLOSED -> { } // a rekeyed SA is already being deleted by its successor's exchange
            }
        }
    }

    /** The connection's IKE SAs, including ones being set up or replaced, but not ones being deleted. */
    public List<IkeSaStatus> ikeSas(String connectionName) {
        List<IkeSaStatus> result = new ArrayList<>();
        for (IkeSa sa : sas.values()) {
            if (sa.connection.name().equals(connectionName) && !sa.retiring) {
                result.add(new IkeSaStatus(connectionName, sa.initiatorSpi, sa.responderSpi, sa.originalInitiator,
                        sa.state.name(), Optional.ofNullable(sa.suite), sa.natDetected,
                        sa.children.stream().map(c -> c.sa).toList()));
            }
        }
        return List.copyOf(result);
    }

    /** How many datagrams were dropped, by reason. */
    public Map<DropReason, Long> drops() {
        return context.drops();
    }

    public int halfOpenCount() {
        return halfOpen.size();
    }

    private Optional<IkeSa> established(String connectionName) {
        return sas.values().stream()
                .filter(sa -> sa.connection.name().equals(connectionName) && sa.state == IkeSa.State.ESTABLISHED
                        && !sa.retiring)
                .findFirst();
    }

    private Optional<ConnectionSettings> connection(String name) {
        return Optional.ofNullable(connections.get(name));
    }
}
