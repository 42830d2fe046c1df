package io.vpngw.gateway.routing;

import java.util.Objects;

/**
 * A prefix reachable through a tunnel.
 *
 * @param prefix        the destinations
 * @param tunnelId      the tunnel, a non-negative id the SA database also uses
 * @param routingWeight the Connection's routingWeight: among routes to the same prefix, higher wins
 */
public record Route(Ipv4Prefix prefix, int tunnelId, int routingWeight) {

    public Route {
        Objects.requireNonNull(prefix, "prefix");
        if (tunnelId < 0) {
            throw new IllegalArgumentException("tunnel id " + tunnelId + " is negative");
        }
    }

    /** Whether this route beats {@code other} to the same prefix: higher weight, then lower tunnel id so the choice is stable. */
    boolean isPreferredTo(Route other) {
        return routingWeight != other.routingWeight ? routingWeight > other.routingWeight : tunnelId < other.tunnelId;
    }
}
