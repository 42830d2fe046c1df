package io.vpngw.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One gateway, two connections to two strongSwan sites with different prefixes: each site's
 * traffic must leave through its own tunnel. The gateway's public address (198.18.0.1) sits on
 * its loopback, reached by site A over one link and site B over another.
 */
@Timeout(120)
class MultiSiteInteropTest {
    private static final String PSK = "interop-multisite-psk-not-secret-0123";
    private static final long TWO_MEGABYTES = 2L * 1024 * 1024;
    private static final String GATEWAY_ADDRESS = "198.18.0.1";

    @BeforeAll
    static void machineCanRunStrongSwanLabs() {
        InteropPreconditions.requireStrongSwanLab();
    }

    @Test
    void eachSitesTrafficGoesThroughItsOwnTunnel() throws Exception {
        try (InteropLab lab = InteropLab.open()) {
            NetworkNamespace gw = lab.newNamespace("gateway");
            NetworkNamespace a = lab.newNamespace("siteA");
            NetworkNamespace b = lab.newNamespace("siteB");
            a.connect("wan", "192.0.2.1/24", gw, "wanA", "192.0.2.2/24");
            b.connect("wan", "198.51.100.2/24", gw, "wanB", "198.51.100.1/24");
            gw.addLanAddress(GATEWAY_ADDRESS);
            a.addRoute(GATEWAY_ADDRESS + "/32", "192.0.2.2");
            b.addRoute(GATEWAY_ADDRESS + "/32", "198.51.100.1");
            gw.addLanAddress("10.2.0.1");
            a.addLanAddress("10.1.0.1");
            b.addLanAddress("10.3.0.1");

            StrongSwanSite siteA = lab.strongSwanSite("siteA", a, List.of(
                    StrongSwanConnection.psk("s2s", "192.0.2.1", GATEWAY_ADDRESS, "192.0.2.1", GATEWAY_ADDRESS, PSK,
                                    "aes256gcm16-prfsha256-ecp256", "aes256-sha256-modp2048")
                            .withChild(StrongSwanChild.tunnel("lan", "10.1.0.0/16", "10.2.0.0/16", "aes256gcm16", "aes256-sha256"))))
                    .startAndLoad();
            StrongSwanSite siteB = lab.strongSwanSite("siteB", b, List.of(
                    StrongSwanConnection.psk("s2s", "198.51.100.2", GATEWAY_ADDRESS, "198.51.100.2", GATEWAY_ADDRESS, PSK,
                                    "aes256gcm16-prfsha256-ecp256", "aes256-sha256-modp2048")
                            .withChild(StrongSwanChild.tunnel("lan", "10.3.0.0/16", "10.2.0.0/16", "aes256gcm16", "aes256-sha256"))))
                    .startAndLoad();
            OurGateway gateway = OurGateway.start(gw, OurGateway.config("interop/gw", List.of("10.2.0.0/16"), List.of(
                    OurGateway.connection("interop/to-a", "Default", "192.0.2.1", List.of("10.1.0.0/16"), 45, null),
                    OurGateway.connection("interop/to-b", "Default", "198.51.100.2", List.of("10.3.0.0/16"), 45, null))),
                    PSK, GATEWAY_ADDRESS);

            for (StrongSwanSite site : List.of(siteA, siteB)) {
                try {
                    site.awaitIkeSa("s2s", x -> x.established() && x.child("lan").map(ChildSaStatus::installed).orElse(false),
                            Duration.ofSeconds(20));
                } catch (AssertionError e) {
                    throw new AssertionError(site.name() + ": " + e.getMessage() + "\n--- gateway:\n" + gateway.output(), e);
                }
            }
            OurGateway.awaitPath(gw, "10.2.0.1", "10.1.0.1");
            OurGateway.awaitPath(gw, "10.2.0.1", "10.3.0.1");

            long aBefore = bytesIn(siteA);
            long bBefore = bytesIn(siteB);
            TransferResult toA = Traffic.tcpTransfer(gw, "10.2.0.1", a, "10.1.0.1", 5001, TWO_MEGABYTES, 21L);
            assertThat(toA.intact()).as("2 MiB to site A, bytes checked").isTrue();
            long aAfterA = bytesIn(siteA);
            long bAfterA = bytesIn(siteB);
            assertThat(aAfterA - aBefore).as("site A's CHILD_SA carried the transfer to A").isGreaterThanOrEqualTo(TWO_MEGABYTES);
            assertThat(bAfterA - bBefore).as("site B's CHILD_SA did not").isLessThan(TWO_MEGABYTES / 8);

            TransferResult toB = Traffic.tcpTransfer(gw, "10.2.0.1", b, "10.3.0.1", 5002, TWO_MEGABYTES, 22L);
            assertThat(toB.intact()).as("2 MiB to site B, bytes checked").isTrue();
            assertThat(bytesIn(siteB) - bAfterA).as("site B's CHILD_SA carried the transfer to B").isGreaterThanOrEqualTo(TWO_MEGABYTES);
            assertThat(bytesIn(siteA) - aAfterA).as("site A's CHILD_SA did not").isLessThan(TWO_MEGABYTES / 8);

            TransferResult fromB = Traffic.tcpTransfer(b, "10.3.0.1", gw, "10.2.0.1", 5003, TWO_MEGABYTES, 23L);
            assertThat(fromB.intact()).as("2 MiB from site B, bytes checked").isTrue();
            PingResult fromA = Traffic.ping(a, "10.1.0.1", "10.2.0.1", 5);
            assertThat(fromA.lossPercent()).as(fromA.output()).isZero();
            System.out.printf("multi-site: to A %s, to B %s, from B %s%n", Traffic.megabits(toA.bitsPerSecond()),
                    Traffic.megabits(toB.bitsPerSecond()), Traffic.megabits(fromB.bitsPerSecond()));
        }
    }

    private static long bytesIn(StrongSwanSite site) {
        return site.ikeSa("s2s").orElseThrow().child("lan").orElseThrow().bytesIn();
    }
}
