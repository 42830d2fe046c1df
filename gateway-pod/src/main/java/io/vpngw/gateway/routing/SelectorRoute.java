package io.vpngw.gateway.routing;

import java.util.Comparator;
import java.util.Objects;

/**
 * Traffic from {@code local} to {@code remote} goes to a tunnel: one traffic selector pair of a
 * PolicyBased connection, or of a RouteBased one with usePolicyBasedTrafficSelectors.
 *
 * @param local         what our side of the pair covers (the packet's source on the way out)
 * @param remote        what the peer's side covers (the packet's destination on the way out)
 * @param tunnelId      the tunnel, a non-negative id the SA database also uses
 * @param routingWeight the Connection's routingWeight: breaks ties between equally specific pairs, higher wins
 */
public record SelectorRoute(Ipv4Selector local, Ipv4Selector remote, int tunnelId, int routingWeight) {

    /**
     * Most specific first, as a router prefers the longest prefix: fewer remote addresses, then
     * fewer local addresses, then a named protocol, then fewer ports; then higher weight; then
     * the lower tunnel id, so that the order is total and stable.
     */
    static final Comparator<SelectorRoute> MOST_SPECIFIC_FIRST = Comparator
            .comparingLong((SelectorRoute r) -> r.remote.addressCount())
            .thenComparingLong(r -> r.local.addressCount())
            .thenComparingInt(r -> (r.remote.protocol() == Ipv4Selector.ANY_PROTOCOL ? 1 : 0)
                    + (r.local.protocol() == Ipv4Selector.ANY_PROTOCOL ? 1 : 0))
            .thenComparingLong(r -> (long) r.remote.portCount() + r.local.portCount())
            .thenComparing(Comparator.comparingInt(SelectorRoute::routingWeight).reversed())
            .thenComparingInt(SelectorRoute::tunnelId);

    public SelectorRoute {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
        if (tunnelId < 0) {
            throw new IllegalArgumentException("tunnel id " + tunnelId + " is negative");
        }
    }

    /** The pair of two prefixes, any protocol and port: what Azure's trafficSelectorPolicies say. */
    public static SelectorRoute between(Ipv4Prefix local, Ipv4Prefix remote, int tunnelId, int routingWeight) {
        return new SelectorRoute(Ipv4Selector.of(local), Ipv4Selector.of(remote), tunnelId, routingWeight);
    }

    /** Whether an outgoing packet is this pair's traffic; ports as {@link SelectorTable#lookup} takes them. */
    public boolean matchesOutbound(int source, int destination, int protocol, int localPort, int remotePort) {
        return local.matches(source, protocol, localPort) && remote.matches(destination, protocol, remotePort);
    }
}
