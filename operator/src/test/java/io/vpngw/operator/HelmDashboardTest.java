package io.vpngw.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import io.vpngw.gateway.config.GatewayConfig;
import io.vpngw.gateway.metrics.GatewayMetrics;
import io.vpngw.gateway.status.DataPlaneSnapshot;
import io.vpngw.gateway.status.TunnelState;
import io.vpngw.gateway.status.TunnelStatus;
import io.vpngw.operator.status.Conditions;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard (helm/vpngw/dashboards/vpngw.json) queries only series that exist: every
 * metric name in its PromQL is one a gateway pod (GatewayMetrics) or the operator (JOSDK's
 * Micrometer meters) actually exposes, collected from their /metrics text here.
 */
class HelmDashboardTest {
    /** A metric selector: a name followed by label matchers or a range. */
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*[{\\[]");
    private static final Pattern PREFIXED = Pattern.compile("\\b((?:vpngw|jvm|operator_sdk|process)_[a-zA-Z0-9_:]*)");

    private static Set<String> exported;
    private static List<String> expressions;

    @BeforeAll
    static void collect() throws Exception {
        exported = new TreeSet<>();
        // a gateway with a tunnel, drops, IKE results and its SKU: every meter it registers
        GatewayConfig config = new GatewayConfig(GatewayConfig.API_VERSION, "ns/gw", 1, "VpnGw1",
                new GatewayConfig.Limits(30, 128, 250, 650, true), "RouteBased", false, List.of("10.1.0.0/16"), null, null, List.of());
        DataPlaneSnapshot snapshot = new DataPlaneSnapshot(true,
                List.of(new TunnelStatus("ns/to-site", TunnelState.Connected, 10, 20, 1, 2, null, null)),
                Map.of("replay", 1L), Map.of("success", 1L));
        exported.addAll(names(new GatewayMetrics(() -> snapshot, () -> true, () -> Optional.of(config), System::nanoTime).scrape()));
        // the operator, after reconciling a gateway
        try (TestCluster cluster = new TestCluster().startKubelet().startLoadBalancer();
             VpngwOperator operator = cluster.start(OperatorSettings.defaults().withResync(Duration.ofSeconds(30)))) {
            cluster.applyExample("site-to-site");
            TestCluster.eventually(() -> cluster.client.resources(VirtualNetworkGateway.class).inNamespace("default").withName("gw-hub").get(),
                    g -> g.getStatus() != null && Conditions.isTrue(g.getStatus().getConditions(), Conditions.READY));
            exported.addAll(names(cluster.registry.scrape()));
        }
        Map<String, Object> dashboard = Serialization.unmarshal(Files.readString(HelmChart.DIR.resolve("dashboards/vpngw.json")), Map.class);
        expressions = new ArrayList<>();
        collectExpressions(dashboard, expressions);
    }

    private static Set<String> names(String exposition) {
        Set<String> out = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.split("[{ ]", 2)[0]);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void collectExpressions(Object node, List<String> out) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (("expr".equals(k) || "query".equals(k) && v instanceof String) && v instanceof String s) {
                    out.add(s);
                } else {
                    collectExpressions(v, out);
                }
            });
        } else if (node instanceof List<?> l) {
            l.forEach(x -> collectExpressions(x, out));
        }
    }

    @Test
    void everyQueryNamesOnlyExportedMetrics() {
        assertThat(expressions).hasSizeGreaterThan(10);
        Set<String> used = new TreeSet<>();
        for (String expr : expressions) {
            for (Pattern p : List.of(SELECTOR, PREFIXED)) {
                Matcher m = p.matcher(expr);
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        used.removeIf(n -> Set.of("label_values", "rate", "increase", "sum", "max", "by", "on", "histogram_quantile").contains(n));
        assertThat(used).as("metric names in the dashboard").isNotEmpty();
        assertThat(exported).as("exported metric names").containsAll(used);
    }

    @Test
    void theDashboardShowsWhatAnOperatorOfGatewaysNeeds() {
        String all = String.join("\n", expressions);
        assertThat(all).contains("vpngw_tunnel_bytes_total", "vpngw_tunnel_packets_total", "vpngw_tunnel_state",
                "vpngw_packet_drops_total", "vpngw_ike_negotiations_total", "vpngw_gateway_throughput_bits_per_second",
                "vpngw_gateway_throughput_limit_bits_per_second", "vpngw_gateway_throughput_utilisation_ratio",
                "vpngw_instance_active", "jvm_memory_used_bytes");
        assertThat(all).contains("by (namespace, gateway, connection, direction)", "by (namespace, gateway, reason)", "by (namespace, gateway, result)");
    }
}
