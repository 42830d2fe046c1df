package io.vpngw.gateway.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vpngw.gateway.status.DataPlaneSnapshot;
import io.vpngw.gateway.status.TunnelState;
import io.vpngw.gateway.status.TunnelStatus;
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
 * {@code vpngw_ike_negotiations_total{result}}, {@code vpngw_instance_active}.
 */
public final class GatewayMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Supplier<DataPlaneSnapshot> dataPlane;
    private volatile DataPlaneSnapshot latest = DataPlaneSnapshot.STOPPED;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    public GatewayMetrics(Supplier<DataPlaneSnapshot> dataPlane, BooleanSupplier active) {
        this.dataPlane = dataPlane;
        Gauge.builder("vpngw.instance.active", () -> active.getAsBoolean() ? 1 : 0)
                .description("1 while this instance serves").register(registry);
    }

    /** The exposition text; registers meters for connections and reasons seen for the first time. */
    public String scrape() {
        DataPlaneSnapshot snapshot = dataPlane.get();
        latest = snapshot;
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
        for (String result : snapshot.ikeNegotiations().keySet()) {
            if (registered.add("ike/" + result)) {
                counter("vpngw.ike.negotiations", Tags.of("result", result), s -> s.ikeNegotiations().getOrDefault(result, 0L));
            }
        }
        return registry.scrape();
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
