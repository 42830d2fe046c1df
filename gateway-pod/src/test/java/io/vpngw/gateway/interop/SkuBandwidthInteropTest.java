package io.vpngw.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.config.GatewayConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The SKU's aggregate throughput holds under load: iperf3 through our gateway, each way, stays
 * within 10 % of the SKU's figure (TCP goodput; the limit counts inner IP bytes, so headers take
 * some 4 % of it).
 */
@Timeout(120)
class SkuBandwidthInteropTest {
    private static final String PSK = "interop-test-psk-not-secret-0123456789";

    @BeforeAll
    static void machineCanRunStrongSwanLabs() {
        InteropPreconditions.requireStrongSwanLab();
    }

    @ParameterizedTest(name = "{0}: {1} Mbit/s")
    @CsvSource({"Basic, 100", "a 160 Mbit/s SKU, 160"})
    void throughputHoldsAtTheSkuLimit(String sku, int megabits) throws Exception {
        try (InteropLab lab = InteropLab.open()) {
            NetworkNamespace site = lab.newNamespace("site");
            NetworkNamespace gw = lab.newNamespace("gateway");
            site.connect("wan", "192.0.2.1/24", gw, "wan", "192.0.2.2/24");
            site.addLanAddress("10.1.0.1");
            gw.addLanAddress("10.2.0.1");
            StrongSwanSite strongSwan = lab.strongSwanSite("site", site, List.of(
                    StrongSwanConnection.psk("s2s", "192.0.2.1", "192.0.2.2", "192.0.2.1", "192.0.2.2", PSK, "aes256gcm16-prfsha256-x25519")
                            .withChild(StrongSwanChild.tunnel("lan", "10.1.0.0/16", "10.2.0.0/16", "aes256gcm16")))).startAndLoad();
            GatewayConfig config = new GatewayConfig(GatewayConfig.API_VERSION, "interop/gw", 1, "Basic",
                    new GatewayConfig.Limits(10, 128, 0, megabits, false), "RouteBased", false, List.of("10.2.0.0/16"), null, null,
                    List.of(OurGateway.connection("interop/to-site", "ResponderOnly", "192.0.2.1", List.of("10.1.0.0/16"), 45, null)));
            OurGateway.start(gw, config, PSK, "192.0.2.2");
            strongSwan.initiate("s2s", "lan");
            OurGateway.awaitPath(site, "10.1.0.1", "10.2.0.1");

            IperfResult in = Traffic.iperf3(site, "10.1.0.1", gw, "10.2.0.1", 5201, Duration.ofSeconds(5), 1, false);
            IperfResult out = Traffic.iperf3(site, "10.1.0.1", gw, "10.2.0.1", 5202, Duration.ofSeconds(5), 1, true);
            System.out.printf("%s limit %d Mbit/s: into the gateway %.0f Mbit/s, out of it %.0f Mbit/s%n", sku, megabits,
                    in.receivedMegabitsPerSecond(), out.receivedMegabitsPerSecond());
            assertThat(in.receivedMegabitsPerSecond()).as("into the gateway").isBetween(megabits * 0.85, megabits * 1.05);
            assertThat(out.receivedMegabitsPerSecond()).as("out of the gateway").isBetween(megabits * 0.85, megabits * 1.05);
        }
    }
}
