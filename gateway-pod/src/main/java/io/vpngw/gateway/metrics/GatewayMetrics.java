package io.vpngw.gateway.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vpngw.gateway.status.DataPlaneSnapshot;
import io.vpngw.gateway.status.TunnelState;
import io.vpngw.gateway.status.TunnelStatus;
import io.vpngw.gateway.config.GatewayConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The gateway's meters, read from the data plane's snapshot at each scrape (the packet path never
 * touches a meter). Prometheus names: {@code vpngw_tunnel_bytes_total{connection,direction}},
 * {@code vpngw_tunnel_packets_total{connection,direction}}, {@code vpngw_tunnel_state{connection}}
 * (0 not connected, 1 connecting, 2 connected), {@code vpngw_packet_drops_total{reason}},
 * {@code vpngw_ike_negotiations_total{result}}, {@code vpngw_instance_active}; the SKU's side, each
 * labelled with {@code sku}: {@code vpngw_gateway_throughput_bits_per_second} (inner bytes of all
 * tunnels, both directions, over the interval since the previous scrape, at least one second),
 * {@code vpngw_gateway_throughput_limit_bits_per_second}, {@code vpngw_gateway_throughput_utilisation_ratio}
 * (throughput over limit, as the SKU's token bucket counts it), {@code vpngw_gateway_tunnel_limit},
 * {@code vpngw_p2s_session_limit{protocol}}; {@code vpngw_gateway_tunnels_connected};
 * {@code vpngw_p2s_sessions{protocol}}, {@code vpngw_p2s_bytes_total{protocol,direction}},
 * {@code vpngw_p2s_refusals_total{reason}}; plus the JVM's
 * and the process's own meters.
 */
public final class GatewayMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Supplier<DataPlaneSnapshot> dataPlane;
    private volatile DataPlaneSnapshot latest = DataPlaneSnapshot.STOPPED;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final Supplier<Optional<GatewayConfig>> configuration;
    private final ThroughputWindow throughput;
    /** The SKU the SKU meters carry as a label, and those meters (re-registered when it changes). */
    private String meteredSku;
    private final List<Meter> skuMeters = new ArrayList<>();
    private volatile GatewayConfig.Limits limits;

    public GatewayMetrics(Supplier<DataPlaneSnapshot> dataPlane, BooleanSupplier active) {
        this(dataPlane, active, Optional::empty, System::nanoTime);
    }

    /**
     * @param configuration the configuration in force, for the SKU meters (empty before the first)
     * @param nanoTime      a monotonic clock in nanoseconds, for the throughput gauge
     */
    public GatewayMetrics(Supplier<DataPlaneSnapshot> dataPlane, BooleanSupplier active,
                          Supplier<Optional<GatewayConfig>> configuration, java.util.function.LongSupplier nanoTime) {
        this.dataPlane = dataPlane;
        this.configuration = configuration;
        this.throughput = new ThroughputWindow(nanoTime);
        Gauge.builder("vpngw.instance.active", () -> active.getAsBoolean() ? 1 : 0)
                .description("1 while this instance serves").register(registry);
        Gauge.builder("vpngw.gateway.tunnels.connected", this,
                        m -> m.latest.tunnels().stream().filter(t -> t.state() == TunnelState.Connected).count())
                .description("tunnels with an established IKE SA on this instance").register(registry);
        Gauge.builder("vpngw.p2s.sessions", this, m -> m.latest.p2sSessions().getOrDefault("SSTP", 0))
                .tag("protocol", "SSTP").description("connected point-to-site sessions (p2sSessions)").register(registry);
        Gauge.builder("vpngw.p2s.sessions", this, m -> m.latest.p2sSessions().getOrDefault("IKEv2", 0))
                .tag("protocol", "IKEv2").description("connected point-to-site sessions (p2sSessions)").register(registry);
        for (String protocol : java.util.List.of("SSTP", "IKEv2")) {
            for (String direction : java.util.List.of("in", "out")) {
                FunctionCounter.builder("vpngw.p2s.bytes", this, m -> m.latest.p2sBytes().getOrDefault(protocol + "/" + direction, 0L))
                        .tags(Tags.of("protocol", protocol, "direction", direction)).baseUnit("bytes")
                        .description("point-to-site IPv4 bytes: in from clients, out to them").register(registry);
            }
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The exposition text; registers meters for connections and reasons seen for the first time. */
    public synchronized String scrape() {
        DataPlaneSnapshot snapshot = dataPlane.get();
        latest = snapshot;
        long total = 0;
        for (TunnelStatus t : snapshot.tunnels()) {
            total += t.bytesIn() + t.bytesOut();
        }
        throughput.sample(total);
        configuration.get().ifPresent(this::meterSku);
        for (TunnelStatus tunnel : snapshot.tunnels()) {
            String c = tunnel.connection();
            if (registered.add("tunnel/" + c)) {
                counter("vpngw.tunnel.bytes", Tags.of("connection", c, "direction", "in"), s -> tunnel(s, c).bytesIn());
                counter("vpngw.tunnel.bytes", Tags.of("connection", c, "direction", "out"), s -> tunnel(s, c).bytesOut());
                counter("vpngw.tunnel.packets", Tags.of("connection", c, "direction", "in"), s -> tunnel(s, c).packetsIn());
                counter("vpngw.tunnel.packets", Tags.of("connection", c, "direction", "out"), s -> tunnel(s, c).packetsOut());
                Gauge.builder("vpngw.tunnel.state", this, m -> stateValue(tunnel(m.latest, c).state()))
                        .tag("connection", c).description("0 not connected, 1 connecting, 2 connected").register(registry);
            }
        }
        for (String reason : snapshot.packetDrops().keySet()) {
            if (registered.add("drop/" + reason)) {
                counter("vpngw.packet.drops", Tags.of("reason", reason), s -> s.packetDrops().getOrDefault(reason, 0L));
            }
        }
        for (String reason : snapshot.p2sRefusals().keySet()) {
            if (registered.add("p2s-refusal/" + reason)) {
                counter("vpngw.p2s.refusals", Tags.of("reason", reason), s -> s.p2sRefusals().getOrDefault(reason, 0L));
            }
        }
        for (String result : snapshot.ikeNegotiations().keySet()) {
            if (registered.add("ike/" + result)) {
                counter("vpngw.ike.negotiations", Tags.of("result", result), s -> s.ikeNegotiations().getOrDefault(result, 0L));
            }
        }
        return registry.scrape();
    }

    /** (Re-)registers the SKU meters under the configuration's SKU label. */
    private void meterSku(GatewayConfig config) {
        limits = config.limits();
        if (config.sku().equals(meteredSku)) {
            return;
        }
        skuMeters.forEach(registry::remove);
        skuMeters.clear();
        meteredSku = config.sku();
        Tags sku = Tags.of("sku", config.sku());
        skuMeters.add(Gauge.builder("vpngw.gateway.throughput", throughput, ThroughputWindow::bitsPerSecond)
                .tags(sku).baseUnit("bits_per_second")
                .description("inner bytes of all tunnels, both directions, as the SKU's limit counts them").register(registry));
        skuMeters.add(Gauge.builder("vpngw.gateway.throughput.limit", this, m -> m.limits.throughputMbps() * 1_000_000.0)
                .tags(sku).baseUnit("bits_per_second").description("the SKU's aggregate throughput").register(registry));
        skuMeters.add(Gauge.builder("vpngw.gateway.throughput.utilisation", this,
                        m -> m.throughput.bitsPerSecond() / (m.limits.throughputMbps() * 1_000_000.0))
                .tags(sku).baseUnit("ratio").description("throughput over the SKU's limit").register(registry));
        skuMeters.add(Gauge.builder("vpngw.gateway.tunnel.limit", this, m -> m.limits.siteToSiteTunnels())
                .tags(sku).description("site-to-site and VNet-to-VNet tunnels the SKU allows").register(registry));
        skuMeters.add(Gauge.builder("vpngw.p2s.session.limit", this, m -> m.limits.sstpSessions())
                .tags(sku.and("protocol", "SSTP")).description("concurrent point-to-site sessions the SKU allows").register(registry));
        skuMeters.add(Gauge.builder("vpngw.p2s.session.limit", this, m -> m.limits.ikev2Sessions())
                .tags(sku.and("protocol", "IKEv2")).description("concurrent point-to-site sessions the SKU allows").register(registry));
    }

    private void counter(String name, Tags tags, ToDoubleFunction<DataPlaneSnapshot> value) {
        FunctionCounter.builder(name, this, m -> value.applyAsDouble(m.latest)).tags(tags).register(registry);
    }

    /** A connection gone from the configuration reads as zero and not connected. */
    private static TunnelStatus tunnel(DataPlaneSnapshot snapshot, String connection) {
        for (TunnelStatus t : snapshot.tunnels()) {
            if (t.connection().equals(connection)) {
                return t;
            }
        }
        return new TunnelStatus(connection, TunnelState.NotConnected, 0, 0, 0, 0, null, null);
    }

    private static int stateValue(TunnelState state) {
        return switch (state) {
            case NotConnected -> 0;
            case Connecting -> 1;
            case Connected -> 2;
        };
    }

    /** For tests and for adding process meters. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

}
