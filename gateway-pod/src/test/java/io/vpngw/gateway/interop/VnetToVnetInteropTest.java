package io.vpngw.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * VNet-to-VNet: two of our gateways, each with a Default connection to the other, so both
 * initiate at once; the collision must still leave one working tunnel.
 */
@Timeout(120)
class VnetToVnetInteropTest {
    private static final String PSK = "interop-vnet2vnet-psk-not-secret-01234";
    private static final long FOUR_MEGABYTES = 4L * 1024 * 1024;

    @BeforeAll
    static void machineCanRunStrongSwanLabs() {
        InteropPreconditions.requireStrongSwanLab();
    }

    @Test
    void twoOfOurGatewaysBothInitiatingEndWithOneWorkingTunnel() throws Exception {
        try (InteropLab lab = InteropLab.open()) {
            NetworkNamespace a = lab.newNamespace("vnetA");
            NetworkNamespace b = lab.newNamespace("vnetB");
            a.connect("wan", "192.0.2.1/24", b, "wan", "192.0.2.2/24");
            a.addLanAddress("10.1.0.1");
            b.addLanAddress("10.2.0.1");

            OurGateway gatewayA = OurGateway.start(a, OurGateway.config("vnet-a/gw", List.of("10.1.0.0/16"), List.of(
                    OurGateway.connection("vnet-a/to-b", "Default", "192.0.2.2", List.of("10.2.0.0/16"), 45, null))),
                    PSK, "192.0.2.1");
            OurGateway gatewayB = OurGateway.start(b, OurGateway.config("vnet-b/gw", List.of("10.2.0.0/16"), List.of(
                    OurGateway.connection("vnet-b/to-a", "Default", "192.0.2.1", List.of("10.1.0.0/16"), 45, null))),
                    PSK, "192.0.2.2");

            try {
                gatewayA.awaitOutput("event Established[connection=vnet-a/to-b", Duration.ofSeconds(20));
                gatewayB.awaitOutput("event Established[connection=vnet-b/to-a", Duration.ofSeconds(20));
                OurGateway.awaitPath(a, "10.1.0.1", "10.2.0.1");
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n--- gateway A:\n" + gatewayA.output()
                        + "\n--- gateway B:\n" + gatewayB.output(), e);
            }
            // the redundant SAs of the simultaneous start are deleted in the first moments; once
            // they are, a run of pings must lose nothing (bounded: 15 s)
            PingResult ab = cleanPingRun(a, "10.1.0.1", "10.2.0.1");
            assertThat(ab.lossPercent()).as(ab.output()).isZero();
            PingResult ba = cleanPingRun(b, "10.2.0.1", "10.1.0.1");
            assertThat(ba.lossPercent()).as(ba.output()).isZero();
            TransferResult toB = Traffic.tcpTransfer(a, "10.1.0.1", b, "10.2.0.1", 5001, FOUR_MEGABYTES, 51L);
            assertThat(toB.intact()).as("4 MiB A -> B, bytes checked").isTrue();
            TransferResult toA = Traffic.tcpTransfer(b, "10.2.0.1", a, "10.1.0.1", 5002, FOUR_MEGABYTES, 52L);
            assertThat(toA.intact()).as("4 MiB B -> A, bytes checked").isTrue();
            System.out.printf("vnet-to-vnet: A -> B %s, B -> A %s%n", Traffic.megabits(toB.bitsPerSecond()),
                    Traffic.megabits(toA.bitsPerSecond()));

            gatewayA.awaitStat("packetsIn", FOUR_MEGABYTES / 1400, Duration.ofSeconds(3));
            gatewayB.awaitStat("packetsIn", FOUR_MEGABYTES / 1400, Duration.ofSeconds(3));
            assertThat(gatewayA.stat("drop.INTEGRITY") + gatewayB.stat("drop.INTEGRITY"))
                    .as("both ends use the same keys").isZero();
        }
    }

    private static PingResult cleanPingRun(NetworkNamespace from, String source, String destination) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        PingResult run = Traffic.ping(from, source, destination, 10);
        while (run.lossPercent() > 0 && System.nanoTime() < deadline) {
            run = Traffic.ping(from, source, destination, 10);
        }
        return run;
    }
}
