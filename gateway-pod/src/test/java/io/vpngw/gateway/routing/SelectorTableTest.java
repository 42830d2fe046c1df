package io.vpngw.gateway.routing;

import static io.vpngw.gateway.routing.TestPackets.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SelectorTableTest {

    private static Ipv4Prefix p(String text) {
        return Ipv4Prefix.parse(text);
    }

    private static final int UNAVAILABLE = Ipv4Packet.PORT_UNAVAILABLE;

    @Test
    void findsTheTunnelOfThePairThatCoversSourceAndDestination() {
        SelectorTable table = SelectorTable.builder()
                .add(SelectorRoute.between(p("10.1.0.0/16"), p("192.168.1.0/24"), 1, 0))
                .add(SelectorRoute.between(p("10.1.0.0/16"), p("192.168.2.0/24"), 2, 0))
                .add(SelectorRoute.between(p("10.2.0.0/16"), p("192.168.1.0/24"), 3, 0))
                .build();
        assertThat(table.lookup(address("10.1.5.5"), address("192.168.1.9"), 6, 1000, 80)).isEqualTo(1);
        assertThat(table.lookup(address("10.1.5.5"), address("192.168.2.9"), 17, 1000, 53)).isEqualTo(2);
        assertThat(table.lookup(address("10.2.5.5"), address("192.168.1.9"), 1, UNAVAILABLE, 0x0800)).isEqualTo(3);
        assertThat(table.lookup(address("10.3.5.5"), address("192.168.1.9"), 6, 1000, 80)).as("source outside").isEqualTo(RouteTable.NO_ROUTE);
        assertThat(table.lookup(address("10.1.5.5"), address("192.168.3.9"), 6, 1000, 80)).isEqualTo(RouteTable.NO_ROUTE);
    }

    @Test
    void theMostSpecificPairWinsThenTheHigherWeight() {
        SelectorTable table = SelectorTable.builder()
                .add(SelectorRoute.between(p("0.0.0.0/0"), p("0.0.0.0/0"), 9, 100))
                .add(SelectorRoute.between(p("10.1.0.0/16"), p("192.168.0.0/16"), 1, 0))
                .add(SelectorRoute.between(p("10.1.0.0/16"), p("192.168.7.0/24"), 2, 0))
                .add(SelectorRoute.between(p("10.1.0.0/16"), p("192.168.7.0/24"), 3, 5))
                .add(new SelectorRoute(Ipv4Selector.of(p("10.1.0.0/16")),
                        Ipv4Selector.of(p("192.168.7.0/24"), Ipv4Packet.PROTOCOL_TCP, 443, 443), 4, 0))
                .build();
        assertThat(table.lookup(address("10.1.0.1"), address("192.168.7.7"), 6, 5555, 443)).as("protocol and port").isEqualTo(4);
        assertThat(table.lookup(address("10.1.0.1"), address("192.168.7.7"), 6, 5555, 22)).as("weight").isEqualTo(3);
        assertThat(table.lookup(address("10.1.0.1"), address("192.168.8.7"), 6, 5555, 22)).isEqualTo(1);
        assertThat(table.lookup(address("10.9.0.1"), address("8.8.8.8"), 17, 5555, 53)).isEqualTo(9);
        assertThat(table.routes().getFirst().tunnelId()).isEqualTo(4);
        assertThat(table.routes().getLast().tunnelId()).isEqualTo(9);
    }

    @Test
    void readsThePacketItselfIcmpIncluded() {
        SelectorTable table = SelectorTable.builder()
                .add(new SelectorRoute(Ipv4Selector.of(p("10.1.0.0/16")),
                        Ipv4Selector.of(p("192.168.1.0/24"), Ipv4Packet.PROTOCOL_UDP, 53, 53), 1, 0))
                .add(new SelectorRoute(Ipv4Selector.of(p("10.1.0.0/16")),
                        Ipv4Selector.of(p("192.168.1.0/24"), Ipv4Packet.PROTOCOL_ICMP, 0x0800, 0x0800), 2, 0))
                .build();
        byte[] dns = TestPackets.udp(address("10.1.0.4"), address("192.168.1.1"), 33_000, 53, 30);
        byte[] ntp = TestPackets.udp(address("10.1.0.4"), address("192.168.1.1"), 33_000, 123, 30);
        byte[] echo = TestPackets.icmp(address("10.1.0.4"), address("192.168.1.1"), 8, 0);
        byte[] reply = TestPackets.icmp(address("10.1.0.4"), address("192.168.1.1"), 0, 0);
        assertThat(table.lookup(dns, 0)).isEqualTo(1);
        assertThat(table.lookup(ntp, 0)).isEqualTo(RouteTable.NO_ROUTE);
        assertThat(table.lookup(echo, 0)).isEqualTo(2);
        assertThat(table.lookup(reply, 0)).isEqualTo(RouteTable.NO_ROUTE);
    }

    @Test
    void anEmptyTableMatchesNothing() {
        assertThat(SelectorTable.empty().lookup(1, 2, 6, 3, 4)).isEqualTo(RouteTable.NO_ROUTE);
        assertThat(SelectorTable.empty().isEmpty()).isTrue();
    }

    /** The indexed lookup against trying every pair in preference order. */
    @Test
    void agreesWithALinearScanOnRandomTables() {
        SplittableRandom random = new SplittableRandom(4301);
        List<String> wrong = new ArrayList<>();
        for (int trial = 0; trial < 40; trial++) {
            int count = 1 + random.nextInt(trial < 20 ? 20 : 400);
            List<SelectorRoute> routes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                routes.add(new SelectorRoute(randomSelector(random), randomSelector(random), random.nextInt(30), random.nextInt(3)));
            }
            SelectorTable table = SelectorTable.builder().addAll(routes).build();
            List<SelectorRoute> ordered = new ArrayList<>(routes);
            ordered.sort(SelectorRoute.MOST_SPECIFIC_FIRST);
            for (int probe = 0; probe < 3000; probe++) {
                SelectorRoute near = routes.get(random.nextInt(routes.size()));
                int source = random.nextBoolean() ? near.local().startAddress() + random.nextInt(4) : randomAddress(random);
                int destination = switch (random.nextInt(4)) {
                    case 0 -> near.remote().startAddress();
                    case 1 -> near.remote().endAddress();
                    case 2 -> near.remote().endAddress() + 1;
                    default -> randomAddress(random);
                };
                int protocol = new int[] {1, 6, 17, 47}[random.nextInt(4)];
                int localPort = random.nextInt(5) == 0 ? UNAVAILABLE : random.nextInt(2000);
                int remotePort = random.nextInt(5) == 0 ? UNAVAILABLE : random.nextInt(2000);
                int expected = RouteTable.NO_ROUTE;
                for (SelectorRoute route : ordered) {
                    if (route.matchesOutbound(source, destination, protocol, localPort, remotePort)) {
                        expected = route.tunnelId();
                        break;
                    }
                }
                int found = table.lookup(source, destination, protocol, localPort, remotePort);
                if (found != expected) {
                    wrong.add("trial " + trial + ": " + Ipv4Address.format(source) + " -> " + Ipv4Address.format(destination)
                            + " proto " + protocol + " ports " + localPort + "/" + remotePort + ": " + found + ", expected " + expected);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static int randomAddress(SplittableRandom random) {
        return 0x0A00_0000 | random.nextInt(1 << 16) << 8 & 0x00FF_FF00 | random.nextInt(256);
    }

    private static Ipv4Selector randomSelector(SplittableRandom random) {
        int start = randomAddress(random) & Ipv4Prefix.mask(8 + random.nextInt(25));
        int end = random.nextInt(4) == 0 ? start + random.nextInt(5000) : start | ~Ipv4Prefix.mask(8 + random.nextInt(25));
        if (Integer.compareUnsigned(end, start) < 0) {
            end = start;
        }
        int protocol = new int[] {0, 0, 0, 1, 6, 17}[random.nextInt(6)];
        return switch (random.nextInt(4)) {
            case 0 -> new Ipv4Selector(start, end, protocol, 0xFFFF, 0);
            case 1 -> {
                int low = random.nextInt(2000);
                yield new Ipv4Selector(start, end, protocol, low, low + random.nextInt(500));
            }
            default -> new Ipv4Selector(start, end, protocol, 0, 0xFFFF);
        };
    }
}
