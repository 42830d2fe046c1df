package io.vpngw.gateway.esp;

import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * An SA we send on: the peer's SPI, our sequence number counter and the SA's lifetime. The crypto
 * state is {@code T}, as for {@link InboundSa}. Thread-safe: several threads may send on one SA.
 */
public final class OutboundSa<T> implements SecurityAssociation {

    /** Returned by {@link #nextSequence} when the SA must not send: never a valid sequence number. */
    public static final long REFUSED = 0;

    private final int spi;
    private final int tunnelId;
    private final T transform;
    private final OutboundSequence sequence;
    private final SaLifetime lifetime;
    private final SaExpiryListener listener;

    private final LongAdder refusals = new LongAdder();

    /** @param spi the SPI the peer chose for this SA */
    public OutboundSa(int spi, int tunnelId, T transform, OutboundSequence sequence, SaLifetime lifetime,
                      SaExpiryListener listener) {
        if (tunnelId < 0) {
            throw new IllegalArgumentException("tunnel id " + tunnelId + " is negative");
        }
        this.spi = spi;
        this.tunnelId = tunnelId;
        this.transform = Objects.requireNonNull(transform, "transform");
        this.sequence = Objects.requireNonNull(sequence, "sequence");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Takes the sequence number for the next packet, of {@code innerOctets} octets before
     * encapsulation, and accounts it. Limits crossed here (sequence space, bytes, packets) are
     * reported to the listener.
     *
     * @return the sequence number to seal the packet with, or {@link #REFUSED}: drop the packet
     */
    public long nextSequence(int innerOctets) {
        if (lifetime.isHardExpired()) {
            refusals.increment();
            return REFUSED;
        }
        long number = sequence.next();
        if (number == OutboundSequence.EXHAUSTED) {
            SaExpiryListener.report(lifetime.expireHard(ExpiryCause.SEQUENCE_NUMBERS), this, listener);
            refusals.increment();
            return REFUSED;
        }
        if (sequence.isSoftLimit(number)) {
            SaExpiryListener.report(lifetime.expireSoft(ExpiryCause.SEQUENCE_NUMBERS), this, listener);
        }
        LifetimeVerdict verdict = lifetime.recordPacket(innerOctets);
        SaExpiryListener.report(verdict, this, listener);
        if (!verdict.permitsPacket()) {
            refusals.increment();
            return REFUSED;
        }
        return number;
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

    public OutboundSequence sequence() {
        return sequence;
    }

    @Override
    public SaLifetime lifetime() {
        return lifetime;
    }

    /** Packets refused because the SA was exhausted or expired. */
    public long refusals() {
        return refusals.sum();
    }

    @Override
    public String toString() {
        return "OutboundSa[spi=" + Integer.toHexString(spi) + ", tunnel=" + tunnelId + ", " + lifetime.stage() + "]";
    }
}
