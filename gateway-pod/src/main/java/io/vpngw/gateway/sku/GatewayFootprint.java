package io.vpngw.gateway.sku;

import io.vpngw.api.v1alpha1.GatewaySku;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one gateway instance (one pod) is given, per SKU, derived from its measured footprint
 * ({@code GatewayFootprintBenchmark}, {@code bench/footprint.sh}; method and figures in
 * bench/README.md, "Gateway footprint"). The operator sizes the pod from it and ships
 * {@link #jvmOptions()}; the benchmark runs the gateway with the same options, so a rerun checks
 * the figures the sizing rests on.
 *
 * <p>The rules, each with its headroom:
 * <ul>
 *   <li>heap ({@code -Xms} = {@code -Xmx}) = 2 × the largest heap in use after a full GC under
 *       load of any row, measured with a 64 MiB heap, rounded up to 16 MiB: the serial
 *       collector's young generation takes a third of the heap, so the live set fits the old
 *       generation with room to spare. Measured with a small heap because with a larger one the
 *       figure grows with it (softly reachable caches of the libraries survive a full GC while
 *       there is room), which would make the rule chase its own tail. One heap for all SKUs: the
 *       rows differ by less than one run differs from the next; the JVM, the Kubernetes client
 *       and the metrics are most of it, tunnels and throughput add little;</li>
 *   <li>memory (request = limit) = 1.5 × the peak resident memory (VmHWM) under load, rounded up
 *       to 32 MiB;</li>
 *   <li>CPU request = {@link #IDLE_CORES} + {@link #CORES_PER_GBPS} × the SKU's throughput,
 *       rounded up to 250 millicores, and at most {@link #MAX_USABLE_MILLICORES}: the data plane
 *       has one packet thread per direction, so more would never be used. No CPU limit: CFS
 *       throttling stalls the packet threads mid-burst and turns pacing into loss.</li>
 * </ul>
 * P2S sessions are not counted: the gateway does not serve point-to-site yet, so there is nothing
 * to measure; rerun the benchmark with sessions when it does.
 *
 * @param heapMi     {@code -Xms}/{@code -Xmx} in MiB
 * @param memoryMi   the container's memory request and limit in MiB
 * @param cpuMillis  the container's CPU request in millicores
 */
public record GatewayFootprint(int heapMi, int memoryMi, int cpuMillis) {

    /**
     * Measured per row of the SKU table (the AZ SKUs share their row), in Kubernetes mode as the
     * pod runs, the largest of the runs in bench/README.md.
     *
     * @param liveHeapUnderLoadMi heap in use after a full GC, under load, with a 64 MiB heap, in MiB
     * @param peakRssUnderLoadMi  VmHWM after the load, with the heap shipped ({@link #heapMi}), in MiB
     */
    record Measured(int liveHeapUnderLoadMi, int peakRssUnderLoadMi) {}

    private static final Map<GatewaySku, Measured> MEASURED = new EnumMap<>(GatewaySku.class);

    static {
        measured(new Measured(39, 184), GatewaySku.Basic);
        measured(new Measured(39, 189), GatewaySku.VpnGw1, GatewaySku.VpnGw1AZ);
        measured(new Measured(40, 188), GatewaySku.VpnGw2, GatewaySku.VpnGw2AZ);
        measured(new Measured(40, 191), GatewaySku.VpnGw3, GatewaySku.VpnGw3AZ);
        measured(new Measured(34, 190), GatewaySku.VpnGw4, GatewaySku.VpnGw4AZ);
        measured(new Measured(39, 191), GatewaySku.VpnGw5, GatewaySku.VpnGw5AZ);
    }

    /** CPU of one gateway process per Gbit/s of tunnel traffic: measured 0.40–0.56 (bench/README.md). */
    static final double CORES_PER_GBPS = 0.5;
    /** CPU besides the packets (IKE, DPD, the Kubernetes client, metrics, the JIT): measured ~0.15, given 0.25. */
    static final double IDLE_CORES = 0.25;
    /** Two packet threads (TUN → ESP, ESP → TUN) and a quarter core for IKE, GC and the JIT. */
    static final int MAX_USABLE_MILLICORES = 2250;

    private static void measured(Measured m, GatewaySku... skus) {
        for (GatewaySku sku : skus) {
            MEASURED.put(sku, m);
        }
    }

    /** The sizing of an instance of a VPN SKU; throughput from {@code limits} (it depends on the generation). */
    public static GatewayFootprint forSku(GatewaySku sku, SkuLimits limits) {
        Measured m = MEASURED.get(sku);
        if (m == null) {
            throw new IllegalArgumentException(sku + " is not a VPN gateway SKU");
        }
        int largestLive = MEASURED.values().stream().mapToInt(Measured::liveHeapUnderLoadMi).max().orElseThrow();
        int heap = roundUp(2 * largestLive, 16);
        int memory = roundUp((int) Math.ceil(1.5 * m.peakRssUnderLoadMi()), 32);
        int cpu = roundUp((int) Math.ceil((IDLE_CORES + CORES_PER_GBPS * limits.throughputMbps() / 1000.0) * 1000), 250);
        return new GatewayFootprint(heap, memory, Math.min(cpu, MAX_USABLE_MILLICORES));
    }

    /**
     * The JVM options of the gateway process: the serial collector (a single-threaded, small heap
     * allocating little per packet: no concurrent GC threads or remembered sets to pay for), a
     * fixed heap, the processor count of the CPU request (without a CPU limit the JVM would size
     * its compiler and pools by the node's CPUs), and exit on OutOfMemoryError so that Kubernetes
     * restarts the pod and the standby takes over rather than a crippled process holding the Lease.
     */
    public List<String> jvmOptions() {
        return List.of("-XX:+UseSerialGC", "-Xms" + heapMi + "m", "-Xmx" + heapMi + "m",
                "-XX:ActiveProcessorCount=" + Math.max(2, (cpuMillis + 999) / 1000), "-XX:+ExitOnOutOfMemoryError");
    }

    private static int roundUp(int value, int step) {
        return (value + step - 1) / step * step;
    }
}
