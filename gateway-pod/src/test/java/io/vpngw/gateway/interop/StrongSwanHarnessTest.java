package io.vpngw.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves the harness against strongSwan itself: two real charons, A and B, in their own
 * namespaces. What passes here is what the interop tests rely on when our gateway replaces one
 * side.
 */
@Timeout(120)
class StrongSwanHarnessTest {

    private static final String PSK = "interop-test-psk-not-secret-0123456789";
    private static final String IKE_PROPOSAL = "aes256gcm16-prfsha256-x25519";
    private static final String ESP_PROPOSAL = "aes256gcm16";
    private static final long TEN_MEGABYTES = 10L * 1024 * 1024;

    @BeforeAll
    static void machineCanRunStrongSwanLabs() {
        InteropPreconditions.requireStrongSwanLab();
    }

    @Test
    void aesGcmX25519TunnelEstablishesCarriesCheckedTrafficAndTearsDown() {
        NetworkNamespace namespaceA;
        NetworkNamespace namespaceB;
        long charonA;
        long charonB;
        try (InteropLab lab = InteropLab.open()) {
            namespaceA = lab.newNamespace("siteA");
            namespaceB = lab.newNamespace("siteB");
            namespaceA.connect("wan", "192.0.2.1/24", namespaceB, "wan", "192.0.2.2/24");
            namespaceA.addLanAddress("10.1.0.1");
            namespaceB.addLanAddress("10.2.0.1");

            StrongSwanSite siteA = lab.strongSwanSite("siteA", namespaceA, List.of(
                    StrongSwanConnection.psk("s2s", "192.0.2.1", "192.0.2.2", "siteA", "siteB", PSK, IKE_PROPOSAL)
                            .withChild(StrongSwanChild.tunnel("lan", "10.1.0.0/16", "10.2.0.0/16", ESP_PROPOSAL))))
                    .startAndLoad();
            StrongSwanSite siteB = lab.strongSwanSite("siteB", namespaceB, List.of(
                    StrongSwanConnection.psk("s2s", "192.0.2.2", "192.0.2.1", "siteB", "siteA", PSK, IKE_PROPOSAL)
                            .withChild(StrongSwanChild.tunnel("lan", "10.2.0.0/16", "10.1.0.0/16", ESP_PROPOSAL))))
                    .startAndLoad();
            charonA = siteA.pid();
            charonB = siteB.pid();

            siteA.initiate("s2s", "lan");

            IkeSaStatus initiator = siteA.ikeSa("s2s").orElseThrow(() -> new AssertionError("no IKE_SA on A:\n" + siteA.log()));
            assertThat(initiator.state()).isEqualTo("ESTABLISHED");
            assertThat(initiator.initiator()).isTrue();
            assertThat(initiator.algorithms()).isEqualTo("AES_GCM_16-256/PRF_HMAC_SHA2_256/CURVE_25519");
            assertThat(initiator.integrity()).isEmpty();
            assertThat(initiator.remoteId()).isEqualTo("siteB");
            assertThat(initiator.remotePort()).as("IKE moved to 4500 (encap = yes)").isEqualTo(4500);
            assertThat(initiator.natLocal()).as("no NAT in front of A").isFalse();
            ChildSaStatus initiatorChild = initiator.child("lan").orElseThrow();
            assertThat(initiatorChild.state()).isEqualTo("INSTALLED");
            assertThat(initiatorChild.mode()).isEqualTo("TUNNEL");
            assertThat(initiatorChild.encapsulated()).isTrue();
            assertThat(initiatorChild.algorithms()).isEqualTo("AES_GCM_16-256");
            assertThat(initiatorChild.localTs()).containsExactly("10.1.0.0/16");
            assertThat(initiatorChild.remoteTs()).containsExactly("10.2.0.0/16");

            IkeSaStatus responder = siteB.awaitIkeSa("s2s",
                    sa -> sa.established() && sa.child("lan").map(ChildSaStatus::installed).orElse(false), Duration.ofSeconds(5));
            ChildSaStatus responderChild = responder.child("lan").orElseThrow();
            assertThat(responder.initiator()).isFalse();
            assertThat(responder.algorithms()).isEqualTo(initiator.algorithms());
            assertThat(responderChild.algorithms()).isEqualTo(initiatorChild.algorithms());
            assertThat(responderChild.spiIn()).as("B receives on the SPI A sends to").isEqualTo(initiatorChild.spiOut());
            assertThat(responderChild.spiOut()).as("B sends to the SPI A receives on").isEqualTo(initiatorChild.spiIn());

            PingResult ping = Traffic.ping(namespaceA, "10.1.0.1", "10.2.0.1", 20);
            assertThat(ping.lossPercent()).as(ping.output()).isZero();

            TransferResult transfer = Traffic.tcpTransfer(namespaceA, "10.1.0.1", namespaceB, "10.2.0.1", 5001, TEN_MEGABYTES, 20240229L);
            assertThat(transfer.receivedBytes()).isEqualTo(TEN_MEGABYTES);
            assertThat(transfer.receivedSha256()).isEqualTo(transfer.expectedSha256());
            assertThat(transfer.intact()).isTrue();
            System.out.printf("10 MiB checked transfer A -> B through the tunnel: %s%n", Traffic.megabits(transfer.bitsPerSecond()));

            ChildSaStatus afterTransfer = siteA.ikeSa("s2s").orElseThrow().child("lan").orElseThrow();
            assertThat(afterTransfer.bytesOut()).as("the transfer went through the CHILD_SA, not around it")
                    .isGreaterThanOrEqualTo(TEN_MEGABYTES);

            IperfResult iperf = Traffic.iperf3(namespaceA, "10.1.0.1", namespaceB, "10.2.0.1", 5201, Duration.ofSeconds(3), 1, false);
            System.out.printf("iperf3 TCP 3 s A -> B through the tunnel: %s, %d retransmits%n",
                    Traffic.megabits(iperf.receivedBitsPerSecond()), iperf.retransmits());
            assertThat(iperf.receivedBytes()).as("iperf3 moved data through the tunnel").isPositive();
            assertThat(siteB.ikeSa("s2s").orElseThrow().child("lan").orElseThrow().bytesIn())
                    .isGreaterThanOrEqualTo(TEN_MEGABYTES + iperf.receivedBytes());

            siteA.terminate("s2s");
            assertThat(siteA.ikeSa("s2s")).isEmpty();
            siteB.awaitNoIkeSa("s2s", Duration.ofSeconds(5));
            assertThat(namespaceA.ip("route", "show", "table", "220").stdout())
                    .as("libipsec removed the tunnel route").doesNotContain("10.2.0.0/16");
        }
        assertThat(ProcessHandle.of(charonA)).as("charon A stopped").isEmpty();
        assertThat(ProcessHandle.of(charonB)).as("charon B stopped").isEmpty();
        assertThat(Path.of("/run/netns", namespaceA.name())).doesNotExist();
        assertThat(Path.of("/run/netns", namespaceB.name())).doesNotExist();
        assertThat(Files.exists(Path.of("/run/netns"))).isTrue();
    }

