package io.vpngw.gateway.ike.engine;

import io.vpngw.gateway.crypto.SecretBytes;
import io.vpngw.gateway.crypto.ike.SkDecryption;
import io.vpngw.gateway.crypto.ike.SkPayloadCipher;
import io.vpngw.gateway.crypto.kdf.ChildSaKeys;
import io.vpngw.gateway.crypto.kdf.IkeKeyDerivation;
import io.vpngw.gateway.crypto.kdf.IkeSaKeys;
import io.vpngw.gateway.ike.ChildSa;
import io.vpngw.gateway.ike.ChildSaListener.ChildSaDeletion;
import io.vpngw.gateway.ike.ConnectionSettings;
import io.vpngw.gateway.ike.Endpoint;
import io.vpngw.gateway.ike.IkeEvent;
import io.vpngw.gateway.ike.IkeFailure;
import io.vpngw.gateway.ike.Scheduler;
import io.vpngw.gateway.ike.message.EncryptedPayload;
import io.vpngw.gateway.ike.message.ExchangeType;
import io.vpngw.gateway.ike.message.IkeHeader;
import io.vpngw.gateway.ike.message.IkeMessage;
import io.vpngw.gateway.ike.message.Octets;
import io.vpngw.gateway.ike.message.Payload;
import io.vpngw.gateway.ike.message.PayloadChain;
import io.vpngw.gateway.ike.message.TrafficSelector;
import io.vpngw.gateway.ike.proposal.ChildSuite;
import io.vpngw.gateway.ike.proposal.IkeSuite;
import java.time.Duration;
import io.vpngw.gateway.ike.roadwarrior.RoadWarriorSettings;
import java.net.Inet4Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One IKE SA: SPIs, negotiated suite and keys, Child SAs and the task manager that runs its
 * exchanges. Confined to the engine's thread like everything else in this package.
 */
final class IkeSa {

    enum State {
        /** We sent IKE_SA_INIT or IKE_AUTH and wait for the SA to be authenticated. */
        CONNECTING,
        /** We answered IKE_SA_INIT and wait for IKE_AUTH. */
        HALF_OPEN,
        ESTABLISHED,
        /** Replaced by a rekeyed SA; waiting for its deletion. Its Child SAs moved on. */
        REKEYED,
        CLOSED
    }

    final EngineContext engine;
    /** Final but for road-warrior SAs, which move to their client's own settings once authenticated. */
    ConnectionSettings connection;
    /** For an IKEv2 point-to-site client's SA: how clients are served; null for site-to-site. */
    RoadWarriorSettings roadWarrior;
    /** The client's virtual address and session slot, held until the SA (or its rekeyed successor) closes. */
    Inet4Address virtualAddress;
    boolean holdsSessionSlot;
    /** Whether we are the original initiator: the I flag and which keys we send with. */
    final boolean originalInitiator;
    /** Where ESP in UDP and IKE after a NAT was detected travel (RFC 3948, RFC 7296 §2.23). */
    static final int NAT_TRAVERSAL_PORT = 4500;

    Endpoint local;
    Endpoint remote;
    final TaskManager tasks;
    long initiatorSpi;
    long responderSpi;
    State state;
    IkeSuite suite;
    IkeSaKeys keys;
    SkPayloadCipher outbound;
    SkPayloadCipher inbound;
    byte[] initiatorNonce;
    byte[] responderNonce;
    /** The IKE_SA_INIT request and response as they travelled, signed by IKE_AUTH (§2.15). */
    byte[] initRequest;
    byte[] initResponse;
    boolean natDetected;
    /**
     * Being deleted because its connection was removed or changed, or the instance stopped
     * serving: it no longer counts as the connection's SA and hands no new Child SA to the data plane.
     */
    boolean retiring;
    Instant lastReceived;
    /** When this SA's IKE_SA_INIT began (sent or received). */
    final Instant createdAt;
    /** When IKE_AUTH completed, or null before. */
    Instant establishedAt;
    final List<ChildSaEntry> children = new ArrayList<>();
    private Scheduler.Timer livenessTimer;

    IkeSa(EngineContext engine, ConnectionSettings connection, boolean originalInitiator, Endpoint local,
          Endpoint remote, long initiatorSpi, long responderSpi, State state) {
        this.engine = engine;
        this.connection = connection;
        this.originalInitiator = originalInitiator;
        this.local = local;
        this.remote = remote;
        this.initiatorSpi = initiatorSpi;
        this.responderSpi = responderSpi;
        this.state = state;
        this.lastReceived = engine.scheduler.now();
        this.createdAt = lastReceived;
        this.tasks = new TaskManager(this);
    }

