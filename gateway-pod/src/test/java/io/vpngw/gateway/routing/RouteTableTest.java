package io.vpngw.gateway.routing;

import static io.vpngw.gateway.routing.TestPackets.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.config.ConnectionConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouteTableTest {

    private static Ipv4Prefix p(String text) {
        return Ipv4Prefix.parse(text);
    }

    @Test
    void anEmptyTableRoutesNothing() {
        assertThat(RouteTable.empty().lookup(address("10.0.0.1"))).isEqualTo(RouteTable.NO_ROUTE);
        assertThat(RouteTable.builder().build().isEmpty()).isTrue();
    }

    @Test
    void theLongestPrefixWins() {
        RouteTable table = RouteTable.builder()
                .add(p("10.0.0.0/8"), 1, 0)
                .add(p("10.1.0.0/16"), 2, 0)
                .add(p("10.1.2.0/24"), 3, 0)
                .add(p("10.1.2.128/25"), 4, 0)
                .build();
        assertThat(table.lookup(address("10.9.9.9"))).isEqualTo(1);
        assertThat(table.lookup(address("10.1.9.9"))).isEqualTo(2);
        assertThat(table.lookup(address("10.1.2.3"))).isEqualTo(3);
        assertThat(table.lookup(address("10.1.2.200"))).isEqualTo(4);
        assertThat(table.lookup(address("10.1.3.0"))).isEqualTo(2);
        assertThat(table.lookup(address("11.0.0.0"))).isEqualTo(RouteTable.NO_ROUTE);
        assertThat(table.lookup(address("9.255.255.255"))).isEqualTo(RouteTable.NO_ROUTE);
    }

    @Test
    void aDefaultRouteCatchesEverythingElse() {
        RouteTable table = RouteTable.builder().add(p("0.0.0.0/0"), 9, 0).add(p("172.16.0.0/12"), 2, 0).build();
        assertThat(table.lookup(0)).isEqualTo(9);
        assertThat(table.lookup(-1)).isEqualTo(9);
        assertThat(table.lookup(address("172.20.1.1"))).isEqualTo(2);
        assertThat(table.lookup(address("172.32.0.0"))).isEqualTo(9);
    }

    @Test
    void theEdgesOfTheAddressSpaceWork() {
        RouteTable table = RouteTable.builder()
                .add(p("0.0.0.0/32"), 1, 0)
                .add(p("255.255.255.255/32"), 2, 0)
                .add(p("128.0.0.0/1"), 3, 0)
                .build();
        assertThat(table.lookup(0)).isEqualTo(1);
        assertThat(table.lookup(1)).isEqualTo(RouteTable.NO_ROUTE);
        assertThat(table.lookup(address("127.255.255.255"))).isEqualTo(RouteTable.NO_ROUTE);
        assertThat(table.lookup(address("128.0.0.0"))).isEqualTo(3);
        assertThat(table.lookup(address("255.255.255.254"))).isEqualTo(3);
        assertThat(table.lookup(-1)).isEqualTo(2);
    }

    @Test
    void theHigherRoutingWeightWinsAnEqualPrefixAndTiesGoToTheLowerTunnel() {
        RouteTable table = RouteTable.builder()
                .add(p("192.168.0.0/16"), 5, 10)
                .add(p("192.168.0.0/16"), 6, 20)
                .add(p("192.168.0.0/16"), 7, 20)
                .add(p("10.0.0.0/8"), 8, 0)
                .add(p("10.0.0.0/8"), 3, 0)
                .build();
        assertThat(table.lookup(address("192.168.1.1"))).isEqualTo(6);
        assertThat(table.lookup(address("10.1.1.1"))).isEqualTo(3);
        assertThat(table.routes()).containsExactly(new Route(p("10.0.0.0/8"), 3, 0), new Route(p("192.168.0.0/16"), 6, 20));
    }

    @Test
    void neighboursToTheSameTunnelShareAnInterval() {
        RouteTable table = RouteTable.builder()
                .add(p("10.0.0.0/24"), 1, 0)
                .add(p("10.0.1.0/24"), 1, 0)
                .add(p("10.0.0.0/23"), 1, 0)
                .build();
        assertThat(table.intervalCount()).isEqualTo(3); // before, 10.0.0.0/23, after
    }

    @Test
    void multiSiteConnectionsContributeTheirPeersIpv4Prefixes() {
        ConnectionConfig siteA = connection("default/site-a", 0, List.of("192.168.1.0/24", "fd00:1::/64"));
        ConnectionConfig siteB = connection("default/site-b", 5, List.of("192.168.2.0/24", "192.168.1.0/24"));
        RouteTable table = RouteTable.builder().addPeerPrefixes(siteA, 0).addPeerPrefixes(siteB, 1).build();
        assertThat(table.lookup(address("192.168.2.9"))).isEqualTo(1);
        assertThat(table.lookup(address("192.168.1.9"))).as("site B's higher weight").isEqualTo(1);
        assertThat(table.routes()).hasSize(2);
    }

    private static ConnectionConfig connection(String name, int weight, List<String> prefixes) {
        return new ConnectionConfig(name, "IPsec", "IKEv2", "Default",
                new ConnectionConfig.Peer(List.of("203.0.113.1"), null, prefixes), "psk", 45, weight, false, List.of(), null);
    }

    /** The table against the definition of longest-prefix match, on random tables with nested and overlapping prefixes. */
    @ParameterizedTest(name = "{0} routes")
    @ValueSource(ints = {1, 2, 10, 100, 1000, 2000})
    void agreesWithABruteForceLongestMatchOnRandomTables(int count) {
        SplittableRandom random = new SplittableRandom(count * 7919L);
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // Cluster addresses so that prefixes nest and collide, as real address plans do.
            int base = random.nextInt(4) << 30 | random.nextInt(64) << 20 | random.nextInt(1 << 20);
            int length = random.nextInt(10) == 0 ? random.nextInt(33) : 8 + random.nextInt(25);
            routes.add(new Route(Ipv4Prefix.containing(base, length), random.nextInt(20), random.nextInt(3)));
        }
        RouteTable table = RouteTable.builder().addAll(routes).build();
        List<Integer> probes = new ArrayList<>();
        for (Route route : routes) {
            int first = route.prefix().network();
            int last = route.prefix().last();
            probes.addAll(List.of(first, last, first - 1, last + 1, first + (int) (route.prefix().size() / 2)));
        }
        for (int i = 0; i < 20_000; i++) {
            probes.add(random.nextInt());
        }
        probes.addAll(List.of(0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE));
        List<String> wrong = new ArrayList<>();
        for (int address : probes) {
            int found = table.lookup(address);
            int expected = bruteForce(routes, address);
            if (found != expected) {
                wrong.add(Ipv4Address.format(address) + ": " + found + ", expected " + expected);
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static int bruteForce(List<Route> routes, int address) {
        Route best = null;
        for (Route route : routes) {
            if (!route.prefix().contains(address)) {
                continue;
            }
            if (best == null || route.prefix().length() > best.prefix().length()
                    || route.prefix().length() == best.prefix().length() && (route.routingWeight() > best.routingWeight()
                    || route.routingWeight() == best.routingWeight() && route.tunnelId() < best.tunnelId())) {
                best = route;
            }
        }
        return best == null ? RouteTable.NO_ROUTE : best.tunnelId();
    }
}
