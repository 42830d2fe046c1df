package io.vpngw.gateway.routing;

import static io.vpngw.gateway.routing.TestPackets.address;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InnerPacketRouterTest {

    private final byte[] toBranch = TestPackets.udp(address("10.1.0.4"), address("192.168.1.1"), 1000, 2000, 10);
    private final byte[] toOtherSite = TestPackets.udp(address("10.1.0.4"), address("172.16.5.5"), 1000, 2000, 10);

    @Test
    void selectorPairsComeBeforePrefixRoutes() {
        RouteTable routes = RouteTable.builder().add(Ipv4Prefix.parse("192.168.0.0/16"), 1, 0)
                .add(Ipv4Prefix.parse("172.16.0.0/12"), 2, 0).build();
        SelectorTable selectors = SelectorTable.builder()
                .add(SelectorRoute.between(Ipv4Prefix.parse("10.1.0.0/16"), Ipv4Prefix.parse("192.168.1.0/24"), 7, 0))
                .build();
        InnerPacketRouter router = new InnerPacketRouter(new InnerPacketRouter.Tables(selectors, routes));
        assertThat(router.route(toBranch, 0, toBranch.length)).isEqualTo(7);
        assertThat(router.route(toOtherSite, 0, toOtherSite.length)).isEqualTo(2);
    }

    @Test
    void replacingTheTablesTakesEffectForTheNextPacket() {
        InnerPacketRouter router = new InnerPacketRouter();
        assertThat(router.route(toBranch, 0, toBranch.length)).isEqualTo(RouteTable.NO_ROUTE);
        router.replace(new InnerPacketRouter.Tables(SelectorTable.empty(),
                RouteTable.builder().add(Ipv4Prefix.parse("192.168.1.0/24"), 3, 0).build()));
        assertThat(router.route(toBranch, 0, toBranch.length)).isEqualTo(3);
        assertThat(router.tables().routes().routes()).hasSize(1);
    }

    @Test
    void whatIsNotIpv4IsNotRoutable() {
        InnerPacketRouter router = new InnerPacketRouter();
        byte[] v6 = toBranch.clone();
        v6[0] = 0x60;
        assertThat(router.route(v6, 0, v6.length)).isEqualTo(InnerPacketRouter.NOT_ROUTABLE);
        assertThat(router.route(toBranch, 0, 12)).isEqualTo(InnerPacketRouter.NOT_ROUTABLE);
    }
}