    long localSpi() {
        return originalInitiator ? initiatorSpi : responderSpi;
    }

    boolean isClosed() {
        return state == State.CLOSED;
    }

    /** Derives the IKE SA keys from SKEYSEED and sets up protection of SK payloads. */
    void installKeys(IkeSuite suite, SecretBytes skeyseed) {
        this.suite = suite;
        this.keys = IkeKeyDerivation.ikeSaKeys(suite.prf(), suite.protection(), skeyseed, initiatorNonce,
                responderNonce, initiatorSpi, responderSpi);
        skeyseed.destroy();
        SkPayloadCipher fromInitiator = SkPayloadCipher.create(suite.protection(), keys.initiatorToResponder(), engine.random);
        SkPayloadCipher fromResponder = SkPayloadCipher.create(suite.protection(), keys.responderToInitiator(), engine.random);
        outbound = originalInitiator ? fromInitiator : fromResponder;
        inbound = originalInitiator ? fromResponder : fromInitiator;
    }

    IkeHeader header(ExchangeType exchange, boolean response, long messageId) {
        return IkeHeader.of(initiatorSpi, responderSpi, exchange, originalInitiator, response, messageId);
    }

    /** Encodes a message; everything but IKE_SA_INIT goes inside an SK payload. */
    byte[] encode(ExchangeType exchange, boolean response, long messageId, List<Payload> payloads) {
        IkeHeader header = header(exchange, response, messageId);
        if (exchange.equals(ExchangeType.IKE_SA_INIT)) {
            return new IkeMessage(header, new PayloadChain(payloads)).encode();
        }
        PayloadChain inner = new PayloadChain(payloads);
        byte[] plaintext = inner.encode();
        int bodyLength = outbound.encryptedBodyLength(plaintext.length);
        byte[] message = IkeMessage.of(header, new EncryptedPayload(inner.firstType(), Octets.copyOf(new byte[bodyLength])))
                .encode();
        outbound.encrypt(message, message.length - bodyLength, plaintext);
        return message;
    }

    /** The payloads inside a received message's SK payload; empty if it does not authenticate. */
    Optional<PayloadChain> decrypt(IkeMessage message, byte[] raw) {
        if (inbound == null || message.payloads().isEmpty()
                || !(message.payloads().payloads().getLast() instanceof EncryptedPayload sk)) {
            return Optional.empty();
        }
        int bodyLength = sk.body().length();
        return switch (inbound.decrypt(raw, raw.length - bodyLength, bodyLength)) {
            case SkDecryption.Decrypted(byte[] inner) -> sk.parseInner(inner, 0, inner.length).toOptional();
            case SkDecryption.Rejected rejected -> Optional.empty();
        };
    }

    /** Builds, installs and hands to the data plane a Child SA negotiated in an exchange. */
    ChildSaEntry installChild(ChildSuite childSuite, int inboundSpi, int outboundSpi, boolean weInitiatedExchange,
                              byte[] ni, byte[] nr, Optional<SecretBytes> sharedSecret,
                              List<TrafficSelector> localSelectors, List<TrafficSelector> remoteSelectors) {
        ChildSaKeys childKeys = sharedSecret.isPresent()
                ? IkeKeyDerivation.childSaKeys(suite.prf(), childSuite.protection(), keys.skD(), sharedSecret.get(), ni, nr)
                : IkeKeyDerivation.childSaKeys(suite.prf(), childSuite.protection(), keys.skD(), ni, nr);
        sharedSecret.ifPresent(SecretBytes::destroy);
        ChildSa sa = new ChildSa(connection.name(), inboundSpi, outboundSpi, childSuite,
                weInitiatedExchange ? childKeys.responderToInitiator() : childKeys.initiatorToResponder(),
                weInitiatedExchange ? childKeys.initiatorToResponder() : childKeys.responderToInitiator(),
                localSelectors, remoteSelectors, local, remote, connection.policy().childLifetime(),
                connection.policy().childLifetimeKilobytes());
        ChildSaEntry entry = new ChildSaEntry(sa);
        children.add(entry);
        if (!retiring) {
            engine.childSas.installed(sa);
        }
        return entry;
    }

    void removeChild(ChildSaEntry entry, ChildSaDeletion reason) {
        if (children.remove(entry)) {
            engine.childSas.deleted(entry.sa, reason);
            engine.releaseEspSpi(entry.sa.inboundSpi());
            entry.sa.inboundKeys().destroy();
            entry.sa.outboundKeys().destroy();
        }
    }

