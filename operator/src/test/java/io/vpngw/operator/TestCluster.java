package io.vpngw.operator;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vpngw.api.validation.CrdCatalog;
import io.vpngw.api.validation.Manifests;
import io.vpngw.operator.gateway.GatewayIdentityIssuer;
import io.vpngw.operator.gateway.PkiGatewayIdentityIssuer;
import io.vpngw.operator.pki.CertificateIssuer;
import io.vpngw.operator.site.AddressResolver;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A Kubernetes API for operator tests: Fabric8's mock server in CRUD mode (mixed with one stub,
 * SelfSubjectRulesReview) with the vpngw CRDs,
 * and the real operator started in-process against it. The mock has no kubelet and no
 * controllers, so {@link #startKubelet()} plays the kubelet's part for pods (it marks them
 * running and ready with an address), and nothing garbage-collects by owner reference.
 */
final class TestCluster implements AutoCloseable {
    final KubernetesMockServer server;
    final KubernetesClient client;
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final Map<String, List<String>> dns = new ConcurrentHashMap<>();
    private VpngwOperator operator;
    private Watch kubelet;
    private Watch loadBalancer;
    private final AtomicInteger lbIps = new AtomicInteger(0);
    private final AtomicInteger podIps = new AtomicInteger(10);

    TestCluster() {
        var responses = new HashMap<io.fabric8.mockwebserver.ServerRequest, java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher(responses), false);
        server.init();
        // Stub: the mock cannot answer SelfSubjectRulesReview (JOSDK checks its Lease permissions
        // with it before leader election); a real API server answers from RBAC.
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, new io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder()
                        .withNewStatus().addNewResourceRule().withApiGroups("coordination.k8s.io").withResources("leases")
                        .withVerbs("get", "create", "update").endResourceRule().withIncomplete(false).endStatus().build())
                .always();
        client = server.createClient();
        for (var crd : CrdCatalog.load()) {
            client.apiextensions().v1().customResourceDefinitions()
                    .resource(Serialization.unmarshal(crd.toString(), CustomResourceDefinition.class)).create();
        }
    }

    /** Resolves DNS names from {@link #dns}; an unknown name fails as the system resolver would. */
    AddressResolver resolver() {
        return fqdn -> {
            List<String> a = dns.get(fqdn);
            if (a == null) {
                throw new UnknownHostException(fqdn);
            }
            return a;
        };
    }

    TestCluster startOperator() {
        return startOperator(OperatorSettings.defaults().withResync(Duration.ofSeconds(30)));
    }

    /** The operator as production runs it, with the real PKI. */
    TestCluster startOperator(OperatorSettings settings) {
        operator = start(settings);
        return this;
    }

    VpngwOperator start(OperatorSettings settings) {
        return start(settings, client);
    }

    /** The operator with a client of its own (e.g. one whose requests can be told apart from the test's). */
    VpngwOperator start(OperatorSettings settings, KubernetesClient operatorClient) {
        GatewayIdentityIssuer issuer = new PkiGatewayIdentityIssuer(CertificateIssuer.withSystemClock());
        return new VpngwOperator(operatorClient, settings, issuer, resolver(), registry).start();
    }

    void stopOperator() {
        if (operator != null) {
            operator.close();
            operator = null;
        }
    }

    /** Marks every gateway pod running and ready with an address, as a kubelet would. */
    TestCluster startKubelet() {
        kubelet = client.pods().inAnyNamespace().withLabel(Names.LABEL_MANAGED_BY, Names.MANAGED_BY).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if ((action == Action.ADDED || action == Action.MODIFIED) && !InstanceReady.isReady(pod)) {
                    markReady(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        return this;
    }

    /** Gives every LoadBalancer Service an external address, as a cloud's load balancer controller would. */
    TestCluster startLoadBalancer() {
        loadBalancer = client.services().inAnyNamespace().withLabel(Names.LABEL_MANAGED_BY, Names.MANAGED_BY).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Service svc) {
                boolean hasIngress = svc.getStatus() != null && svc.getStatus().getLoadBalancer() != null
                        && svc.getStatus().getLoadBalancer().getIngress() != null && !svc.getStatus().getLoadBalancer().getIngress().isEmpty();
                if (action != Action.DELETED && "LoadBalancer".equals(svc.getSpec().getType()) && !hasIngress) {
                    String ip = "198.51.100." + lbIps.incrementAndGet();
                    client.services().inNamespace(svc.getMetadata().getNamespace()).withName(svc.getMetadata().getName())
                            .editStatus(x -> new ServiceBuilder(x).withNewStatus().withNewLoadBalancer()
                                    .addNewIngress().withIp(ip).endIngress().endLoadBalancer().endStatus().build());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        return this;
    }

    void markReady(String ns, String name) {
        client.pods().inNamespace(ns).withName(name).editStatus(p -> new PodBuilder(p).editOrNewStatus()
                .withPhase("Running").withPodIP("10.244.0." + podIps.incrementAndGet())
                .withConditions(new PodConditionBuilder().withType("Ready").withStatus("True").build())
                .endStatus().build());
    }

    /** Applies every manifest of an example folder, as kubectl apply -f would. */
    void applyExample(String folder) throws Exception {
        for (Manifests.Manifest m : Manifests.read(List.of(Path.of(System.getProperty("vpngw.examples.dir"), folder)))) {
            apply(m.object().toString(), m.namespace());
        }
    }

    HasMetadata apply(String json, String namespace) {
        HasMetadata r = Serialization.unmarshal(json);
        if (r instanceof io.fabric8.kubernetes.api.model.Namespace) {
            return client.resource(r).createOr(existing -> existing.update());
        }
        if (r.getMetadata().getNamespace() == null) {
            r.getMetadata().setNamespace(namespace);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return client.resource(r).inNamespace(r.getMetadata().getNamespace()).createOr(existing -> existing.update());
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                // someone (the operator adding its finalizer, say) wrote in between: apply again, as kubectl would
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    static <T> T eventually(Supplier<T> probe, java.util.function.Predicate<T> until) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(probe::get, until::test);
    }

    @Override
    public void close() {
        stopOperator();
        if (kubelet != null) {
            kubelet.close();
        }
        if (loadBalancer != null) {
            loadBalancer.close();
        }
        client.close();
        server.destroy();
    }

    /** Pod readiness as the operator reads it. */
    static final class InstanceReady {
        static boolean isReady(Pod p) {
            return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        }
    }
}
