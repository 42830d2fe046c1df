package io.vpngw.gateway.esp;

import io.vpngw.gateway.routing.SaSelectors;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * An SA we receive on: its SPI (ours), its anti-replay window, its lifetime and the traffic
 * selectors it was negotiated for. The crypto state is {@code T}, whatever the wiring keeps there
 * (for instance a cipher per worker thread), so that this package knows nothing of ciphers.
 *
 * <h2>Receiving a packet</h2>
 * <ol>
 *   <li>{@link #sequenceFor} with the 32 bits from the ESP header; its high half goes to the
 *       cipher with ESN.</li>
 *   <li>{@link #checkReplay}: drop unless {@link ReplayVerdict#FRESH}.</li>
 *   <li>Verify the ICV and decrypt; on failure drop, with the window untouched.</li>
 *   <li>{@link #acceptAuthenticated}: drop unless {@link InboundVerdict#ACCEPTED}.</li>
 *   <li>{@link #admitsInnerPacket} on the decrypted packet (RFC 4301 §5.2): drop unless true.</li>
 * </ol>
 * Step 4 runs on one thread at a time, in the order packets are to be accepted; steps 1 and 2
 * may run on one other thread meanwhile, such as a dispatcher ahead of parallel decryption (see
 * {@link ReplayWindow}). The rest is thread-safe.
 */
public final class InboundSa<T> implements SecurityAssociation {

    private final int spi;
    private final int tunnelId;
    private final T transform;
    private final ReplayWindow replayWindow;
    private final SaLifetime lifetime;
    private final SaSelectors selectors;
    private final SaExpiryListener listener;

    private final LongAdder expiredDrops = new LongAdder();
    private final LongAdder selectorDrops = new LongAdder();

    // Retirement after a rekey; guarded by the lock of the SaDatabase that holds the SA.
    boolean retiring;
    long retireDeadlineNanos;

    /**
     * @param spi       our SPI, 256 or above (0..255 are reserved, RFC 4303 §2.1)
     * @param selectors what the SA was negotiated for; {@link SaSelectors#any()} for any-to-any
     */
    public InboundSa(int spi, int tunnelId, T transform, ReplayWindow replayWindow, SaLifetime lifetime,
                     SaSelectors selectors, SaExpiryListener listener) {
        if (Integer.compareUnsigned(spi, SaDatabase.FIRST_ASSIGNABLE_SPI) < 0) {
            throw new IllegalArgumentException("SPI " + spi + " is reserved");
        }
        if (tunnelId < 0) {
            throw new IllegalArgumentException("tunnel id " + tunnelId + " is negative");
        }
        this.spi = spi;
        this.tunnelId = tunnelId;
        this.transform = Objects.requireNonNull(transform, "transform");
        this.replayWindow = Objects.requireNonNull(replayWindow, "replayWindow");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.selectors = Objects.requireNonNull(selectors, "selectors");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Step 1: the full sequence number of a packet with these 32 bits on the wire. */
    public long sequenceFor(int wireSequence) {
        return replayWindow.sequenceFor(wireSequence);
    }

    /** Step 2, before the ICV: drop unless {@link ReplayVerdict#FRESH}. Changes nothing but drop counters. */
    public ReplayVerdict checkReplay(long sequence) {
        return replayWindow.check(sequence);
    }

    /**
     * Step 4, after the ICV passed: marks the number in the window and accounts the packet's inner
     * octets. A lifetime limit crossed here is reported to the listener.
     */
    public InboundVerdict acceptAuthenticated(long sequence, int innerOctets) {
        if (lifetime.isHardExpired()) {
            expiredDrops.increment();
            return InboundVerdict.EXPIRED;
        }
        switch (replayWindow.accept(sequence)) {
            case DUPLICATE -> {
                return InboundVerdict.DUPLICATE;
            }
            case TOO_OLD -> {
                return InboundVerdict.TOO_OLD;
            }
            case FRESH -> { }
        }
        LifetimeVerdict verdict = lifetime.recordPacket(innerOctets);
        SaExpiryListener.report(verdict, this, listener);
        if (!verdict.permitsPacket()) {
            expiredDrops.increment();
            return InboundVerdict.EXPIRED;
        }
        return InboundVerdict.ACCEPTED;
    }

    /**
     * Step 5: whether the decrypted inner packet at {@code packet[offset, offset + length)} is
     * traffic this SA was negotiated for (RFC 4301 §5.2 step 4). Counts the ones it is not.
     */
    public boolean admitsInnerPacket(byte[] packet, int offset, int length) {
        if (selectors.allowsInbound(packet, offset, length)) {
            return true;
        }
        selectorDrops.increment();
        return false;
    }

    @Override
    public LifetimeVerdict checkTime(long nowNanos) {
        LifetimeVerdict verdict = lifetime.checkTime(nowNanos);
        SaExpiryListener.report(verdict, this, listener);
        return verdict;
    }

    @Override
    public int spi() {
        return spi;
    }

    @Override
    public int tunnelId() {
        return tunnelId;
    }

    public T transform() {
        return transform;
    }

    public ReplayWindow replayWindow() {
        return replayWindow;
    }

    @Override
    public SaLifetime lifetime() {
        return lifetime;
    }

    public SaSelectors selectors() {
        return selectors;
    }

    /** Authenticated packets dropped because the SA was past a hard limit. */
    public long expiredDrops() {
        return expiredDrops.sum();
    }

    /** Authenticated packets dropped because they were outside the SA's traffic selectors. */
    public long selectorDrops() {
        return selectorDrops.sum();
    }

    @Override
    public String toString() {
        return "InboundSa[spi=" + Integer.toHexString(spi) + ", tunnel=" + tunnelId + ", " + lifetime.stage() + "]";
    }
}
