package io.vpngw.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile datagrams at our gateway's UDP 4500 while a checked transfer runs: each kind is
 * dropped and counted under its own reason, and the tunnel carries on untouched.
 */
@Timeout(120)
class BadEspInputInteropTest {
    private static final String PSK = "interop-badinput-psk-not-secret-012345";
    private static final long TRANSFER = 24L * 1024 * 1024;
    private static final int ROUNDS = 200;

    @BeforeAll
    static void machineCanRunStrongSwanLabs() {
        InteropPreconditions.requireStrongSwanLab();
    }

    @Test
    void truncatedUnknownReplayedTamperedAndOversizedEspIsDroppedAndCountedWhileTrafficFlows() throws Exception {
        try (InteropLab lab = InteropLab.open()) {
            NetworkNamespace site = lab.newNamespace("site");
            NetworkNamespace gw = lab.newNamespace("gateway");
            site.connect("wan", "192.0.2.1/24", gw, "wan", "192.0.2.2/24");
            site.addLanAddress("10.1.0.1");
            gw.addLanAddress("10.2.0.1");
            StrongSwanSite strongSwan = lab.strongSwanSite("site", site, List.of(
                    StrongSwanConnection.psk("s2s", "192.0.2.1", "192.0.2.2", "192.0.2.1", "192.0.2.2", PSK,
                                    "aes256gcm16-prfsha256-ecp256")
                            .withChild(StrongSwanChild.tunnel("lan", "10.1.0.0/16", "10.2.0.0/16", "aes256gcm16"))))
                    .startAndLoad();
            OurGateway gateway = OurGateway.start(gw, OurGateway.config("interop/gw", List.of("10.2.0.0/16"), List.of(
                    OurGateway.connection("interop/to-site", "ResponderOnly", "192.0.2.1", List.of("10.1.0.0/16"), 45, null))),
                    PSK, "192.0.2.2");
            strongSwan.initiate("s2s", "lan");
            ChildSaStatus child = strongSwan.ikeSa("s2s").orElseThrow().child("lan").orElseThrow();
            OurGateway.awaitPath(site, "10.1.0.1", "10.2.0.1");

            CompletableFuture<TransferResult> transfer = CompletableFuture.supplyAsync(() ->
                    Traffic.tcpTransfer(site, "10.1.0.1", gw, "10.2.0.1", 5001, TRANSFER, 61L));
            // strongSwan's outbound SPI is our gateway's inbound one
            CommandResult sent = site.exec(List.of(java(), "-XX:TieredStopAtLevel=1", "-Xmx32m", "-cp", testClasses(),
                    EspJunkSender.class.getName(), "192.0.2.2", "4500", child.spiOut(), Integer.toString(ROUNDS)),
                    Map.of(), Duration.ofSeconds(30));
            assertThat(sent.stdout()).as(sent.describe()).contains("sent " + ROUNDS + " rounds");

            TransferResult result = transfer.get(60, TimeUnit.SECONDS);
            assertThat(result.intact()).as("24 MiB under fire, bytes checked: " + result).isTrue();
            gateway.awaitStat("drop.INTEGRITY", 2L * ROUNDS, Duration.ofSeconds(5));
            assertThat(gateway.stat("drop.MALFORMED")).as("truncated").isEqualTo(ROUNDS);
            assertThat(gateway.stat("drop.UNKNOWN_SPI")).as("unknown SPI").isEqualTo(ROUNDS);
            assertThat(gateway.stat("drop.REPLAY")).as("replayed sequence number 1").isGreaterThanOrEqualTo(ROUNDS);
            assertThat(gateway.stat("drop.INTEGRITY")).as("tampered and oversized").isEqualTo(2L * ROUNDS);

            IkeSaStatus after = strongSwan.ikeSa("s2s").orElseThrow();
            assertThat(after.child("lan").orElseThrow().spiIn()).as("the same CHILD_SA carried on").isEqualTo(child.spiIn());
            PingResult ping = Traffic.ping(gw, "10.2.0.1", "10.1.0.1", 10);
            assertThat(ping.lossPercent()).as(ping.output()).isZero();
            System.out.printf("under %d rounds of hostile ESP: %s; counters %s%n", ROUNDS,
                    Traffic.megabits(result.bitsPerSecond()), gateway.stats());
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String testClasses() throws URISyntaxException {
        return Path.of(EspJunkSender.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
