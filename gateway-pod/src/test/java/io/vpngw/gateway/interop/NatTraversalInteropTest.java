package io.vpngw.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Our gateway behind a masquerading router (172.16.10.0/24 inside, 198.51.100.0/24 outside),
 * initiating to strongSwan, which only ever sees the router's outside address.
 */
@Timeout(120)
class NatTraversalInteropTest {
    private static final String PSK = "interop-nat-psk-not-secret-0123456789";
    private static final long FOUR_MEGABYTES = 4L * 1024 * 1024;
    /** IPv4 (20) + UDP (8) + the single 0xFF byte of a NAT keepalive. */
    private static final String KEEPALIVE_IP_LENGTH = "29";

    @BeforeAll
    static void machineCanRunStrongSwanLabs() {
        InteropPreconditions.requireStrongSwanLab();
    }

    @Test
    void ourGatewayBehindNatInitiatesCarriesTrafficAndKeepsTheMappingAlive() throws Exception {
        try (InteropLab lab = InteropLab.open()) {
            NetworkNamespace gw = lab.newNamespace("gateway");
            NetworkNamespace router = lab.newNamespace("router");
            NetworkNamespace site = lab.newNamespace("site");
            gw.connect("wan", "172.16.10.2/24", router, "inside", "172.16.10.1/24");
            router.connect("outside", "198.51.100.1/24", site, "wan", "198.51.100.2/24");
            gw.addDefaultRoute("172.16.10.1");
            router.masqueradeOutOf("outside");
            // counts NAT keepalives as they leave the router (before translation, so any source port)
            router.exec("iptables", "-I", "FORWARD", "-o", "outside", "-p", "udp", "--dport", "4500",
                    "-m", "length", "--length", KEEPALIVE_IP_LENGTH, "-j", "ACCEPT").orThrow();
            gw.addLanAddress("10.2.0.1");
            site.addLanAddress("10.1.0.1");

            StrongSwanSite strongSwan = lab.strongSwanSite("site", site, List.of(
                    StrongSwanConnection.psk("s2s", "198.51.100.2", "%any", "198.51.100.2", "172.16.10.2", PSK,
                                    "aes256gcm16-prfsha256-ecp256", "aes256-sha256-modp2048")
                            .withChild(StrongSwanChild.tunnel("lan", "10.1.0.0/16", "10.2.0.0/16",
                                    "aes256gcm16", "aes256-sha256", "aes256gcm16-ecp256"))))
                    .startAndLoad();
            OurGateway gateway = OurGateway.start(gw, OurGateway.config("interop/gw", List.of("10.2.0.0/16"), List.of(
                            OurGateway.connection("interop/to-site", "Default", "198.51.100.2", List.of("10.1.0.0/16"), 45, null))),
                    PSK, "172.16.10.2", "--nat-keepalive-seconds", "1");

            IkeSaStatus sa;
            try {
                sa = strongSwan.awaitIkeSa("s2s", x -> x.established() && x.child("lan").map(ChildSaStatus::installed).orElse(false),
                        Duration.ofSeconds(20));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n--- gateway:\n" + gateway.output(), e);
            }
            assertThat(sa.initiator()).as("our gateway initiated").isFalse();
            assertThat(sa.remoteHost()).as("strongSwan sees the router, not our gateway").isEqualTo("198.51.100.1");
            assertThat(sa.natRemote()).as("strongSwan detected the NAT in front of our gateway").isTrue();
            assertThat(sa.remotePort()).as("IKE floated to 4500 and the router mapped it").isNotEqualTo(500);

            OurGateway.awaitPath(gw, "10.2.0.1", "10.1.0.1");
            PingResult out = Traffic.ping(gw, "10.2.0.1", "10.1.0.1", 10);
            assertThat(out.lossPercent()).as(out.output()).isZero();
            PingResult in = Traffic.ping(site, "10.1.0.1", "10.2.0.1", 10);
            assertThat(in.lossPercent()).as("the site reaches us through the NAT mapping: " + in.output()).isZero();

            TransferResult up = Traffic.tcpTransfer(gw, "10.2.0.1", site, "10.1.0.1", 5001, FOUR_MEGABYTES, 11L);
            assertThat(up.intact()).as("4 MiB gateway -> site, bytes checked").isTrue();
            TransferResult down = Traffic.tcpTransfer(site, "10.1.0.1", gw, "10.2.0.1", 5002, FOUR_MEGABYTES, 12L);
            assertThat(down.intact()).as("4 MiB site -> gateway, bytes checked").isTrue();
            System.out.printf("through NAT: vpngw -> strongSwan %s, strongSwan -> vpngw %s%n",
                    Traffic.megabits(up.bitsPerSecond()), Traffic.megabits(down.bitsPerSecond()));
            ChildSaStatus child = strongSwan.ikeSa("s2s").orElseThrow().child("lan").orElseThrow();
            assertThat(child.bytesIn()).as("gateway -> site went through the CHILD_SA").isGreaterThanOrEqualTo(FOUR_MEGABYTES);
            assertThat(child.bytesOut()).as("site -> gateway went through the CHILD_SA").isGreaterThanOrEqualTo(FOUR_MEGABYTES);

            gateway.awaitStat("natKeepalivesSent", 2, Duration.ofSeconds(5));
            assertThat(BoundedWait.until(Duration.ofSeconds(5), () -> keepalivesForwarded(router) >= 2))
                    .as("keepalives crossed the router: " + router.exec("iptables", "-L", "FORWARD", "-v", "-n", "-x").stdout())
                    .isTrue();
        }
    }

    private static long keepalivesForwarded(NetworkNamespace router) {
        String rules = router.exec("iptables", "-L", "FORWARD", "-v", "-n", "-x").stdout();
        return rules.lines().map(String::strip).filter(l -> l.contains("length " + KEEPALIVE_IP_LENGTH))
                .mapToLong(l -> Long.parseLong(l.split("\\s+")[0])).sum();
    }
}
