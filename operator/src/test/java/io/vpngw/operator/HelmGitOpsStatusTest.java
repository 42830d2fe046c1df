package io.vpngw.operator;

import static io.vpngw.operator.TestCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vpngw.api.v1alpha1.Connection;
import io.vpngw.api.v1alpha1.LocalNetworkGateway;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What GitOps tools read from the statuses the real operator writes (TestCluster: the mock API
 * server with the operator in-process), every version of every object as a watch saw it: kstatus
 * (Flux, kpt) and the Argo CD health checks of gitops/argocd agree with the operator's own view,
 * and no status the operator writes reads Current/Healthy before it has reconciled that
 * generation and found it Ready. (An object without any status is Current to kstatus's generic
 * rule; the CRDs therefore default the status to an unobserved generation, checked below against
 * an API server that applies the CRDs' defaults.)
 */
class HelmGitOpsStatusTest {

    @Test
    void nothingIsCurrentBeforeItIsReconciledAndReadyAndRefusalsAreFailed() throws Exception {
        List<Map<String, Object>> seen = new CopyOnWriteArrayList<>();
        try (TestCluster cluster = new TestCluster().startKubelet().startLoadBalancer()) {
            List<Watch> watches = new ArrayList<>();
            for (Class<? extends CustomResource<?, ?>> kind : List.of(VirtualNetworkGateway.class, LocalNetworkGateway.class, Connection.class)) {
                watches.add(watch(cluster, kind, seen));
            }
            cluster.applyExample("site-to-site");
            // before any reconcile: the stored objects have no status
            for (String[] o : List.of(new String[] {"VirtualNetworkGateway", "gw-hub"}, new String[] {"LocalNetworkGateway", "branch-office"},
                    new String[] {"Connection", "hub-to-branch-office"})) {
                Map<String, Object> fresh = get(cluster, o[0], o[1]);
                assertThat(fresh.get("status")).as("%s before the operator ran", o[1]).isNull();
                assertThat(ArgoHealth.of(o[0], fresh)).isEqualTo(new ArgoHealth("Progressing", "Waiting for the vpngw operator to reconcile"));
            }
            try (VpngwOperator operator = cluster.start(OperatorSettings.defaults().withResync(Duration.ofSeconds(30)))) {
                for (String[] o : List.of(new String[] {"VirtualNetworkGateway", "gw-hub"}, new String[] {"LocalNetworkGateway", "branch-office"},
                        new String[] {"Connection", "hub-to-branch-office"})) {
                    eventually(() -> get(cluster, o[0], o[1]), x -> Kstatus.of(x) == Kstatus.Current && x.get("status") != null);
                    assertThat(ArgoHealth.of(o[0], get(cluster, o[0], o[1])).status()).isEqualTo("Healthy");
                }

                // a spec change: the stored object is InProgress until the operator has observed it
                VirtualNetworkGateway changed = cluster.client.resources(VirtualNetworkGateway.class).inNamespace("default").withName("gw-hub")
                        .edit(g -> {
                            g.getSpec().getVirtualNetwork().setAddressSpace(List.of("10.1.0.0/16", "10.3.0.0/16"));
                            return g;
                        });
                long generation = changed.getMetadata().getGeneration();
                eventually(() -> get(cluster, "VirtualNetworkGateway", "gw-hub"), x -> Kstatus.of(x) == Kstatus.Current
                        && ((Number) ((Map<?, ?>) x.get("status")).get("observedGeneration")).longValue() == generation);

                // a refusal needs the user: Failed for kstatus, Degraded for Argo CD
                cluster.apply("""
                        {"apiVersion":"vpngw.io/v1alpha1","kind":"Connection","metadata":{"name":"to-nowhere"},
                         "spec":{"connectionType":"IPsec","virtualNetworkGateway1":{"name":"gw-absent"},
                                 "localNetworkGateway2":{"name":"branch-office"},
                                 "sharedKeySecretRef":{"name":"branch-office-psk","key":"sharedKey"}}}""", "default");
                Map<String, Object> refused = eventually(() -> get(cluster, "Connection", "to-nowhere"), x -> Kstatus.of(x) == Kstatus.Failed);
                assertThat(ArgoHealth.of("Connection", refused).status()).isEqualTo("Degraded");
                assertThat(ArgoHealth.of("Connection", refused).message()).startsWith("GatewayNotFound: ").contains("gw-absent");
            } finally {
                watches.forEach(Watch::close);
            }
        }

        assertThat(seen).as("versions watched").hasSizeGreaterThan(6);
        List<String> gatewayHistory = new ArrayList<>();
        for (Map<String, Object> o : seen) {
            String kind = (String) o.get("kind");
            Map<?, ?> meta = (Map<?, ?>) o.get("metadata");
            Map<?, ?> status = (Map<?, ?>) o.get("status");
            Kstatus k = Kstatus.of(o);
            ArgoHealth argo = ArgoHealth.of(kind, o);
            if (kind.equals("VirtualNetworkGateway")) {
                gatewayHistory.add(k.name());
            }
            if (status == null) {
                // the test's mock API server applies no CRD defaults, so a new object has no status
                // here; a real API server (and local mode's) defaults it to observedGeneration -1,
                // which reads InProgress (the test below). The Argo CD checks wait for the operator.
                assertThat(k).isEqualTo(Kstatus.Current);
                assertThat(argo.status()).isEqualTo("Progressing");
                continue;
            }
            if (k == Kstatus.Current) {
                // Current only for a status the operator wrote for this very generation, with Ready True
                assertThat(status).as("%s %s reported Current without a status", kind, meta.get("name")).isNotNull();
                assertThat(((Number) status.get("observedGeneration")).longValue()).isEqualTo(((Number) meta.get("generation")).longValue());
                List<?> conditions = (List<?>) status.get("conditions");
                assertThat(conditions).anySatisfy(c -> assertThat(List.of(((Map<?, ?>) c).get("type"), ((Map<?, ?>) c).get("status")))
                        .containsExactly("Ready", "True"));
                assertThat(conditions).allSatisfy(c -> assertThat(((Number) ((Map<?, ?>) c).get("observedGeneration")).longValue())
                        .isEqualTo(((Number) meta.get("generation")).longValue()));
            }
            // Argo CD's health and kstatus say the same of every version the operator wrote
            String expected = switch (k) {
                case Current -> "Healthy";
                case InProgress, Terminating -> "Progressing";
                case Failed -> "Degraded";
            };
            assertThat(argo.status()).as("Argo CD health of %s %s (kstatus %s): %s", kind, meta.get("name"), k, argo.message()).isEqualTo(expected);
        }
        // the gateway went through InProgress (instances starting, then the spec change) before each Current
        assertThat(String.join(",", gatewayHistory)).contains("InProgress").endsWith("Current");
    }

    private static Map<String, Object> get(TestCluster cluster, String kind, String name) {
        Class<? extends CustomResource<?, ?>> type = switch (kind) {
            case "VirtualNetworkGateway" -> VirtualNetworkGateway.class;
            case "LocalNetworkGateway" -> LocalNetworkGateway.class;
            default -> Connection.class;
        };
        return asMap(cluster.client.resources(type).inNamespace("default").withName(name).get());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object resource) {
        return resource == null ? null : Serialization.jsonMapper().convertValue(resource, Map.class);
    }

    private static <T extends CustomResource<?, ?>> Watch watch(TestCluster cluster, Class<T> kind, List<Map<String, Object>> seen) {
        return cluster.client.resources(kind).inAnyNamespace().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, T resource) {
                if (action != Action.DELETED) {
                    seen.add(asMap(resource));
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    /**
     * Created through an API server that applies the CRDs' defaults (local mode's, as a real one
     * does), a resource the operator has not reconciled reads InProgress to kstatus, not Current.
     */
    @Test
    void aNewResourceIsInProgressUntilTheOperatorReconcilesIt() throws Exception {
        try (io.vpngw.operator.local.LocalApiServer api = io.vpngw.operator.local.LocalApiServer.start(
                java.net.InetAddress.getLoopbackAddress(), 0)) {
            api.client().resources(VirtualNetworkGateway.class).inNamespace("default").resource(
                    io.fabric8.kubernetes.client.utils.Serialization.unmarshal("""
                            {"apiVersion":"vpngw.io/v1alpha1","kind":"VirtualNetworkGateway","metadata":{"name":"gw"},
                             "spec":{"sku":"VpnGw1","virtualNetwork":{"addressSpace":["10.1.0.0/16"]}}}""",
                            VirtualNetworkGateway.class)).create();
            Map<String, Object> stored = api.client().genericKubernetesResources("vpngw.io/v1alpha1", "VirtualNetworkGateway")
                    .inNamespace("default").withName("gw").get().getAdditionalProperties();
            Map<String, Object> object = new java.util.HashMap<>(stored);
            object.put("kind", "VirtualNetworkGateway");
            object.put("metadata", io.fabric8.kubernetes.client.utils.Serialization.jsonMapper().convertValue(
                    api.client().resources(VirtualNetworkGateway.class).inNamespace("default").withName("gw").get().getMetadata(), Map.class));
            assertThat(((Map<?, ?>) object.get("status")).get("observedGeneration")).isEqualTo(-1);
            assertThat(Kstatus.of(object)).isEqualTo(Kstatus.InProgress);
        }
    }
}
