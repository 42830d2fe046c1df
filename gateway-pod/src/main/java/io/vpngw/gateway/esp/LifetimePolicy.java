package io.vpngw.gateway.esp;

import io.vpngw.gateway.config.ConnectionConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long the SAs of a connection live: the hard limits from the Connection's IPsec policy and
 * the range from which each SA draws the fraction of them that is its soft limit.
 *
 * <p>Each SA draws its own fraction so that the two peers, configured alike, do not ask for a
 * rekey at the same moment and create redundant SAs (RFC 7296 §2.8 asks for such jitter).
 *
 * @param hardTime        saLifeTimeSeconds
 * @param hardBytes       saDataSizeKilobytes × 1024, or {@link LifetimeLimits#UNLIMITED}
 * @param hardPackets     a packet limit, or {@link LifetimeLimits#UNLIMITED} (Azure has none)
 * @param softFractionMin the least fraction of each hard limit at which the soft limit may fall
 * @param softFractionMax the greatest such fraction
 */
public record LifetimePolicy(Duration hardTime, long hardBytes, long hardPackets,
                             double softFractionMin, double softFractionMax) {

    /** Azure's ESP lifetime for RouteBased gateways: 27,000 s. */
    public static final long AZURE_SA_LIFETIME_SECONDS = 27_000;
    /** Azure's ESP data size for RouteBased gateways: 102,400,000 KB. */
    public static final long AZURE_SA_DATA_SIZE_KILOBYTES = 102_400_000;
    public static final double DEFAULT_SOFT_FRACTION_MIN = 0.85;
    public static final double DEFAULT_SOFT_FRACTION_MAX = 0.95;

    public LifetimePolicy {
        Objects.requireNonNull(hardTime, "hardTime");
        if (hardTime.isNegative() || hardTime.isZero() || hardTime.compareTo(LifetimeLimits.UNLIMITED_TIME) > 0) {
            throw new IllegalArgumentException("hard time " + hardTime + " must be positive");
        }
        if (hardBytes <= 0 || hardPackets <= 0) {
            throw new IllegalArgumentException("hard limits must be positive: " + hardBytes + " bytes, " + hardPackets + " packets");
        }
        if (!(softFractionMin > 0 && softFractionMin <= softFractionMax && softFractionMax <= 1)) {
            throw new IllegalArgumentException("soft fractions need 0 < " + softFractionMin + " <= " + softFractionMax + " <= 1");
        }
    }

    /** Azure's defaults for a RouteBased connection without a custom policy. */
    public static LifetimePolicy azureDefaults() {
        return fromAzurePolicy(AZURE_SA_LIFETIME_SECONDS, AZURE_SA_DATA_SIZE_KILOBYTES);
    }

    /**
     * The policy of a connection: its custom IPsec policy, or Azure's defaults when it has none.
     */
    public static LifetimePolicy forConnection(ConnectionConfig.Policy customPolicyOrNull) {
        if (customPolicyOrNull == null) {
            return azureDefaults();
        }
        return fromAzurePolicy(customPolicyOrNull.saLifeTimeSeconds(), customPolicyOrNull.saDataSizeKilobytes());
    }

    /**
     * From Azure's two fields. A data size of 0 or less means no byte limit; kilobytes are
     * 1024 octets.
     */
    public static LifetimePolicy fromAzurePolicy(long saLifeTimeSeconds, long saDataSizeKilobytes) {
        if (saLifeTimeSeconds <= 0) {
            throw new IllegalArgumentException("saLifeTimeSeconds " + saLifeTimeSeconds + " must be positive");
        }
        long hardBytes = saDataSizeKilobytes <= 0 || saDataSizeKilobytes > LifetimeLimits.UNLIMITED / 1024
                ? LifetimeLimits.UNLIMITED
                : saDataSizeKilobytes * 1024;
        return new LifetimePolicy(Duration.ofSeconds(saLifeTimeSeconds), hardBytes, LifetimeLimits.UNLIMITED,
                DEFAULT_SOFT_FRACTION_MIN, DEFAULT_SOFT_FRACTION_MAX);
    }

    /** The same policy with a packet limit as well. */
    public LifetimePolicy withHardPackets(long packets) {
        return new LifetimePolicy(hardTime, hardBytes, packets, softFractionMin, softFractionMax);
    }

    /** The same policy with another soft fraction range. */
    public LifetimePolicy withSoftFractions(double min, double max) {
        return new LifetimePolicy(hardTime, hardBytes, hardPackets, min, max);
    }

    /**
     * The limits of one new SA: the hard limits, and soft limits at one fraction drawn uniformly
     * from [{@code softFractionMin}, {@code softFractionMax}] and applied to each.
     */
    public LifetimeLimits draw(RandomGenerator random) {
        double fraction = softFractionMin == softFractionMax
                ? softFractionMin
                : random.nextDouble(softFractionMin, softFractionMax);
        long hardNanos = hardTime.toNanos();
        Duration softTime = hardNanos == Long.MAX_VALUE ? LifetimeLimits.UNLIMITED_TIME
                : Duration.ofNanos(fractionOf(hardNanos, fraction));
        return new LifetimeLimits(softTime, hardTime, fractionOf(hardBytes, fraction), hardBytes,
                fractionOf(hardPackets, fraction), hardPackets);
    }

    private static long fractionOf(long hard, double fraction) {
        if (hard == LifetimeLimits.UNLIMITED) {
            return LifetimeLimits.UNLIMITED;
        }
        return Math.clamp((long) (hard * fraction), 1, hard);
    }
}
