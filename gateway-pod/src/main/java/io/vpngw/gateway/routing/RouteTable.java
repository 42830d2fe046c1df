package io.vpngw.gateway.routing;

import io.vpngw.gateway.config.ConnectionConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable longest-prefix-match table from IPv4 destinations to tunnels.
 *
 * <h2>How it finds the longest match</h2>
 * Prefixes are either nested or disjoint, so together they cut the address space into at most
 * 2n + 1 intervals, in each of which one prefix (the longest covering it) or none applies. The
 * table keeps only the sorted interval starts and the tunnel of each, and a lookup is a binary
 * search for the last start at or below the address: about log2(2n) steps over one small
 * {@code int[]}, no allocation, no pointer chasing, and no worst case a pathological prefix set
 * could provoke (unlike a trie's depth or a hash table's collisions). Memory is 8 octets per
 * interval.
 *
 * <p>Changes build a new table ({@link Builder}) and swap it in ({@link InnerPacketRouter}), so
 * packet threads never see a half-built one.
 */
public final class RouteTable {

    /** What {@link #lookup} returns when no route covers the address. */
    public static final int NO_ROUTE = -1;

    private static final RouteTable EMPTY = new RouteTable(new int[] {Integer.MIN_VALUE}, new int[] {NO_ROUTE}, List.of());

    /** Interval starts with the sign bit flipped, so that signed comparison orders them as unsigned addresses. */
    private final int[] startKeys;
    private final int[] tunnelIds;
    private final List<Route> routes;

    private RouteTable(int[] startKeys, int[] tunnelIds, List<Route> routes) {
        this.startKeys = startKeys;
        this.tunnelIds = tunnelIds;
        this.routes = routes;
    }

    public static RouteTable empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The tunnel of the longest prefix that contains {@code destination}, or {@link #NO_ROUTE}. */
    public int lookup(int destination) {
        int key = destination ^ Integer.MIN_VALUE;
        int[] starts = startKeys;
        int base = 0;
        int n = starts.length;
        // starts[0] is address 0, so some start is at or below any key; halve towards the last such.
        while (n > 1) {
            int half = n >>> 1;
            if (starts[base + half] <= key) {
                base += half;
            }
            n -= half;
        }
        return tunnelIds[base];
    }

    /** The routes in force: one per prefix, the preferred one where several were given. Sorted by prefix. */
    public List<Route> routes() {
        return routes;
    }

    /** How many intervals the prefixes cut the address space into: the table's size. */
    public int intervalCount() {
        return startKeys.length;
    }

    public boolean isEmpty() {
        return routes.isEmpty();
    }

    @Override
    public String toString() {
        return "RouteTable[" + routes.size() + " routes, " + startKeys.length + " intervals]";
    }

    /** Collects routes; {@link #build()} resolves ties and compiles the table. Not thread-safe. */
    public static final class Builder {

        private final Map<Ipv4Prefix, Route> preferred = new HashMap<>();

        private Builder() {
        }

        /** Adds a route; of several to one prefix the highest weight wins, then the lowest tunnel id. */
        public Builder add(Route route) {
            preferred.merge(route.prefix(), route, (kept, added) -> added.isPreferredTo(kept) ? added : kept);
            return this;
        }

        public Builder add(Ipv4Prefix prefix, int tunnelId, int routingWeight) {
            return add(new Route(prefix, tunnelId, routingWeight));
        }

        public Builder addAll(Iterable<Route> routes) {
            routes.forEach(this::add);
            return this;
        }

        /**
         * Adds the peer's address space of a RouteBased connection, with the connection's
         * routingWeight. IPv6 prefixes are skipped: this table is IPv4.
         *
         * @throws IllegalArgumentException if an IPv4 prefix is malformed
         */
        public Builder addPeerPrefixes(ConnectionConfig connection, int tunnelId) {
            for (String prefix : connection.peer().prefixes()) {
                if (Ipv4Prefix.isIpv4(prefix)) {
                    add(Ipv4Prefix.parse(prefix), tunnelId, connection.routingWeight());
                }
            }
            return this;
        }

        public RouteTable build() {
            if (preferred.isEmpty()) {
                return EMPTY;
            }
            List<Route> sorted = new ArrayList<>(preferred.values());
            sorted.sort((a, b) -> a.prefix().compareTo(b.prefix()));
            Intervals intervals = new Intervals(2 * sorted.size() + 1);
            intervals.start(0, NO_ROUTE);
            // Containers come before what they contain, so the stack holds the prefixes that
            // cover the current point, innermost on top.
            Deque<Route> covering = new ArrayDeque<>();
            for (Route route : sorted) {
                long start = Integer.toUnsignedLong(route.prefix().network());
                while (!covering.isEmpty() && end(covering.peek()) <= start) {
                    Route closed = covering.pop();
                    intervals.start(end(closed), covering.isEmpty() ? NO_ROUTE : covering.peek().tunnelId());
                }
                intervals.start(start, route.tunnelId());
                covering.push(route);
            }
            while (!covering.isEmpty()) {
                Route closed = covering.pop();
                intervals.start(end(closed), covering.isEmpty() ? NO_ROUTE : covering.peek().tunnelId());
            }
            return new RouteTable(intervals.startKeys(), intervals.values(), List.copyOf(sorted));
        }

        /** One past the prefix's last address, as an unsigned number that may be 2^32. */
        private static long end(Route route) {
            return Integer.toUnsignedLong(route.prefix().network()) + route.prefix().size();
        }
    }

    /** Sorted interval starts under construction, merging neighbours that lead to the same tunnel. */
    private static final class Intervals {

        private final int[] keys;
        private final int[] values;
        private final long[] starts;
        private int count;

        Intervals(int capacity) {
            keys = new int[capacity];
            values = new int[capacity];
            starts = new long[capacity];
        }

        /** From {@code address} on, {@code value} applies. Calls come in non-decreasing address order. */
        void start(long address, int value) {
            if (address > 0xFFFF_FFFFL) {
                return; // the end of a prefix that reaches 255.255.255.255
            }
            if (count > 0 && starts[count - 1] == address) {
                count--; // a later event at the same point supersedes the earlier one
            }
            if (count > 0 && values[count - 1] == value) {
                return; // the interval before leads to the same place: extend it
            }
            starts[count] = address;
            keys[count] = (int) address ^ Integer.MIN_VALUE;
            values[count] = value;
            count++;
        }

        int[] startKeys() {
            return Arrays.copyOf(keys, count);
        }

        int[] values() {
            return Arrays.copyOf(values, count);
        }
    }
}
