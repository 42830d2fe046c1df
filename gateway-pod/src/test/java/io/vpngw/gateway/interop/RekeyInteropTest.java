package io.vpngw.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.config.ConnectionConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CHILD_SA and IKE_SA rekeys, by strongSwan and by our gateway, while a checked transfer runs. */
@Timeout(120)
class RekeyInteropTest {
    private static final String PSK = "interop-rekey-psk-not-secret-0123456789";
    private static final long LONG_TRANSFER = 96L * 1024 * 1024;
    private static final long SHORT_TRANSFER = 4L * 1024 * 1024;

    @BeforeAll
    static void machineCanRunStrongSwanLabs() {
        InteropPreconditions.requireStrongSwanLab();
    }

    private record Lab(InteropLab lab, NetworkNamespace site, NetworkNamespace gw, StrongSwanSite strongSwan) {}

    private static Lab lab(InteropLab lab) {
        NetworkNamespace site = lab.newNamespace("site");
        NetworkNamespace gw = lab.newNamespace("gateway");
        site.connect("wan", "192.0.2.1/24", gw, "wan", "192.0.2.2/24");
        site.addLanAddress("10.1.0.1");
        gw.addLanAddress("10.2.0.1");
        StrongSwanSite strongSwan = lab.strongSwanSite("site", site, List.of(
                StrongSwanConnection.psk("s2s", "192.0.2.1", "192.0.2.2", "192.0.2.1", "192.0.2.2", PSK,
                                "aes256gcm16-prfsha256-ecp256", "aes256gcm16-prfsha384-ecp256")
                        .withChild(StrongSwanChild.tunnel("lan", "10.1.0.0/16", "10.2.0.0/16", "aes256gcm16", "aes256gcm16-ecp256"))))
                .startAndLoad();
        return new Lab(lab, site, gw, strongSwan);
    }

    @Test
    void strongSwanRekeysChildAndIkeSaMidTransferWithoutBreakingIt() throws Exception {
        try (InteropLab interop = InteropLab.open()) {
            Lab lab = lab(interop);
            OurGateway gateway = OurGateway.start(lab.gw(), OurGateway.config("interop/gw", List.of("10.2.0.0/16"), List.of(
                    OurGateway.connection("interop/to-site", "ResponderOnly", "192.0.2.1", List.of("10.1.0.0/16"), 45, null))),
                    PSK, "192.0.2.2");
            lab.strongSwan().initiate("s2s", "lan");
            IkeSaStatus before = lab.strongSwan().ikeSa("s2s").orElseThrow();
            String childSpiBefore = before.child("lan").orElseThrow().spiIn();
            OurGateway.awaitPath(lab.site(), "10.1.0.1", "10.2.0.1");

            CompletableFuture<TransferResult> transfer = CompletableFuture.supplyAsync(() ->
                    Traffic.tcpTransfer(lab.site(), "10.1.0.1", lab.gw(), "10.2.0.1", 5001, LONG_TRANSFER, 31L));
            lab.strongSwan().awaitIkeSa("s2s", sa -> sa.child("lan").map(c -> c.bytesOut() > SHORT_TRANSFER).orElse(false),
                    Duration.ofSeconds(15));

            lab.strongSwan().rekeyChild("lan");
            lab.strongSwan().awaitIkeSa("s2s", sa -> sa.child("lan")
                    .map(c -> c.installed() && !c.spiIn().equals(childSpiBefore)).orElse(false), Duration.ofSeconds(10));
            lab.strongSwan().swanctl("--rekey", "--ike", "s2s");
            IkeSaStatus ikeRekeyed = lab.strongSwan().awaitIkeSa("s2s",
                    sa -> sa.established() && sa.uniqueId() != before.uniqueId(), Duration.ofSeconds(10));
            assertThat(transfer).as("both rekeys finished while the transfer still ran").isNotDone();

            TransferResult result = transfer.get(60, TimeUnit.SECONDS);
            assertThat(result.intact()).as("96 MiB across a CHILD_SA and an IKE_SA rekey, bytes checked: " + result
                    + "\n--- gateway:\n" + gateway.output()).isTrue();
            assertThat(ikeRekeyed.child("lan")).as("the CHILD_SA moved to the new IKE_SA").isPresent();
            assertThat(gateway.output()).contains("event Rekeyed[connection=interop/to-site");
            PingResult after = Traffic.ping(lab.gw(), "10.2.0.1", "10.1.0.1", 5);
            assertThat(after.lossPercent()).as(after.output()).isZero();
            System.out.printf("96 MiB across CHILD_SA + IKE_SA rekey: %s%n", Traffic.megabits(result.bitsPerSecond()));
        }
    }

    @Test
    void ourGatewayRekeysTheChildSaWhenItsLifetimeRunsOut() throws Exception {
        // far below the API's 300 s minimum, which the runtime accepts from the document for tests
        var shortLived = new ConnectionConfig.Policy("GCMAES256", "GCMAES256", "ECP256", "GCMAES256", "GCMAES256",
                "ECP256", 4, 102400000);
        try (InteropLab interop = InteropLab.open()) {
            Lab lab = lab(interop);
            OurGateway gateway = OurGateway.start(lab.gw(), OurGateway.config("interop/gw", List.of("10.2.0.0/16"), List.of(
                    OurGateway.connection("interop/to-site", "Default", "192.0.2.1", List.of("10.1.0.0/16"), 45, shortLived))),
                    PSK, "192.0.2.2");
            IkeSaStatus first = lab.strongSwan().awaitIkeSa("s2s",
                    sa -> sa.established() && sa.child("lan").map(ChildSaStatus::installed).orElse(false), Duration.ofSeconds(20));
            String firstSpi = first.child("lan").orElseThrow().spiIn();
            OurGateway.awaitPath(lab.gw(), "10.2.0.1", "10.1.0.1");

            // checked transfers back to back until one of them spans our rekey
            boolean spannedARekey = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int round = 0;
            while (!spannedARekey && System.nanoTime() < deadline) {
                String spiBefore = lab.strongSwan().ikeSa("s2s").orElseThrow().child("lan").orElseThrow().spiIn();
                TransferResult result = Traffic.tcpTransfer(lab.gw(), "10.2.0.1", lab.site(), "10.1.0.1", 5100 + round,
                        SHORT_TRANSFER, 40L + round);
                assertThat(result.intact()).as("transfer " + round + ": " + result + "\n--- gateway:\n" + gateway.output()).isTrue();
                String spiAfter = lab.strongSwan().ikeSa("s2s").orElseThrow().child("lan").orElseThrow().spiIn();
                spannedARekey = !spiBefore.equals(spiAfter);
                round++;
            }
            assertThat(spannedARekey).as("a transfer spanned a rekey within 20 s; gateway:\n" + gateway.output()).isTrue();
            IkeSaStatus now = lab.strongSwan().ikeSa("s2s").orElseThrow();
            ChildSaStatus child = now.child("lan").orElseThrow();
            assertThat(child.spiIn()).isNotEqualTo(firstSpi);
            assertThat(child.dhGroup()).as("our rekey carried the PFS exchange").hasValue("ECP_256");
            assertThat(now.uniqueId()).as("the IKE_SA stayed; only the CHILD_SA was replaced").isEqualTo(first.uniqueId());
            System.out.printf("our time-based CHILD_SA rekey: %d checked transfers, the last across the rekey%n", round);
        }
    }
}
