package io.vpngw.gateway.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * An immutable table of traffic selector pairs that finds the tunnel for an outgoing packet by
 * source, destination, protocol and ports: the SPD lookup of a PolicyBased gateway (RFC 4301
 * §4.4.1). When several pairs match, the most specific wins ({@link SelectorRoute#MOST_SPECIFIC_FIRST}).
 *
 * <h2>How it avoids scanning every pair</h2>
 * The remote ranges cut the address space into intervals within which the same pairs cover the
 * destination. The table keeps, per interval, those pairs in preference order; a lookup binary
 * searches the destination's interval and tries only its pairs, in flat primitive arrays, without
 * allocating. Building costs up to pairs × intervals where remote ranges overlap heavily, which
 * is nothing for the hundreds of pairs a gateway has.
 */
public final class SelectorTable {

    private static final SelectorTable EMPTY = new Builder().build();

    private final List<SelectorRoute> routes;
    // Per interval of remote addresses (starts sign-flipped, as in RouteTable): candidates[offsets[i]..offsets[i+1]).
    private final int[] intervalStartKeys;
    private final int[] candidateOffsets;
    private final int[] candidates;
    // Per pair, in preference order.
    private final int[] localStartKeys;
    private final int[] localEndKeys;
    private final int[] localProtocols;
    private final int[] localPortLows;
    private final int[] localPortHighs;
    private final boolean[] localPortUnavailableMatches;
    private final int[] remoteProtocols;
    private final int[] remotePortLows;
    private final int[] remotePortHighs;
    private final boolean[] remotePortUnavailableMatches;
    private final int[] tunnelIds;

    private SelectorTable(List<SelectorRoute> preferenceOrder) {
        this.routes = List.copyOf(preferenceOrder);
        int n = routes.size();
        localStartKeys = new int[n];
        localEndKeys = new int[n];
        localProtocols = new int[n];
        localPortLows = new int[n];
        localPortHighs = new int[n];
        localPortUnavailableMatches = new boolean[n];
        remoteProtocols = new int[n];
        remotePortLows = new int[n];
        remotePortHighs = new int[n];
        remotePortUnavailableMatches = new boolean[n];
        tunnelIds = new int[n];
        for (int i = 0; i < n; i++) {
            SelectorRoute route = routes.get(i);
            Ipv4Selector local = route.local();
            Ipv4Selector remote = route.remote();
            localStartKeys[i] = local.startAddress() ^ Integer.MIN_VALUE;
            localEndKeys[i] = local.endAddress() ^ Integer.MIN_VALUE;
            localProtocols[i] = local.protocol();
            localPortLows[i] = local.startPort();
            localPortHighs[i] = local.endPort();
            localPortUnavailableMatches[i] = local.matchesPort(Ipv4Packet.PORT_UNAVAILABLE);
            remoteProtocols[i] = remote.protocol();
            remotePortLows[i] = remote.startPort();
            remotePortHighs[i] = remote.endPort();
            remotePortUnavailableMatches[i] = remote.matchesPort(Ipv4Packet.PORT_UNAVAILABLE);
            tunnelIds[i] = route.tunnelId();
        }

        TreeSet<Long> boundaries = new TreeSet<>();
        boundaries.add(0L);
        for (SelectorRoute route : routes) {
            boundaries.add(Integer.toUnsignedLong(route.remote().startAddress()));
            long after = Integer.toUnsignedLong(route.remote().endAddress()) + 1;
            if (after <= 0xFFFF_FFFFL) {
                boundaries.add(after);
            }
        }
        long[] starts = boundaries.stream().mapToLong(Long::longValue).toArray();
        intervalStartKeys = new int[starts.length];
        for (int i = 0; i < starts.length; i++) {
            intervalStartKeys[i] = (int) starts[i] ^ Integer.MIN_VALUE;
        }
        List<List<Integer>> perInterval = new ArrayList<>(starts.length);
        for (int i = 0; i < starts.length; i++) {
            perInterval.add(new ArrayList<>());
        }
        for (int pair = 0; pair < n; pair++) {
            Ipv4Selector remote = routes.get(pair).remote();
            long last = Integer.toUnsignedLong(remote.endAddress());
            // Every range starts on a boundary, so the search finds it exactly.
            for (int i = Arrays.binarySearch(starts, Integer.toUnsignedLong(remote.startAddress()));
                 i < starts.length && starts[i] <= last; i++) {
                perInterval.get(i).add(pair); // pairs are visited in preference order, so lists stay in it
            }
        }
        candidateOffsets = new int[starts.length + 1];
        int total = 0;
        for (int i = 0; i < starts.length; i++) {
            candidateOffsets[i] = total;
            total += perInterval.get(i).size();
        }
        candidateOffsets[starts.length] = total;
        candidates = new int[total];
        int k = 0;
        for (List<Integer> list : perInterval) {
            for (int pair : list) {
                candidates[k++] = pair;
            }
        }
    }

    public static SelectorTable empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The tunnel of the most specific pair that matches an outgoing packet, or
     * {@link RouteTable#NO_ROUTE}.
     *
     * @param source      the packet's source: matched against the local side
     * @param destination the packet's destination: matched against the remote side
     * @param protocol    the IP protocol
     * @param localPort   the source port, or {@link Ipv4Packet#PORT_UNAVAILABLE} (always for ICMP)
     * @param remotePort  the destination port, for ICMP type and code, or {@link Ipv4Packet#PORT_UNAVAILABLE}
     */
    public int lookup(int source, int destination, int protocol, int localPort, int remotePort) {
        int interval = intervalOf(destination ^ Integer.MIN_VALUE);
        int sourceKey = source ^ Integer.MIN_VALUE;
        for (int k = candidateOffsets[interval], end = candidateOffsets[interval + 1]; k < end; k++) {
            int pair = candidates[k];
            if (sourceKey >= localStartKeys[pair] && sourceKey <= localEndKeys[pair]
                    && protocolMatches(localProtocols[pair], protocol)
                    && protocolMatches(remoteProtocols[pair], protocol)
                    && portMatches(localPort, localPortLows[pair], localPortHighs[pair], localPortUnavailableMatches[pair])
                    && portMatches(remotePort, remotePortLows[pair], remotePortHighs[pair], remotePortUnavailableMatches[pair])) {
                return tunnelIds[pair];
            }
        }
        return RouteTable.NO_ROUTE;
    }

    /**
     * The tunnel for the well-formed IPv4 packet at {@code offset} (see {@link Ipv4Packet#isWellFormed}),
     * or {@link RouteTable#NO_ROUTE}.
     */
    public int lookup(byte[] packet, int offset) {
        int protocol = Ipv4Packet.protocol(packet, offset);
        boolean icmp = protocol == Ipv4Packet.PROTOCOL_ICMP;
        int localPort = icmp ? Ipv4Packet.PORT_UNAVAILABLE : Ipv4Packet.sourcePort(packet, offset);
        int remotePort = icmp ? Ipv4Packet.icmpTypeAndCode(packet, offset) : Ipv4Packet.destinationPort(packet, offset);
        return lookup(Ipv4Packet.source(packet, offset), Ipv4Packet.destination(packet, offset), protocol, localPort, remotePort);
    }

    /** The pairs, most preferred first. */
    public List<SelectorRoute> routes() {
        return routes;
    }

    public boolean isEmpty() {
        return routes.isEmpty();
    }

    private int intervalOf(int key) {
        int[] starts = intervalStartKeys;
        int base = 0;
        int n = starts.length;
        while (n > 1) {
            int half = n >>> 1;
            if (starts[base + half] <= key) {
                base += half;
            }
            n -= half;
        }
        return base;
    }

    private static boolean protocolMatches(int selectorProtocol, int protocol) {
        return selectorProtocol == Ipv4Selector.ANY_PROTOCOL || selectorProtocol == protocol;
    }

    private static boolean portMatches(int port, int low, int high, boolean unavailableMatches) {
        return port < 0 ? unavailableMatches : port >= low && port <= high;
    }

    @Override
    public String toString() {
        return "SelectorTable[" + routes.size() + " pairs, " + intervalStartKeys.length + " intervals]";
    }

    /** Collects pairs; {@link #build()} orders and indexes them. Not thread-safe. */
    public static final class Builder {

        private final List<SelectorRoute> routes = new ArrayList<>();

        private Builder() {
        }

        public Builder add(SelectorRoute route) {
            routes.add(route);
            return this;
        }

        public Builder addAll(Iterable<SelectorRoute> more) {
            more.forEach(routes::add);
            return this;
        }

        public SelectorTable build() {
            List<SelectorRoute> ordered = new ArrayList<>(routes);
            ordered.sort(SelectorRoute.MOST_SPECIFIC_FIRST);
            return new SelectorTable(ordered);
        }
    }
}
