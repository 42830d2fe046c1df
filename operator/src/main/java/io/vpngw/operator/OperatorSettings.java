package io.vpngw.operator;

import java.time.Clock;
import java.time.Duration;

/**
 * How the operator runs.
 *
 * @param gatewayImage         the container image of the gateway pods
 * @param imagePullPolicy      Always, IfNotPresent or Never
 * @param leaseNamespace       where the operator's leader-election Lease lives; null disables leader election
 * @param resync               how often every resource is reconciled even without events
 * @param clock                time source (tests fix it)
 */
public record OperatorSettings(
        String gatewayImage,
        String imagePullPolicy,
        String leaseNamespace,
        Duration resync,
        Clock clock) {

    public static final String DEFAULT_IMAGE = "vpngw/gateway:" + Version.current();

    public static OperatorSettings defaults() {
        return new OperatorSettings(DEFAULT_IMAGE, "IfNotPresent", null, Duration.ofMinutes(10), Clock.systemUTC());
    }

    public OperatorSettings withResync(Duration every) {
        return new OperatorSettings(gatewayImage, imagePullPolicy, leaseNamespace, every, clock);
    }

    public OperatorSettings withLeaseNamespace(String ns) {
        return new OperatorSettings(gatewayImage, imagePullPolicy, ns, resync, clock);
    }
}
