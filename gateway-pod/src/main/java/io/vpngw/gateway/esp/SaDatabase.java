package io.vpngw.gateway.esp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.random.RandomGenerator;

/**
 * The SA database of the data plane (RFC 4301 §4.4.2): inbound SAs by SPI, and the current
 * outbound SA of each tunnel.
 *
 * <h2>Threads</h2>
 * Packet threads look up with {@link #inbound} and {@link #outbound}: lock-free and
 * allocation-free. The control plane (IKE) changes the database through the other methods, which
 * take a lock among themselves; each change becomes visible to packet threads as one step.
 *
 * <h2>CHILD_SA rekey without loss (RFC 7296 §2.8)</h2>
 * <ol>
 *   <li>{@link #reserveSpi()} for the new inbound SA before proposing or answering.</li>
 *   <li>{@link #installInbound} as soon as its keys exist: the peer may use it at once.</li>
 *   <li>{@link #installOutbound} switches the tunnel's outbound SA in one store; packets already
 *       on their way with the old one finish with it.</li>
 *   <li>{@link #retireInbound} the old inbound SA: it keeps accepting packets still in flight for a
 *       grace period, then {@link #tick()} removes it.</li>
 * </ol>
 * {@link #rekey} does 2 to 4 in that order.
 *
 * <h2>Housekeeping</h2>
 * The control plane calls {@link #tick()} periodically (every second is plenty): it checks every
 * SA's time limits, reporting crossings to the SAs' listeners, and removes SAs past their hard
 * limit and retired SAs past their grace period.
 */
public final class SaDatabase<T> {

    /** SPIs 0..255 are reserved (RFC 4303 §2.1): 0 for local use, 1..255 by IANA. */
    public static final int FIRST_ASSIGNABLE_SPI = 256;
    /** How long an old inbound SA stays after a rekey, by default; strongSwan waits as long. */
    public static final Duration DEFAULT_REKEY_GRACE = Duration.ofSeconds(5);
    /** Tunnel ids are indexes into an array: keep them dense and below this. */
    public static final int MAX_TUNNEL_ID = (1 << 20) - 1;

    private static final int SPI_ATTEMPTS = 1000;

    private final RandomGenerator spiRandom;
    private final NanoClock clock;
    private final Object lock = new Object();

    private final SpiIndex<T> inbound = new SpiIndex<>();
    private volatile AtomicReferenceArray<OutboundSa<T>> outboundByTunnel = new AtomicReferenceArray<>(16);
    // Guarded by lock: SPIs handed to negotiations that have not installed their SA yet.
    private final Set<Integer> reservedSpis = new HashSet<>();