    Optional<ChildSaEntry> childByOutboundSpi(int spi) {
        return children.stream().filter(c -> c.sa.outboundSpi() == spi).findFirst();
    }

    Optional<ChildSaEntry> childByInboundSpi(int spi) {
        return children.stream().filter(c -> c.sa.inboundSpi() == spi).findFirst();
    }

    /** IKE_AUTH completed: the SA is usable and dead peer detection starts. */
    void established(boolean weInitiated) {
        state = State.ESTABLISHED;
        establishedAt = engine.scheduler.now();
        engine.registry().leftHalfOpen(this);
        engine.events.accept(new IkeEvent.Established(connection.name(), initiatorSpi, responderSpi, suite, weInitiated));
        scheduleLivenessCheck(connection.dpdInterval());
        engine.registry().settleDuplicates(this);
    }

    /** Something authenticated arrived from the peer. */
    void received() {
        lastReceived = engine.scheduler.now();
    }

    /**
     * Dead peer detection: probe only after a whole interval without hearing from the peer, and
     * only when no request of ours is outstanding (an unanswered one already tests liveness).
     */
    void scheduleLivenessCheck(Duration delay) {
        livenessTimer = engine.scheduler.schedule(delay, () -> {
            if (state != State.ESTABLISHED) {
                return;
            }
            Duration interval = connection.dpdInterval();
            Duration idle = Duration.between(lastReceived, engine.scheduler.now());
            if (idle.compareTo(interval) >= 0) {
                if (tasks.isIdle()) {
                    tasks.queue(new DpdTask());
                }
                scheduleLivenessCheck(interval);
            } else {
                scheduleLivenessCheck(interval.minus(idle));
            }
        });
    }

    /** The exchange failed fatally: report, remove the Child SAs, forget the SA. */
    void fail(IkeFailure failure, boolean weInitiated) {
        if (isClosed()) {
            return;
        }
        if (failure == IkeFailure.PEER_DEAD && state == State.ESTABLISHED) {
            engine.events.accept(new IkeEvent.PeerDead(connection.name()));
        } else if (state != State.REKEYED) {
            engine.events.accept(new IkeEvent.Failed(connection.name(), failure, weInitiated));
        }
        close(ChildSaDeletion.IKE_SA_FAILED);
    }

    /** Deleted by us or the peer; a rekeyed SA goes quietly since its children live on elsewhere. */
    void deleted(boolean byPeer) {
        if (isClosed()) {
            return;
        }
        if (state != State.REKEYED) {
            engine.events.accept(new IkeEvent.Deleted(connection.name(), byPeer));
        }
        close(ChildSaDeletion.DELETED);
    }

    private void close(ChildSaDeletion childReason) {
        for (ChildSaEntry child : List.copyOf(children)) {
            removeChild(child, childReason);
        }
        if (state != State.REKEYED) {
            releaseRoadWarriorLease(); // a rekeyed SA's successor holds the lease now
        }
        state = State.CLOSED;
        if (livenessTimer != null) {
            livenessTimer.cancel();
        }
        tasks.close();
        engine.registry().leftHalfOpen(this);
        engine.registry().unregister(this);
        if (keys != null) {
            keys.destroy();
        }
    }

    /** Returns a road-warrior client's virtual address and session slot; nothing for site-to-site. */
    void releaseRoadWarriorLease() {
        if (roadWarrior == null) {
            return;
        }
        if (virtualAddress != null) {
            roadWarrior.addresses().release(virtualAddress);
            virtualAddress = null;
        }
        if (holdsSessionSlot) {
            roadWarrior.sessions().release();
            holdsSessionSlot = false;
        }
    }

    /** Moves the Child SAs to the SA that replaces this one. */
    void handOverChildren(IkeSa successor) {
        successor.children.addAll(children);
        children.clear();
        successor.roadWarrior = roadWarrior;
        successor.virtualAddress = virtualAddress;
        successor.holdsSessionSlot = holdsSessionSlot;
        virtualAddress = null;
        holdsSessionSlot = false;
        state = State.REKEYED;
        if (livenessTimer != null) {
            livenessTimer.cancel();
        }
    }

    @Override
    public String toString() {
        return "IkeSa[" + connection.name() + " " + Long.toHexString(initiatorSpi) + "/" + Long.toHexString(responderSpi)
                + " " + state + (originalInitiator ? " initiator" : " responder") + "]";
    }
}
