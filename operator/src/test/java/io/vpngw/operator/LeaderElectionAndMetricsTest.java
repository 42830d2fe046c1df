package io.vpngw.operator;

import static io.vpngw.operator.Fixtures.site;
import static io.vpngw.operator.TestCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.vpngw.api.v1alpha1.LocalNetworkGateway;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import io.vpngw.operator.status.Conditions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two replicas elect one leader on a Lease; the other takes over when it goes. Metrics are served in Prometheus format. */
class LeaderElectionAndMetricsTest {
    private TestCluster cluster;

    @BeforeEach
    void start() {
        cluster = new TestCluster().startKubelet();
        cluster.client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata().withName("vpngw-system").endMetadata().build()).create();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static OperatorSettings replica(String identity) {
        return OperatorSettings.defaults().withResync(Duration.ofSeconds(30)).withLeaderElection(new OperatorSettings.LeaderElection(
                "vpngw-system", identity, Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(250), false));
    }

    private String holder() {
        Lease lease = cluster.client.leases().inNamespace("vpngw-system").withName(VpngwOperator.LEASE_NAME).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    @Test
    void oneReplicaLeadsAndTheOtherTakesOver() throws Exception {
        VpngwOperator a = cluster.start(replica("replica-a"));
        VpngwOperator b = cluster.start(replica("replica-b"));
        try {
            String leader = eventually(this::holder, h -> h != null && List.of("replica-a", "replica-b").contains(h));
            cluster.applyExample("site-to-site");
            eventually(() -> cluster.client.resources(VirtualNetworkGateway.class).inNamespace("default").withName("gw-hub").get(),
                    g -> g.getStatus() != null && Conditions.isTrue(g.getStatus().getConditions(), Conditions.READY));

            (leader.equals("replica-a") ? a : b).close();
            String next = leader.equals("replica-a") ? "replica-b" : "replica-a";
            eventually(this::holder, next::equals);
            cluster.apply(site("after-failover", "203.0.113.99", "10.99.0.0/16"), "default");
            LocalNetworkGateway l = eventually(() -> cluster.client.resources(LocalNetworkGateway.class).inNamespace("default")
                    .withName("after-failover").get(), x -> x.getStatus() != null && x.getStatus().getResolvedAddresses() != null);
            assertThat(l.getStatus().getResolvedAddresses()).containsExactly("203.0.113.99");
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void metricsHealthAndReadinessAreServed() throws Exception {
        cluster.startOperator();
        cluster.applyExample("site-to-site");
        eventually(() -> cluster.client.resources(VirtualNetworkGateway.class).inNamespace("default").withName("gw-hub").get(),
                g -> g.getStatus() != null && Conditions.isTrue(g.getStatus().getConditions(), Conditions.READY));
        try (MetricsEndpoint endpoint = new MetricsEndpoint(0, cluster.registry, () -> true);
             HttpClient http = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + endpoint.port();
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("operator_sdk_reconciliations_success").contains("virtualnetworkgateway");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aSiteByNameIsResolvedAndAFailedLookupKeepsTheLastAddresses() {
        cluster.startOperator();
        cluster.dns.put("vpn.branch.example", List.of("203.0.113.50", "203.0.113.51"));
        cluster.apply("""
                {"apiVersion":"vpngw.io/v1alpha1","kind":"LocalNetworkGateway","metadata":{"name":"by-name"},
                 "spec":{"fqdn":"vpn.branch.example","localNetworkAddressSpace":{"addressPrefixes":["10.5.0.0/16"]}}}""", "default");
        LocalNetworkGateway l = eventually(() -> cluster.client.resources(LocalNetworkGateway.class).inNamespace("default").withName("by-name").get(),
                x -> x.getStatus() != null && x.getStatus().getResolvedAddresses() != null);
        assertThat(l.getStatus().getResolvedAddresses()).containsExactly("203.0.113.50", "203.0.113.51");
        cluster.apply("""
                {"apiVersion":"vpngw.io/v1alpha1","kind":"LocalNetworkGateway","metadata":{"name":"unknown"},
                 "spec":{"fqdn":"nowhere.example","localNetworkAddressSpace":{"addressPrefixes":["10.6.0.0/16"]}}}""", "default");
        LocalNetworkGateway u = eventually(() -> cluster.client.resources(LocalNetworkGateway.class).inNamespace("default").withName("unknown").get(),
                x -> x.getStatus() != null && Conditions.isTrue(x.getStatus().getConditions(), Conditions.RECONCILING));
        assertThat(u.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getMessage()).contains("cannot resolve nowhere.example"));
    }
}
