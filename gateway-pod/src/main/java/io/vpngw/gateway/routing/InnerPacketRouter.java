package io.vpngw.gateway.routing;

import java.util.Objects;

/**
 * Decides which tunnel an inner IPv4 packet from the TUN device goes to. Traffic selector pairs
 * (PolicyBased connections, or usePolicyBasedTrafficSelectors) are asked first, since each names
 * exactly the traffic it carries; then the longest matching prefix of the RouteBased routes.
 *
 * <p>The tables are immutable and replaced together in one volatile store when the configuration
 * or a tunnel's state changes (copy-on-write), so packet threads read them without locks and
 * never see a mix of old and new.
 */
public final class InnerPacketRouter {

    /** What {@link #route} returns for a packet that is not a well-formed IPv4 packet. */
    public static final int NOT_ROUTABLE = -2;

    /** Both tables, swapped as one. */
    public record Tables(SelectorTable selectors, RouteTable routes) {
        public Tables {
            Objects.requireNonNull(selectors, "selectors");
            Objects.requireNonNull(routes, "routes");
        }
    }

    private volatile Tables tables;

    public InnerPacketRouter() {
        this(new Tables(SelectorTable.empty(), RouteTable.empty()));
    }

    public InnerPacketRouter(Tables tables) {
        this.tables = Objects.requireNonNull(tables, "tables");
    }

    /** Puts new tables in force for every packet routed from now on. */
    public void replace(Tables next) {
        tables = Objects.requireNonNull(next, "next");
    }

    public Tables tables() {
        return tables;
    }

    /**
     * The tunnel for the packet at {@code packet[offset, offset + length)}: a tunnel id,
     * {@link RouteTable#NO_ROUTE}, or {@link #NOT_ROUTABLE}.
     */
    public int route(byte[] packet, int offset, int length) {
        if (!Ipv4Packet.isWellFormed(packet, offset, length)) {
            return NOT_ROUTABLE;
        }
        Tables current = tables;
        if (!current.selectors().isEmpty()) {
            int tunnel = current.selectors().lookup(packet, offset);
            if (tunnel != RouteTable.NO_ROUTE) {
                return tunnel;
            }
        }
        return current.routes().lookup(Ipv4Packet.destination(packet, offset));
    }
}
