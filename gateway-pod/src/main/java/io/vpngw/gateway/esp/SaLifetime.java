package io.vpngw.gateway.esp;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The running lifetime of one SA: octets and packets so far, the time it was installed, and its
 * {@link LifetimeStage}. Packets are accounted on the packet path ({@link #recordPacket}); time is
 * looked at by the periodic housekeeping ({@link #checkTime}), so a time limit is noticed within
 * one tick while counts are exact.
 *
 * <p>Thread-safe. Counters are atomic adds rather than {@code LongAdder}s because each packet
 * needs the new total to compare with the limits, and an atomic add returns it for the price of
 * one instruction; the stage moves by compare-and-set, so each limit crossing is reported to
 * exactly one caller even when several threads send on one SA.
 */
public final class SaLifetime {

    private final LifetimeLimits limits;
    private final long installedNanos;
    private final long softNanos;
    private final long hardNanos;
    private final long softBytes;
    private final long hardBytes;
    private final long softPackets;
    private final long hardPackets;

    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong packets = new AtomicLong();
    private final AtomicReference<LifetimeStage> stage = new AtomicReference<>(LifetimeStage.LIVE);
    private volatile ExpiryCause softCause;
    private volatile ExpiryCause hardCause;

    /**
     * @param installedNanos when the SA was installed, on the clock {@link #checkTime} will be given
     */
    public SaLifetime(LifetimeLimits limits, long installedNanos) {
        this.limits = limits;
        this.installedNanos = installedNanos;
        this.softNanos = limits.softTime().toNanos();
        this.hardNanos = limits.hardTime().toNanos();
        this.softBytes = limits.softBytes();
        this.hardBytes = limits.hardBytes();
        this.softPackets = limits.softPackets();
        this.hardPackets = limits.hardPackets();
    }

    /**
     * Accounts one packet of {@code octets} inner octets. The soft limit is reached when a total
     * reaches it; the hard limit when a total would exceed it, and that packet is dropped.
     */
    public LifetimeVerdict recordPacket(int octets) {
        long totalBytes = bytes.addAndGet(octets);
        long totalPackets = packets.incrementAndGet();
        LifetimeStage now = stage.get();
        if (now == LifetimeStage.LIVE && totalBytes < softBytes && totalPackets < softPackets) {
            return LifetimeVerdict.WITHIN_LIMITS;
        }
        if (now == LifetimeStage.SOFT_EXPIRED && totalBytes <= hardBytes && totalPackets <= hardPackets) {
            return LifetimeVerdict.WITHIN_LIMITS;
        }
        if (totalBytes > hardBytes || totalPackets > hardPackets) {
            return expireHard(totalBytes > hardBytes ? ExpiryCause.BYTES : ExpiryCause.PACKETS);
        }
        if (now == LifetimeStage.HARD_EXPIRED) {
            return LifetimeVerdict.EXPIRED;
        }
        return expireSoft(totalBytes >= softBytes ? ExpiryCause.BYTES : ExpiryCause.PACKETS);
    }

    /** Compares the SA's age at {@code nowNanos} with the time limits. */
    public LifetimeVerdict checkTime(long nowNanos) {
        long age = nowNanos - installedNanos;
        if (age >= hardNanos) {
            return expireHard(ExpiryCause.TIME);
        }
        if (age >= softNanos) {
            return expireSoft(ExpiryCause.TIME);
        }
        return stage.get() == LifetimeStage.HARD_EXPIRED ? LifetimeVerdict.EXPIRED : LifetimeVerdict.WITHIN_LIMITS;
    }

    /**
     * Moves to {@link LifetimeStage#SOFT_EXPIRED} for {@code cause} unless already there or past.
     *
     * @return {@link LifetimeVerdict#SOFT_LIMIT_REACHED} to the one caller that made the move
     */
    public LifetimeVerdict expireSoft(ExpiryCause cause) {
        if (stage.compareAndSet(LifetimeStage.LIVE, LifetimeStage.SOFT_EXPIRED)) {
            softCause = cause;
            return LifetimeVerdict.SOFT_LIMIT_REACHED;
        }
        return stage.get() == LifetimeStage.HARD_EXPIRED ? LifetimeVerdict.EXPIRED : LifetimeVerdict.WITHIN_LIMITS;
    }

    /**
     * Moves to {@link LifetimeStage#HARD_EXPIRED} for {@code cause} unless already there.
     *
     * @return {@link LifetimeVerdict#HARD_LIMIT_REACHED} to the one caller that made the move,
     *         {@link LifetimeVerdict#EXPIRED} to the others
     */
    public LifetimeVerdict expireHard(ExpiryCause cause) {
        LifetimeStage before;
        do {
            before = stage.get();
            if (before == LifetimeStage.HARD_EXPIRED) {
                return LifetimeVerdict.EXPIRED;
            }
        } while (!stage.compareAndSet(before, LifetimeStage.HARD_EXPIRED));
        hardCause = cause;
        return LifetimeVerdict.HARD_LIMIT_REACHED;
    }

    /**
     * Records that the SA has been replaced by a rekey: it counts as soft-expired from now on, so
     * that reaching its soft limit later asks for no second rekey. Reports nothing.
     */
    public void markRekeyed() {
        stage.compareAndSet(LifetimeStage.LIVE, LifetimeStage.SOFT_EXPIRED);
    }

    public LifetimeStage stage() {
        return stage.get();
    }

    public boolean isHardExpired() {
        return stage.get() == LifetimeStage.HARD_EXPIRED;
    }

    /** What reached the soft limit, or null if none did (also after {@link #markRekeyed()}). */
    public ExpiryCause softCause() {
        return softCause;
    }

    /** What reached the hard limit, or null. */
    public ExpiryCause hardCause() {
        return hardCause;
    }

    /** Octets accounted so far, including those of packets dropped for the hard limit. */
    public long bytes() {
        return bytes.get();
    }

    /** Packets accounted so far, including those dropped for the hard limit. */
    public long packets() {
        return packets.get();
    }

    public long installedNanos() {
        return installedNanos;
    }

    public LifetimeLimits limits() {
        return limits;
    }

    @Override
    public String toString() {
        return "SaLifetime[" + stage.get() + ", " + bytes.get() + " bytes, " + packets.get() + " packets]";
    }
}
