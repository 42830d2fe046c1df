package io.vpngw.gateway.esp;

import java.time.Duration;
import java.util.Objects;

/**
 * The soft and hard lifetimes of one SA (RFC 4301 §4.4.2.1): by time since installation, by
 * octets and by packets. Reaching a soft limit asks for a rekey; reaching a hard limit ends the
 * SA. Each soft limit is at most its hard limit; {@link #UNLIMITED} turns a count off and
 * {@link #UNLIMITED_TIME} the time.
 */
public record LifetimeLimits(Duration softTime, Duration hardTime, long softBytes, long hardBytes,
                             long softPackets, long hardPackets) {

    /** A count limit that is never reached. */
    public static final long UNLIMITED = Long.MAX_VALUE;
    /** A time limit that is never reached (about 292 years). */
    public static final Duration UNLIMITED_TIME = Duration.ofNanos(Long.MAX_VALUE);

    public LifetimeLimits {
        Objects.requireNonNull(softTime, "softTime");
        Objects.requireNonNull(hardTime, "hardTime");
        if (softTime.isNegative() || softTime.isZero() || softTime.compareTo(hardTime) > 0
                || hardTime.compareTo(UNLIMITED_TIME) > 0) {
            throw new IllegalArgumentException("time limits need 0 < soft " + softTime + " <= hard " + hardTime
                    + " <= " + UNLIMITED_TIME);
        }
        checkCounts("bytes", softBytes, hardBytes);
        checkCounts("packets", softPackets, hardPackets);
    }

    /** No limit at all; for tests and for SAs whose life the control plane ends by itself. */
    public static LifetimeLimits unlimited() {
        return new LifetimeLimits(UNLIMITED_TIME, UNLIMITED_TIME, UNLIMITED, UNLIMITED, UNLIMITED, UNLIMITED);
    }

    private static void checkCounts(String what, long soft, long hard) {
        if (soft <= 0 || soft > hard) {
            throw new IllegalArgumentException(what + " limits need 0 < soft " + soft + " <= hard " + hard);
        }
    }
}