    /**
     * @param spiRandom where SPIs come from; a {@link java.security.SecureRandom} in production so
     *                  that SPIs are not predictable
     * @param clock     for grace periods and SA lifetimes: give SAs a lifetime from
     *                  {@link #startLifetime} so that their age is measured on it
     */
    public SaDatabase(RandomGenerator spiRandom, NanoClock clock) {
        this.spiRandom = Objects.requireNonNull(spiRandom, "spiRandom");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // ----- packet path -----

    /** The inbound SA with this SPI, or null: drop and count the packet. */
    public InboundSa<T> inbound(int spi) {
        return inbound.get(spi);
    }

    /** The tunnel's current outbound SA, or null while it has none: drop or queue the packet. */
    public OutboundSa<T> outbound(int tunnelId) {
        AtomicReferenceArray<OutboundSa<T>> byTunnel = outboundByTunnel;
        return tunnelId >= 0 && tunnelId < byTunnel.length() ? byTunnel.getAcquire(tunnelId) : null;
    }

    // ----- control plane -----

    /** A lifetime that starts now on this database's clock, for a new SA. */
    public SaLifetime startLifetime(LifetimeLimits limits) {
        return new SaLifetime(limits, clock.nanoTime());
    }

    /**
     * A random SPI, at least {@link #FIRST_ASSIGNABLE_SPI}, that no installed inbound SA and no
     * other negotiation holds. It stays reserved until {@link #installInbound} uses it or
     * {@link #releaseSpi} gives it back.
     *
     * @throws IllegalStateException if no free SPI turned up, which only a nearly full space or a
     *                               broken random source explains
     */
    public int reserveSpi() {
        synchronized (lock) {
            for (int attempt = 0; attempt < SPI_ATTEMPTS; attempt++) {
                int spi = spiRandom.nextInt();
                if (Integer.compareUnsigned(spi, FIRST_ASSIGNABLE_SPI) >= 0 && !reservedSpis.contains(spi)
                        && inbound.get(spi) == null) {
                    reservedSpis.add(spi);
                    return spi;
                }
            }
            throw new IllegalStateException("no free SPI after " + SPI_ATTEMPTS + " attempts");
        }
    }

    /** Gives back a reserved SPI whose negotiation failed. */
    public void releaseSpi(int spi) {
        synchronized (lock) {
            reservedSpis.remove(spi);
        }
    }

    /**
     * Makes an inbound SA receive. Its SPI should come from {@link #reserveSpi()}; the reservation
     * ends here.
     *
     * @throws IllegalStateException if another installed SA has the SPI
     */
    public void installInbound(InboundSa<T> sa) {
        synchronized (lock) {
            if (inbound.get(sa.spi()) != null) {
                throw new IllegalStateException("an inbound SA with SPI " + Integer.toHexString(sa.spi())
                        + " is already installed");
            }
            inbound.put(sa);
            reservedSpis.remove(sa.spi());
        }
    }

    /**
     * Makes {@code sa} the outbound SA of its tunnel, in one step for packet threads. The SA it
     * replaces counts as rekeyed (its soft limit will ask for nothing more).
     *
     * @return the SA it replaced, or null
     */
    public OutboundSa<T> installOutbound(OutboundSa<T> sa) {
        if (sa.tunnelId() > MAX_TUNNEL_ID) {
            throw new IllegalArgumentException("tunnel id " + sa.tunnelId() + " is above " + MAX_TUNNEL_ID);
        }
        synchronized (lock) {
            AtomicReferenceArray<OutboundSa<T>> byTunnel = outboundByTunnel;
            if (sa.tunnelId() >= byTunnel.length()) {
                byTunnel = grow(byTunnel, sa.tunnelId());
            }
            OutboundSa<T> previous = byTunnel.getPlain(sa.tunnelId());
            byTunnel.setRelease(sa.tunnelId(), sa);
            if (previous != null && previous != sa) {
                previous.lifetime().markRekeyed();
            }
            return previous;
        }
    }

    /**
     * Keeps an inbound SA receiving for {@code grace} more, then lets {@link #tick()} remove it.
     * It counts as rekeyed. Retiring an SA again only shortens or extends its grace.
     *
     * @return whether an SA with this SPI was installed
     */
    public boolean retireInbound(int spi, Duration grace) {
        synchronized (lock) {
            InboundSa<T> sa = inbound.get(spi);
            if (sa == null) {
                return false;
            }
            sa.retiring = true;
            sa.retireDeadlineNanos = clock.nanoTime() + grace.toNanos();
            sa.lifetime().markRekeyed();
            return true;
        }
    }

    /** Removes an inbound SA at once (the peer deleted it, or the tunnel is gone). */
    public InboundSa<T> removeInbound(int spi) {
        synchronized (lock) {
            return inbound.remove(spi);
        }
    }

    /**
     * Removes {@code sa} from its tunnel if it is still the tunnel's outbound SA; a newer SA that
     * replaced it stays.
     *
     * @return whether it was removed
     */
    public boolean removeOutbound(OutboundSa<T> sa) {
        synchronized (lock) {
            AtomicReferenceArray<OutboundSa<T>> byTunnel = outboundByTunnel;
            return sa.tunnelId() < byTunnel.length() && byTunnel.compareAndSet(sa.tunnelId(), sa, null);
        }
    }

    /**
     * A CHILD_SA rekey: installs the new inbound SA, switches the tunnel to the new outbound SA,
     * and retires the old inbound SA for {@code grace}, in that order, so that there is no moment
     * when the peer's packets on either SA are refused.
     *
     * @return the outbound SA that was replaced, or null
     */
    public OutboundSa<T> rekey(InboundSa<T> newInbound, OutboundSa<T> newOutbound, int oldInboundSpi, Duration grace) {
        if (newInbound.tunnelId() != newOutbound.tunnelId()) {
            throw new IllegalArgumentException("new SAs belong to tunnels " + newInbound.tunnelId() + " and "
                    + newOutbound.tunnelId());
        }
        synchronized (lock) {
            installInbound(newInbound);
            OutboundSa<T> previous = installOutbound(newOutbound);
            retireInbound(oldInboundSpi, grace);
            return previous;
        }
    }

    /**
     * Removes every SA of a tunnel: its outbound SA and all its inbound SAs.
     *
     * @return what was removed
     */
    public List<SecurityAssociation> removeTunnel(int tunnelId) {
        synchronized (lock) {
            List<SecurityAssociation> removed = new ArrayList<>();
            AtomicReferenceArray<OutboundSa<T>> byTunnel = outboundByTunnel;
            if (tunnelId >= 0 && tunnelId < byTunnel.length()) {
                OutboundSa<T> out = byTunnel.getAndSet(tunnelId, null);
                if (out != null) {
                    removed.add(out);
                }
            }
            for (InboundSa<T> sa : inbound.snapshot()) {
                if (sa.tunnelId() == tunnelId) {
                    inbound.remove(sa.spi());
                    removed.add(sa);
                }
            }
            return removed;
        }
    }

    /**
     * Housekeeping: reports time limits crossed since the last tick to the SAs' listeners (outside
     * the lock, so listeners may call back), then removes SAs past a hard limit and retired SAs
     * past their grace.
     *
     * @return the SAs removed
     */
    public List<SecurityAssociation> tick() {
        long now = clock.nanoTime();
        for (InboundSa<T> sa : inbound.snapshot()) {
            sa.checkTime(now);
        }
        List<OutboundSa<T>> outbound = outboundSas();
        for (OutboundSa<T> sa : outbound) {
            sa.checkTime(now);
        }
        List<SecurityAssociation> removed = new ArrayList<>();
        synchronized (lock) {
            for (InboundSa<T> sa : inbound.snapshot()) {
                boolean graceOver = sa.retiring && now - sa.retireDeadlineNanos >= 0;
                if ((graceOver || sa.lifetime().isHardExpired()) && inbound.remove(sa.spi()) != null) {
                    removed.add(sa);
                }
            }
            AtomicReferenceArray<OutboundSa<T>> byTunnel = outboundByTunnel;
            for (OutboundSa<T> sa : outbound) {
                if (sa.lifetime().isHardExpired() && byTunnel.compareAndSet(sa.tunnelId(), sa, null)) {
                    removed.add(sa);
                }
            }
        }
        return removed;
    }

    /** The installed inbound SAs, retiring ones included. */
    public List<InboundSa<T>> inboundSas() {
        return inbound.snapshot();
    }

    /** The current outbound SA of every tunnel that has one. */
    public List<OutboundSa<T>> outboundSas() {
        AtomicReferenceArray<OutboundSa<T>> byTunnel = outboundByTunnel;
        List<OutboundSa<T>> all = new ArrayList<>();
        for (int i = 0; i < byTunnel.length(); i++) {
            OutboundSa<T> sa = byTunnel.getAcquire(i);
            if (sa != null) {
                all.add(sa);
            }
        }
        return all;
    }

    /** Whether an SPI is reserved by a negotiation and not yet installed. */
    public boolean isReserved(int spi) {
        synchronized (lock) {
            return reservedSpis.contains(spi);
        }
    }

    /** Whether the inbound SA with this SPI is installed and retiring after a rekey. */
    public boolean isRetiring(int spi) {
        synchronized (lock) {
            InboundSa<T> sa = inbound.get(spi);
            return sa != null && sa.retiring;
        }
    }

    private AtomicReferenceArray<OutboundSa<T>> grow(AtomicReferenceArray<OutboundSa<T>> old, int tunnelId) {
        int length = old.length();
        while (length <= tunnelId) {
            length *= 2;
        }
        AtomicReferenceArray<OutboundSa<T>> bigger = new AtomicReferenceArray<>(Math.min(length, MAX_TUNNEL_ID + 1));
        for (int i = 0; i < old.length(); i++) {
            bigger.setPlain(i, old.getPlain(i));
        }
        outboundByTunnel = bigger; // old is never written again, so readers on it see a consistent past
        return bigger;
    }
}
