package io.vpngw.operator;

import java.time.Clock;
import java.time.Duration;

/**
 * How the operator runs.
 *
 * @param gatewayImage     the container image of the gateway pods
 * @param imagePullPolicy  Always, IfNotPresent or Never
 * @param leaderElection   how replicas elect the one that reconciles; null runs without election
 * @param resync           how often every resource is reconciled even without events
 * @param clock            time source (tests fix it)
 * @param gatewayDefaults  default placement of gateway pods and resources per SKU
 */
public record OperatorSettings(
        String gatewayImage,
        String imagePullPolicy,
        LeaderElection leaderElection,
        Duration resync,
        Clock clock,
        GatewayDefaults gatewayDefaults) {

    public OperatorSettings(String gatewayImage, String imagePullPolicy, LeaderElection leaderElection, Duration resync, Clock clock) {
        this(gatewayImage, imagePullPolicy, leaderElection, resync, clock, GatewayDefaults.NONE);
    }

    public static final String DEFAULT_IMAGE = "vpngw/gateway:" + Version.current();

    /**
     * Leader election on a Lease.
     *
     * @param namespace        where the Lease lives
     * @param identity         this replica's name (its pod name in a cluster)
     * @param leaseDuration    how long a leader's claim lasts without renewal
     * @param renewDeadline    how long the leader keeps trying to renew before giving up
     * @param retryPeriod      how often candidates try
     * @param exitOnLoss       exit the process when leadership is lost (so it restarts clean); tests keep it running
     */
    public record LeaderElection(String namespace, String identity, Duration leaseDuration, Duration renewDeadline,
                                 Duration retryPeriod, boolean exitOnLoss) {
        public static LeaderElection standard(String namespace, String identity) {
            return new LeaderElection(namespace, identity, Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2), true);
        }
    }

    public static OperatorSettings defaults() {
        return new OperatorSettings(DEFAULT_IMAGE, "IfNotPresent", null, Duration.ofMinutes(10), Clock.systemUTC());
    }

    public OperatorSettings withResync(Duration every) {
        return new OperatorSettings(gatewayImage, imagePullPolicy, leaderElection, every, clock, gatewayDefaults);
    }

    public OperatorSettings withLeaderElection(LeaderElection election) {
        return new OperatorSettings(gatewayImage, imagePullPolicy, election, resync, clock, gatewayDefaults);
    }

    public OperatorSettings withGatewayDefaults(GatewayDefaults defaults) {
        return new OperatorSettings(gatewayImage, imagePullPolicy, leaderElection, resync, clock, defaults);
    }
}
