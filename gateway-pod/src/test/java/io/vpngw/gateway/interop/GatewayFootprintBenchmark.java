package io.vpngw.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.api.v1alpha1.GatewaySku;
import io.vpngw.api.v1alpha1.VpnGatewayGeneration;
import io.vpngw.gateway.config.ConnectionConfig;
import io.vpngw.gateway.config.GatewayConfig;
import io.vpngw.gateway.sku.GatewayFootprint;
import io.vpngw.gateway.sku.SkuLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What one gateway process needs, per SKU: heap (in use after a full GC, and committed), resident
 * memory (VmRSS, and the peak VmHWM) and CPU, idle with the SKU's maximum of site-to-site tunnels
 * up, and under an iperf3 load at the SKU's throughput (as much as these 2 cores carry). The JVM
 * runs with the options the operator ships in the pod ({@link GatewayFootprint#jvmOptions}).
 *
 * <p>The gateway under test has its SKU's tunnel count: all but one to a single strongSwan charon
 * (one local address per connection, prefixes 172.16.i.0/24), the last to a second gateway of
 * ours (VNet-to-VNet, unshaped) that carries the load: strongSwan's userspace ESP tops out near
 * 600 Mbit/s here, our pair near 1–1.4 Gbit/s. The gateway under test shapes to its SKU.
 * Run with bench/footprint.sh.
 */
@Tag("benchmark")
class GatewayFootprintBenchmark {
    private static final String PSK = "footprint-bench-psk-not-secret-0123456";
    private static final String GATEWAY_ADDRESS = "198.18.0.1";
    private static final Duration LOAD = Duration.ofSeconds(Long.getLong("vpngw.bench.seconds", 10));
    private static final int STREAMS = 4;
    /** As the pod runs it (default), or from files as {@code vpngw gateway --config} does. */
    private static final boolean KUBERNETES_MODE = !"files".equals(System.getProperty("vpngw.bench.mode", "kubernetes"));

    /** One representative of each row of Azure's SKU table (the AZ SKUs share their row). */
    private static final List<GatewaySku> SKUS = List.of(GatewaySku.Basic, GatewaySku.VpnGw1, GatewaySku.VpnGw2,
            GatewaySku.VpnGw3, GatewaySku.VpnGw4, GatewaySku.VpnGw5);

    @BeforeAll
    static void machineCanRunStrongSwanLabs() {
        InteropPreconditions.requireStrongSwanLab();
    }

    record Sample(long heapUsedAfterGcKib, long heapCommittedKib, long rssKib, int threads) {}

    record Figures(String sku, int tunnelsConfigured, int tunnelsUp, int limitMbps, List<String> jvmOptions, Sample idle,
                   Sample load, long peakRssKib, double inMbps, double outMbps, double cpuCores) {}

    @Test
    void footprintPerSku() throws Exception {
        List<String> only = Arrays.stream(System.getProperty("vpngw.bench.skus", "").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        List<Figures> all = new ArrayList<>();
        for (GatewaySku sku : SKUS) {
            if (only.isEmpty() || only.contains(sku.name())) {
                all.add(measure(sku));
            }
        }
        System.out.printf("%n== footprint: %s mode, %d cores, iperf3 TCP %d streams %d s each way, %s%n",
                KUBERNETES_MODE ? "kubernetes" : "files", Runtime.getRuntime().availableProcessors(), STREAMS, LOAD.toSeconds(),
                Runtime.version());
        System.out.printf("%-8s %-9s %6s | %-28s | %-28s | %8s %7s %9s | %s%n", "SKU", "tunnels", "Mbit/s",
                "idle: heap live/committed RSS", "load: heap live/committed RSS", "peak RSS", "threads", "CPU cores",
                "in/out Mbit/s, JVM options");
        for (Figures f : all) {
            System.out.printf(Locale.ROOT, "%-8s %3d of %-3d %6d | %7s / %7s  %8s | %7s / %7s  %8s | %8s %7d %9.2f | %.0f/%.0f, %s%n",
                    f.sku(), f.tunnelsUp(), f.tunnelsConfigured(), f.limitMbps(),
                    mib(f.idle().heapUsedAfterGcKib()), mib(f.idle().heapCommittedKib()), mib(f.idle().rssKib()),
                    mib(f.load().heapUsedAfterGcKib()), mib(f.load().heapCommittedKib()), mib(f.load().rssKib()),
                    mib(f.peakRssKib()), f.load().threads(), f.cpuCores(), f.inMbps(), f.outMbps(), String.join(" ", f.jvmOptions()));
        }
        for (Figures f : all) {
            assertThat(f.tunnelsUp()).as("%s: tunnels up", f.sku()).isEqualTo(f.tunnelsConfigured());
            assertThat(f.inMbps()).as("%s: load into the gateway", f.sku()).isPositive();
        }
    }

    private Figures measure(GatewaySku sku) throws Exception {
        VpnGatewayGeneration generation = sku == GatewaySku.Basic || sku == GatewaySku.VpnGw1
                ? VpnGatewayGeneration.Generation1 : VpnGatewayGeneration.Generation2;
        SkuLimits limits = SkuLimits.of(sku, generation).orElseThrow();
        List<String> jvmOptions = jvmOptions(sku, limits);
        int tunnels = limits.siteToSiteTunnels();
        int strongSwanTunnels = tunnels - 1;
        try (InteropLab lab = InteropLab.open()) {
            NetworkNamespace gw = lab.newNamespace("gateway");
            NetworkNamespace sites = lab.newNamespace("sites");
            NetworkNamespace peer = lab.newNamespace("peer");
            sites.connect("wan", "192.0.2.1/24", gw, "wanS", "192.0.2.2/24");
            peer.connect("wan", "198.51.100.2/24", gw, "wanP", "198.51.100.1/24");
            gw.addLanAddress(GATEWAY_ADDRESS);
            sites.addRoute(GATEWAY_ADDRESS + "/32", "192.0.2.2");
            peer.addRoute(GATEWAY_ADDRESS + "/32", "198.51.100.1");
            gw.addLanAddress("10.2.0.1");
            peer.addLanAddress("10.3.0.1");

            List<StrongSwanConnection> siteConnections = new ArrayList<>();
            List<ConnectionConfig> ours = new ArrayList<>();
            for (int i = 0; i < strongSwanTunnels; i++) {
                String siteAddress = "192.0.2." + (10 + i);
                sites.addAddress("wan", siteAddress + "/24");
                // libipsec installs a CHILD_SA only with a local address inside its local selector
                sites.addLanAddress("172.16." + i + ".1");
                siteConnections.add(StrongSwanConnection.psk("site" + i, siteAddress, GATEWAY_ADDRESS, siteAddress, GATEWAY_ADDRESS,
                                PSK, "aes256gcm16-prfsha256-x25519")
                        .withChild(StrongSwanChild.tunnel("lan", "172.16." + i + ".0/24", "10.2.0.0/16", "aes256gcm16")));
                ours.add(OurGateway.connection("footprint/site" + i, "Default", siteAddress, List.of("172.16." + i + ".0/24"), 45, null));
            }
            ours.add(OurGateway.connection("footprint/peer", "Default", "198.51.100.2", List.of("10.3.0.0/16"), 45, null));
            StrongSwanSite strongSwan = lab.strongSwanSite("sites", sites, siteConnections).startAndLoad();
            SkuLimits unshaped = SkuLimits.of(GatewaySku.VpnGw5, VpnGatewayGeneration.Generation2).orElseThrow();
            OurGateway peerGateway = OurGateway.start(peer, gatewayConfig("peer/gw", unshaped, "10.3.0.0/16",
                    List.of(OurGateway.connection("peer/to-gw", "ResponderOnly", GATEWAY_ADDRESS, List.of("10.2.0.0/16"), 45, null))),
                    PSK, "198.51.100.2");
            GatewayConfig config = gatewayConfig("footprint/gw", limits, "10.2.0.0/16", ours);
            long pid = KUBERNETES_MODE
                    ? KubernetesModeGateway.start(lab, gw, config, PSK, GATEWAY_ADDRESS, jvmOptions).process().pid()
                    : OurGateway.start(gw, config, PSK, GATEWAY_ADDRESS, jvmOptions).process().pid();
            ProcessFootprint process = new ProcessFootprint(pid);

            BoundedWait.until(Duration.ofSeconds(30 + tunnels), () -> tunnelsUp(strongSwan, peerGateway) >= tunnels);
            int up = tunnelsUp(strongSwan, peerGateway);
            OurGateway.awaitPath(gw, "10.2.0.1", "10.3.0.1");

            Sample idle = sample(process, process.heapAfterFullGc());

            // load: the gateway under test shapes to its SKU; a full GC halfway through each run
            // shows what is live while packets are in flight
            List<Sample> loaded = new ArrayList<>();
            LoadedRun in = loadedRun(gw, peer, false, process, loaded);
            LoadedRun out = loadedRun(gw, peer, true, process, loaded);
            double cpuCores = (in.cpuSeconds() + out.cpuSeconds()) / (in.wallSeconds() + out.wallSeconds());
            Sample load = new Sample(loaded.stream().mapToLong(Sample::heapUsedAfterGcKib).max().orElseThrow(),
                    loaded.stream().mapToLong(Sample::heapCommittedKib).max().orElseThrow(),
                    loaded.stream().mapToLong(Sample::rssKib).max().orElseThrow(),
                    loaded.stream().mapToInt(Sample::threads).max().orElseThrow());
            long peakRss = process.resident().peakRssKib();
            System.out.printf(Locale.ROOT, "%s: %d of %d tunnels up; idle %s; load %s, peak RSS %s, %.0f in / %.0f out Mbit/s, %.2f cores%n",
                    sku, up, tunnels, idle, load, mib(peakRss), in.mbps(), out.mbps(), cpuCores);
            return new Figures(sku.name(), tunnels, up, limits.throughputMbps(), jvmOptions, idle, load, peakRss,
                    in.mbps(), out.mbps(), cpuCores);
        }
    }

    /** Goodput of one iperf3 run, and the gateway's CPU over the run without the sampling halfway. */
    private record LoadedRun(double mbps, double cpuSeconds, double wallSeconds) {}

    /** iperf3 between a LAN address behind the gateway under test and one behind its peer; samples halfway. */
    private static LoadedRun loadedRun(NetworkNamespace gw, NetworkNamespace peer, boolean reverse, ProcessFootprint process,
                                       List<Sample> samples) throws Exception {
        double cpu0 = process.cpuSeconds();
        long t0 = System.nanoTime();
        CompletableFuture<IperfResult> run = CompletableFuture.supplyAsync(() ->
                Traffic.iperf3(peer, "10.3.0.1", gw, "10.2.0.1", reverse ? 5302 : 5301, LOAD, STREAMS, reverse));
        // halfway through the run (sooner only if iperf3 ends early)
        BoundedWait.until(LOAD.dividedBy(2), run::isDone);
        double cpu1 = process.cpuSeconds();
        long t1 = System.nanoTime();
        ProcessFootprint.Resident beforeGc = process.resident();
        ProcessFootprint.Heap committed = process.heap();
        Sample sample = sample(process, process.heapAfterFullGc());
        samples.add(new Sample(sample.heapUsedAfterGcKib(), Math.max(committed.committedKib(), sample.heapCommittedKib()),
                Math.max(beforeGc.rssKib(), sample.rssKib()), sample.threads()));
        double cpu2 = process.cpuSeconds();
        long t2 = System.nanoTime();
        IperfResult result = run.get();
        double cpu3 = process.cpuSeconds();
        long t3 = System.nanoTime();
        samples.add(sample(process, process.heap()));
        return new LoadedRun(result.receivedMegabitsPerSecond(), (cpu1 - cpu0) + (cpu3 - cpu2), ((t1 - t0) + (t3 - t2)) / 1e9);
    }

    private static Sample sample(ProcessFootprint process, ProcessFootprint.Heap heap) {
        ProcessFootprint.Resident resident = process.resident();
        return new Sample(heap.usedKib(), heap.committedKib(), resident.rssKib(), resident.threads());
    }

    /** Tunnels as the peers see them: strongSwan's CHILD_SAs installed, and the peer gateway's IKE SA. */
    private static int tunnelsUp(StrongSwanSite strongSwan, OurGateway peerGateway) {
        long sites = strongSwan.listSas().stream()
                .filter(sa -> sa.established() && sa.child("lan").map(ChildSaStatus::installed).orElse(false)).count();
        return (int) sites + (peerGateway.output().contains("event Established[connection=peer/to-gw") ? 1 : 0);
    }

    private static List<String> jvmOptions(GatewaySku sku, SkuLimits limits) {
        String override = System.getProperty("vpngw.bench.jvm");
        if (override != null) {
            return Arrays.stream(override.split(" ")).filter(s -> !s.isBlank()).toList();
        }
        return GatewayFootprint.forSku(sku, limits).jvmOptions();
    }

    private static GatewayConfig gatewayConfig(String name, SkuLimits limits, String addressSpace, List<ConnectionConfig> connections) {
        return new GatewayConfig(GatewayConfig.API_VERSION, name, 1, "VpnGw1",
                new GatewayConfig.Limits(limits.siteToSiteTunnels(), limits.sstpSessions(), limits.ikev2Sessions(),
                        limits.throughputMbps(), limits.bgp()), "RouteBased", false, List.of(addressSpace), null, null, connections);
    }

    private static String mib(long kib) {
        return String.format(Locale.ROOT, "%.0fM", kib / 1024.0);
    }
}
