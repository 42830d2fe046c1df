package io.vpngw.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.config.ConnectionConfig;
import io.vpngw.gateway.config.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Tunnel throughput and setup time, our gateway beside strongSwan in the same harness and run:
 * strongSwan ↔ strongSwan (kernel-libipsec, userspace ESP), then strongSwan ↔ vpngw, AES-256-GCM
 * with X25519, iperf3 TCP with 1 and 4 streams in both cases, and the time from
 * {@code swanctl --initiate} to an installed CHILD_SA. A benchmark: run with bench/tunnel-throughput.sh.
 */
@Tag("benchmark")
class TunnelThroughputBenchmark {
    private static final String PSK = "interop-test-psk-not-secret-0123456789";
    private static final Duration RUN = Duration.ofSeconds(Long.getLong("vpngw.bench.seconds", 10));
    private static final int SETUPS = Integer.getInteger("vpngw.bench.setups", 10);

    @BeforeAll
    static void machineCanRunStrongSwanLabs() {
        InteropPreconditions.requireStrongSwanLab();
    }

    record Figures(double oneStream, double fourStreams, double setupMillis) {}

    @Test
    void vpngwBesideStrongSwan() throws Exception {
        Figures swan = measure(false);
        Figures ours = measure(true);
        System.out.printf("%n== tunnel: AES-256-GCM, X25519, iperf3 TCP %d s, %d cores%n", RUN.toSeconds(), Runtime.getRuntime().availableProcessors());
        System.out.printf("%-28s %12s %12s %14s%n", "", "1 stream", "4 streams", "setup (median)");
        System.out.printf("%-28s %9.0f Mb/s %9.0f Mb/s %11.1f ms%n", "strongSwan <-> strongSwan", swan.oneStream() / 1e6, swan.fourStreams() / 1e6, swan.setupMillis());
        System.out.printf("%-28s %9.0f Mb/s %9.0f Mb/s %11.1f ms%n", "strongSwan <-> vpngw", ours.oneStream() / 1e6, ours.fourStreams() / 1e6, ours.setupMillis());
        System.out.printf("%-28s %11.2fx %11.2fx %13.2fx%n", "vpngw / strongSwan", ours.oneStream() / swan.oneStream(),
                ours.fourStreams() / swan.fourStreams(), ours.setupMillis() / swan.setupMillis());
        assertThat(ours.oneStream()).isPositive();
    }

    private Figures measure(boolean vpngwOnB) throws Exception {
        try (InteropLab lab = InteropLab.open()) {
            NetworkNamespace a = lab.newNamespace("siteA");
            NetworkNamespace b = lab.newNamespace(vpngwOnB ? "gateway" : "siteB");
            a.connect("wan", "192.0.2.1/24", b, "wan", "192.0.2.2/24");
            a.addLanAddress("10.1.0.1");
            b.addLanAddress("10.2.0.1");
            StrongSwanSite siteA = lab.strongSwanSite("siteA", a, List.of(
                    StrongSwanConnection.psk("s2s", "192.0.2.1", "192.0.2.2", "192.0.2.1", "192.0.2.2", PSK, "aes256gcm16-prfsha256-x25519")
                            .withChild(StrongSwanChild.tunnel("lan", "10.1.0.0/16", "10.2.0.0/16", "aes256gcm16")))).startAndLoad();
            if (vpngwOnB) {
                startGateway(b);
            } else {
                lab.strongSwanSite("siteB", b, List.of(
                        StrongSwanConnection.psk("s2s", "192.0.2.2", "192.0.2.1", "192.0.2.2", "192.0.2.1", PSK, "aes256gcm16-prfsha256-x25519")
                                .withChild(StrongSwanChild.tunnel("lan", "10.2.0.0/16", "10.1.0.0/16", "aes256gcm16")))).startAndLoad();
            }
            List<Double> setups = new ArrayList<>();
            for (int i = 0; i < SETUPS; i++) {
                long t0 = System.nanoTime();
                siteA.initiate("s2s", "lan");
                siteA.awaitIkeSa("s2s", sa -> sa.established() && sa.child("lan").map(ChildSaStatus::installed).orElse(false), Duration.ofSeconds(10));
                setups.add((System.nanoTime() - t0) / 1e6);
                if (i < SETUPS - 1) {
                    siteA.terminate("s2s");
                    siteA.awaitNoIkeSa("s2s", Duration.ofSeconds(10));
                }
            }
            setups.sort(Double::compare);
            // first echo proves the path before iperf3 measures it
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (Traffic.ping(a, "10.1.0.1", "10.2.0.1", 1).lossPercent() > 0 && System.nanoTime() < deadline) {
                // retry until the path answers
            }
            IperfResult one = Traffic.iperf3(a, "10.1.0.1", b, "10.2.0.1", 5201, RUN, 1, false);
            IperfResult four = Traffic.iperf3(a, "10.1.0.1", b, "10.2.0.1", 5202, RUN, 4, false);
            return new Figures(one.receivedBitsPerSecond(), four.receivedBitsPerSecond(), setups.get(setups.size() / 2));
        }
    }

    private static void startGateway(NetworkNamespace ns) throws Exception {
        ConnectionConfig connection = new ConnectionConfig("bench/to-site", "IPsec", "IKEv2", "ResponderOnly",
                new ConnectionConfig.Peer(List.of("192.0.2.1"), null, List.of("10.1.0.0/16")), "psk.to-site", 45, 0, false, List.of(), null);
        GatewayConfig config = new GatewayConfig(GatewayConfig.API_VERSION, "bench/gw", 1, "VpnGw5",
                new GatewayConfig.Limits(100, 128, 10000, 10000, true), "RouteBased", false, List.of("10.2.0.0/16"), null, null, List.of(connection));
        Path dir = ns.logDirectory().resolve("gateway");
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("gateway.json"), config.toJson());
        Files.writeString(dir.resolve("secrets").resolve("psk.to-site"), PSK);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ns.start("gateway", List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "io.vpngw.gateway.runtime.GatewayMain", "--config", dir.resolve("gateway.json").toString(),
                "--secrets", dir.resolve("secrets").toString(), "--bind", "192.0.2.2", "--tun", "vpngw0"), Map.of())
                .awaitOutput("gateway ready", Duration.ofSeconds(30));
    }
}
