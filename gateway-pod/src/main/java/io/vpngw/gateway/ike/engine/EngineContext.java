package io.vpngw.gateway.ike.engine;

import io.vpngw.gateway.ike.ChildSaListener;
import io.vpngw.gateway.ike.Datagram;
import io.vpngw.gateway.ike.DatagramSender;
import io.vpngw.gateway.ike.DropReason;
import io.vpngw.gateway.ike.IkeEvent;
import io.vpngw.gateway.ike.Scheduler;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/** What every IKE SA of one engine shares: time, randomness, output, listeners and SPI bookkeeping. */
final class EngineContext {

    final Scheduler scheduler;
    final SecureRandom random;
    final DatagramSender sender;
    final ChildSaListener childSas;
    final Consumer<IkeEvent> events;
    final RetransmitSchedule retransmits;
    /** ESP only in UDP (no kernel ESP): pretend a NAT so both peers encapsulate, and move to port 4500. */
    final boolean forceUdpEncapsulation;
    private final Function<String, byte[]> presharedKeys;
    private final Registry registry;
    private final Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
    private final Set<Integer> espSpis = new HashSet<>();

    /** How the engine tracks its IKE SAs by our SPI. */
    interface Registry {
        void register(IkeSa sa);

        void unregister(IkeSa sa);

        boolean isSpiInUse(long spi);

        /** The SA is no longer half-open: authenticated or gone. */
        void leftHalfOpen(IkeSa sa);

        /**
         * The peer of {@code fresh} sent INITIAL_CONTACT: it holds no other IKE SA with us (it
         * restarted, or another instance took its address over), so ours are stale.
         */
        void initialContact(IkeSa fresh);

        /** Whether the connection has another IKE SA with the same peer, in any state but closed. */
        boolean hasOtherSa(IkeSa sa);

        /**
         * {@code sa} was just established: if the connection already holds another established
         * IKE SA with that peer (both ends initiated at once), settle which one stays.
         */
        void settleDuplicates(IkeSa sa);
    }

    EngineContext(Scheduler scheduler, SecureRandom random, DatagramSender sender, ChildSaListener childSas,
                  Consumer<IkeEvent> events, Function<String, byte[]> presharedKeys, Registry registry,
                  RetransmitSchedule retransmits, boolean forceUdpEncapsulation) {
        this.forceUdpEncapsulation = forceUdpEncapsulation;
        this.scheduler = scheduler;
        this.random = random;
        this.sender = sender;
        this.childSas = childSas;
        this.events = events;
        this.presharedKeys = presharedKeys;
        this.registry = registry;
        this.retransmits = retransmits;
    }

    Registry registry() {
        return registry;
    }

    Optional<byte[]> presharedKey(String key) {
        byte[] psk = presharedKeys.apply(key);
        return psk == null || psk.length == 0 ? Optional.empty() : Optional.of(psk);
    }

    void drop(DropReason reason) {
        drops.merge(reason, 1L, Long::sum);
    }

    Map<DropReason, Long> drops() {
        return Map.copyOf(drops);
    }

    void send(Datagram datagram) {
        sender.send(datagram);
    }

    /** A fresh non-zero IKE SPI not used by any of our SAs. */
    long newIkeSpi() {
        long spi;
        do {
            spi = random.nextLong();
        } while (spi == 0 || registry.isSpiInUse(spi));
        return spi;
    }

    /** A fresh inbound ESP SPI; values below 256 are reserved (RFC 4303 §2.1). */
    int newEspSpi() {
        int spi;
        do {
            spi = random.nextInt();
        } while (Integer.compareUnsigned(spi, 256) < 0 || !espSpis.add(spi));
        return spi;
    }

    void releaseEspSpi(int spi) {
        espSpis.remove(spi);
    }

    byte[] nonce() {
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        return nonce;
    }
}