    /**
     * Site A sits behind a masquerading router (172.16.10.0/24 inside, 198.51.100.0/24 outside);
     * B only knows the router's outside address and has no route to A's inside network.
     */
    @Test
    void tunnelThroughMasqueradingRouterDetectsTheNatAndCarriesTraffic() {
        try (InteropLab lab = InteropLab.open()) {
            NetworkNamespace namespaceA = lab.newNamespace("siteA");
            NetworkNamespace router = lab.newNamespace("router");
            NetworkNamespace namespaceB = lab.newNamespace("siteB");
            namespaceA.connect("wan", "172.16.10.2/24", router, "inside", "172.16.10.1/24");
            router.connect("outside", "198.51.100.1/24", namespaceB, "wan", "198.51.100.2/24");
            namespaceA.addDefaultRoute("172.16.10.1");
            router.masqueradeOutOf("outside");
            namespaceA.addLanAddress("10.1.0.1");
            namespaceB.addLanAddress("10.2.0.1");

            StrongSwanSite siteA = lab.strongSwanSite("siteA", namespaceA, List.of(
                    StrongSwanConnection.psk("s2s", "172.16.10.2", "198.51.100.2", "siteA", "siteB", PSK, IKE_PROPOSAL)
                            .withChild(StrongSwanChild.tunnel("lan", "10.1.0.0/16", "10.2.0.0/16", ESP_PROPOSAL))))
                    .startAndLoad();
            StrongSwanSite siteB = lab.strongSwanSite("siteB", namespaceB, List.of(
                    StrongSwanConnection.psk("s2s", "198.51.100.2", "198.51.100.1", "siteB", "siteA", PSK, IKE_PROPOSAL)
                            .withChild(StrongSwanChild.tunnel("lan", "10.2.0.0/16", "10.1.0.0/16", ESP_PROPOSAL))))
                    .startAndLoad();

            siteA.initiate("s2s", "lan");

            IkeSaStatus initiator = siteA.ikeSa("s2s").orElseThrow();
            assertThat(initiator.established()).isTrue();
            assertThat(initiator.natLocal()).as("A found its own address translated").isTrue();
            IkeSaStatus responder = siteB.awaitIkeSa("s2s",
                    sa -> sa.established() && sa.child("lan").map(ChildSaStatus::installed).orElse(false), Duration.ofSeconds(5));
            assertThat(responder.remoteHost()).as("B sees A as the router's outside address").isEqualTo("198.51.100.1");
            assertThat(responder.natRemote()).isTrue();

            PingResult ping = Traffic.ping(namespaceA, "10.1.0.1", "10.2.0.1", 20);
            assertThat(ping.lossPercent()).as(ping.output()).isZero();
            PingResult pingBack = Traffic.ping(namespaceB, "10.2.0.1", "10.1.0.1", 5);
            assertThat(pingBack.lossPercent()).as("B reaches A's LAN through the NAT mapping: " + pingBack.output()).isZero();
            TransferResult transfer = Traffic.tcpTransfer(namespaceB, "10.2.0.1", namespaceA, "10.1.0.1", 5002, TEN_MEGABYTES, 7L);
            assertThat(transfer.intact()).as(transfer.toString()).isTrue();

            siteA.terminate("s2s");
            siteB.awaitNoIkeSa("s2s", Duration.ofSeconds(5));
        }
    }
}
