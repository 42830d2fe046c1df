package io.vpngw.operator;

import static io.vpngw.operator.Fixtures.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.vpngw.api.v1alpha1.Connection;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import io.vpngw.operator.status.Conditions;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How long the operator takes to bring many gateways and connections to Ready against the mock
 * API server, the heap it needs for them, and its reconcile rate under a wave of spec changes.
 * A benchmark, not a test: run it with bench/operator-scale.sh; it prints its figures.
 */
@Tag("benchmark")
class OperatorScaleBenchmark {
    private static final int GATEWAYS = Integer.getInteger("vpngw.bench.gateways", 200);
    private static final int CONNECTIONS_PER_GATEWAY = Integer.getInteger("vpngw.bench.connectionsPerGateway", 10);

    @Test
    void manyGatewaysToReady() throws Exception {
        try (TestCluster cluster = new TestCluster().startKubelet().startLoadBalancer()) {
            var client = cluster.client;
            cluster.apply(secret("psk", "sharedKey", "a-pre-shared-key-long-enough-to-be-sensible"), "default");
            for (int s = 0; s < CONNECTIONS_PER_GATEWAY; s++) {
                cluster.apply(Fixtures.site("site-" + s, "203.0.113." + (s + 1), "172.16." + s + ".0/24"), "default");
            }
            // everything exists before the operator starts: the operator's own work is what is timed
            long a0 = System.nanoTime();
            for (int g = 0; g < GATEWAYS; g++) {
                cluster.apply(Fixtures.gateway("gw-" + g, "VpnGw3", "10." + (g / 256) + "." + (g % 256) + ".0/24"), "default");
                for (int c = 0; c < CONNECTIONS_PER_GATEWAY; c++) {
                    cluster.apply(Fixtures.connection("gw-" + g + "-c" + c, "gw-" + g, "site-" + c, "psk"), "default");
                }
            }
            long applied = System.nanoTime();
            long heapBefore = usedHeapAfterGc();
            long t0 = System.nanoTime();
            cluster.startOperator();
            await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    client.resources(VirtualNetworkGateway.class).inNamespace("default").list().getItems().stream()
                            .filter(x -> x.getStatus() != null && Conditions.isTrue(x.getStatus().getConditions(), Conditions.READY)).count() == GATEWAYS
                    && client.resources(Connection.class).inNamespace("default").list().getItems().stream()
                            .filter(x -> x.getStatus() != null && Conditions.isTrue(x.getStatus().getConditions(), Conditions.READY)).count()
                            == (long) GATEWAYS * CONNECTIONS_PER_GATEWAY);
            long ready = System.nanoTime();
            long heapAfter = usedHeapAfterGc();

            // a wave: every site moves to new prefixes, so every gateway re-renders and every Connection is re-judged
            double before = reconciles(cluster);
            long w0 = System.nanoTime();
            for (int site = 0; site < CONNECTIONS_PER_GATEWAY; site++) {
                cluster.apply(Fixtures.site("site-" + site, "203.0.113." + (site + 1), "172.17." + site + ".0/24"), "default");
            }
            await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    client.configMaps().inNamespace("default").withLabel(Names.LABEL_MANAGED_BY, Names.MANAGED_BY).list().getItems().stream()
                            .filter(cm -> cm.getData() != null && cm.getData().containsKey("gateway.json"))
                            .filter(cm -> !cm.getData().get("gateway.json").contains("172.16.")).count() == GATEWAYS);
            double waveSeconds = (System.nanoTime() - w0) / 1e9;
            double waveReconciles = reconciles(cluster) - before;

            System.out.printf("%n== operator scale: %d gateways, %d connections (mock API server, same JVM, %d cores)%n",
                    GATEWAYS, GATEWAYS * CONNECTIONS_PER_GATEWAY, Runtime.getRuntime().availableProcessors());
            System.out.printf("create all objects         %.1f s (client, mock API server; no operator running)%n", (applied - a0) / 1e9);
            System.out.printf("operator start -> Ready    %.1f s (%d gateways, %d connections, %d pods)%n",
                    (ready - t0) / 1e9, GATEWAYS, GATEWAYS * CONNECTIONS_PER_GATEWAY, 2 * GATEWAYS);
            System.out.printf("heap added by the operator %.0f MiB (after GC: %.0f -> %.0f MiB)%n",
                    (heapAfter - heapBefore) / 1048576.0, heapBefore / 1048576.0, heapAfter / 1048576.0);
            System.out.printf("site change wave           %.0f reconciles in %.1f s = %.0f reconciles/s (every gateway re-rendered)%n",
                    waveReconciles, waveSeconds, waveReconciles / waveSeconds);
            assertThat(waveReconciles).isPositive();
        }
    }

    private static double reconciles(TestCluster cluster) {
        return cluster.registry.getMeters().stream()
                .filter(m -> m instanceof Counter && m.getId().getName().contains("reconciliations.success"))
                .mapToDouble(m -> ((Counter) m).count()).sum();
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
