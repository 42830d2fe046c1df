package io.vpngw.operator;

import static io.vpngw.operator.TestCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.vpngw.api.v1alpha1.Connection;
import io.vpngw.api.v1alpha1.LocalNetworkGateway;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import io.vpngw.api.validation.Manifests;
import io.vpngw.operator.gateway.GatewayChildren;
import io.vpngw.operator.status.Conditions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The install manifests of deploy/ (what {@code kubectl apply -f deploy/} installs on a plain
 * cluster): the operator's ClusterRole grants every request the operator makes and nothing it
 * does not need, holds everything it grants to gateway pods (the API server refuses to let
 * anyone grant what they lack), uses no wildcard, and the Deployment runs restricted with probes.
 */
class InstallManifestsTest {
    private static final String OPERATOR_AGENT = "vpngw-operator-under-audit";

    private static List<HasMetadata> objects;
    private static ClusterRole role;
    private static Deployment deployment;

    @BeforeAll
    static void load() throws IOException {
        Path dir = Path.of(System.getProperty("vpngw.deploy.dir"));
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).as("manifests in %s", dir).isNotEmpty();
        objects = new ArrayList<>();
        try (KubernetesClient offline = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build()).build()) {
            for (Path f : files) {
                try (InputStream in = Files.newInputStream(f)) {
                    objects.addAll(offline.load(in).items());
                }
            }
        }
        role = only(ClusterRole.class);
        deployment = only(Deployment.class);
    }

    private static <T extends HasMetadata> T only(Class<T> kind) {
        List<T> found = objects.stream().filter(kind::isInstance).map(kind::cast).toList();
        assertThat(found).as("exactly one %s in deploy/", kind.getSimpleName()).hasSize(1);
        return found.getFirst();
    }

    @Test
    void clusterRoleNamesEveryGroupResourceAndVerb() {
        for (PolicyRule r : role.getRules()) {
            assertThat(r.getApiGroups()).as("apiGroups of %s", r).isNotEmpty().doesNotContain("*");
            assertThat(r.getResources()).as("resources of %s", r).isNotEmpty().doesNotContain("*").noneMatch(x -> x.contains("*"));
            assertThat(r.getVerbs()).as("verbs of %s", r).isNotEmpty().doesNotContain("*", "escalate", "bind", "impersonate");
            assertThat(r.getNonResourceURLs()).as("non-resource URLs of %s", r).isNullOrEmpty();
        }
    }

    @Test
    void clusterRoleIsBoundToTheOperatorsServiceAccount() {
        ClusterRoleBinding binding = only(ClusterRoleBinding.class);
        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(deployment.getSpec().getTemplate().getSpec().getServiceAccountName());
            assertThat(s.getNamespace()).isEqualTo(deployment.getMetadata().getNamespace());
        });
        assertThat(objects).filteredOn(o -> o.getKind().equals("ServiceAccount"))
                .anySatisfy(sa -> {
                    assertThat(sa.getMetadata().getName()).isEqualTo(binding.getSubjects().getFirst().getName());
                    assertThat(sa.getMetadata().getNamespace()).isEqualTo(binding.getSubjects().getFirst().getNamespace());
                });
        assertThat(objects).filteredOn(o -> o.getKind().equals("Namespace"))
                .extracting(o -> o.getMetadata().getName()).contains(deployment.getMetadata().getNamespace());
    }

    /** Creating a gateway's Role is refused unless the operator holds every permission in it. */
    @Test
    void clusterRoleHoldsEverythingTheGatewayRoleGrants() {
        VirtualNetworkGateway gw = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                Fixtures.gateway("gw-audit", "VpnGw1", "10.1.0.0/16"), VirtualNetworkGateway.class);
        gw.getMetadata().setNamespace("tenant");
        gw.getMetadata().setUid("00000000-0000-0000-0000-000000000001");
        List<Access> granted = expand(new GatewayChildren(OperatorSettings.defaults()).role(gw).getRules());
        assertThat(granted).isNotEmpty();
        assertThat(granted).allSatisfy(a -> assertThat(grants(role.getRules(), a))
                .as("the operator must hold %s to grant it to gateway pods", a).isTrue());
    }

    @Test
    void operatorRunsRestrictedWithProbesAndLeaderElectionInItsNamespace() {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isNotNull().isNotZero();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getVolumes()).noneMatch(v -> v.getHostPath() != null);

        Container c = pod.getContainers().stream().collect(java.util.stream.Collectors.collectingAndThen(
                java.util.stream.Collectors.toList(), l -> { assertThat(l).hasSize(1); return l.getFirst(); }));
        assertThat(c.getImage()).isEqualTo("vpngw/operator:" + Version.current());
        assertThat(c.getArgs()).containsExactly("operator");
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).containsKey("memory");

        assertProbe(c, c.getLivenessProbe(), "/healthz");
        assertProbe(c, c.getReadinessProbe(), "/readyz");

        assertThat(c.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("POD_NAMESPACE");
            assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
        });
        assertThat(c.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("POD_NAME");
            assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        });
    }

    /** A probe on the operator's metrics port (8080, the {@code --metrics-port} default), by number or by the port's name. */
    private static void assertProbe(Container c, Probe probe, String path) {
        assertThat(probe).as("probe %s", path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        IntOrString port = probe.getHttpGet().getPort();
        int number = port.getIntVal() != null ? port.getIntVal() : c.getPorts().stream()
                .filter(p -> port.getStrVal().equals(p.getName())).findFirst().orElseThrow().getContainerPort();
        assertThat(number).as("port of %s", path).isEqualTo(8080);
    }

    /**
     * Runs the operator through the examples' whole lives (leader election, Ready gateways, a
     * refused one, VNet-to-VNet, deletion and cleanup) with a client of its own, then checks each
     * request it made against the ClusterRole, and each grant of the ClusterRole against what was
     * used or what the gateway Role needs.
     */
    @Test
    void clusterRoleGrantsWhatTheOperatorUsesAndNoMore() throws Exception {
        List<Access> used = new ArrayList<>();
        try (TestCluster cluster = new TestCluster().startKubelet().startLoadBalancer()) {
            cluster.client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                    .withNewMetadata().withName("vpngw-system").endMetadata().build()).create();
            var config = new ConfigBuilder(cluster.client.getConfiguration()).withUserAgent(OPERATOR_AGENT).build();
            try (KubernetesClient operatorClient = new KubernetesClientBuilder().withConfig(config).build();
                 VpngwOperator operator = cluster.start(OperatorSettings.defaults().withResync(Duration.ofSeconds(30))
                         .withLeaderElection(new OperatorSettings.LeaderElection("vpngw-system", "audit",
                                 Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2), false)), operatorClient)) {
                List<String> examples = List.of("site-to-site", "vnet-to-vnet", "point-to-site", "policy-based");
                for (String example : examples) {
                    cluster.applyExample(example);
                }
                for (VirtualNetworkGateway gw : cluster.client.resources(VirtualNetworkGateway.class).inAnyNamespace().list().getItems()) {
                    eventually(() -> cluster.client.resources(VirtualNetworkGateway.class).inNamespace(gw.getMetadata().getNamespace())
                                    .withName(gw.getMetadata().getName()).get(),
                            g -> g.getStatus() != null && (Conditions.isTrue(g.getStatus().getConditions(), Conditions.READY)
                                    || Conditions.isTrue(g.getStatus().getConditions(), Conditions.STALLED)));
                }
                for (Connection c : cluster.client.resources(Connection.class).inAnyNamespace().list().getItems()) {
                    eventually(() -> cluster.client.resources(Connection.class).inNamespace(c.getMetadata().getNamespace())
                                    .withName(c.getMetadata().getName()).get(),
                            x -> x.getStatus() != null && x.getStatus().getConditions() != null && !x.getStatus().getConditions().isEmpty());
                }
                for (String example : examples.reversed()) {
                    for (Manifests.Manifest m : Manifests.read(List.of(Path.of(System.getProperty("vpngw.examples.dir"), example))).reversed()) {
                        HasMetadata r = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(m.object().toString());
                        if (!r.getKind().equals("Namespace")) {
                            cluster.client.resource(r).inNamespace(m.namespace()).delete();
                        }
                    }
                }
                eventually(() -> cluster.client.resources(VirtualNetworkGateway.class).inAnyNamespace().list().getItems().size()
                        + cluster.client.resources(LocalNetworkGateway.class).inAnyNamespace().list().getItems().size()
                        + cluster.client.resources(Connection.class).inAnyNamespace().list().getItems().size()
                        + cluster.client.pods().inAnyNamespace().withLabels(Map.of(Names.LABEL_MANAGED_BY, Names.MANAGED_BY)).list().getItems().size(),
                        n -> n == 0);
            }
            for (RecordedRequest r; (r = cluster.server.takeRequest(1, TimeUnit.MILLISECONDS)) != null; ) {
                if (OPERATOR_AGENT.equals(r.getHeader("User-Agent"))) {
                    Access.of(r.method().name(), r.getPath()).ifPresent(used::add);
                }
            }
        }
        assertThat(used).as("requests the operator made").hasSizeGreaterThan(50);

        Set<String> refused = new TreeSet<>();
        for (Access a : used) {
            if (!grants(role.getRules(), a)) {
                refused.add(a.toString());
            }
        }
        assertThat(refused).as("requests of the operator that deploy/10-rbac.yaml does not allow").isEmpty();

        VirtualNetworkGateway gw = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                Fixtures.gateway("gw-audit", "VpnGw1", "10.1.0.0/16"), VirtualNetworkGateway.class);
        gw.getMetadata().setNamespace("tenant");
        List<Access> delegated = expand(new GatewayChildren(OperatorSettings.defaults()).role(gw).getRules());
        Set<String> unused = new TreeSet<>();
        for (Access g : expand(role.getRules())) {
            boolean needed = used.stream().anyMatch(u -> u.coveredBy(g)) || delegated.stream().anyMatch(d -> d.coveredBy(g))
                    || JUSTIFIED.containsKey(g.group() + ":" + g.resource() + ":" + g.verb());
            if (!needed) {
                unused.add(g.group() + ":" + g.resource() + ":" + g.verb());
            }
        }
        assertThat(unused).as("grants of deploy/10-rbac.yaml that the operator never uses (least privilege: remove them)").isEmpty();
    }

    /**
     * Grants the operator needs on paths the audited run does not reach, each with its reason.
     * A grant that is neither used, nor delegated to gateway pods, nor listed here fails the test.
     */
    private static final Map<String, String> JUSTIFIED = Map.ofEntries(
            Map.entry("vpngw.io:virtualnetworkgateways/finalizers:update",
                    "children set blockOwnerDeletion: OwnerReferencesPermissionEnforcement checks it; the mock does not"),
            Map.entry("vpngw.io:virtualnetworkgateways:get", "StatusWriter re-reads a gateway after a conflicting status update"),
            Map.entry("vpngw.io:connections:get", "StatusWriter re-reads a Connection after a conflicting status update"),
            Map.entry("vpngw.io:localnetworkgateways:get", "StatusWriter re-reads a site after a conflicting status update"),
            Map.entry(":pods:delete", "InstanceRoller deletes one instance at a time when the pod spec changes"),
            Map.entry(":services:get", "ChildApplier re-reads a child after a conflict"),
            Map.entry(":serviceaccounts:get", "ChildApplier re-reads a child after a conflict"),
            Map.entry("policy:poddisruptionbudgets:get", "ChildApplier re-reads a child after a conflict"),
            Map.entry("rbac.authorization.k8s.io:roles:get", "ChildApplier re-reads a child after a conflict"),
            Map.entry("rbac.authorization.k8s.io:rolebindings:get", "ChildApplier re-reads a child after a conflict"),
            Map.entry(":services:update", "ChildApplier restores a child that drifted from what it should be"),
            Map.entry(":serviceaccounts:update", "ChildApplier restores a child that drifted from what it should be"),
            Map.entry("policy:poddisruptionbudgets:update", "ChildApplier restores a child that drifted from what it should be"),
            Map.entry("rbac.authorization.k8s.io:roles:update", "ChildApplier restores a child that drifted from what it should be"),
            Map.entry("rbac.authorization.k8s.io:rolebindings:update", "ChildApplier restores a child that drifted from what it should be"));

    /** One permission: a verb on a resource (with its subresource) of a group, optionally of one named object. */
    record Access(String group, String resource, String name, String verb) {
        /** The access an API request needs, as the API server's RBAC authorizer derives it; empty for non-resource paths. */
        static java.util.Optional<Access> of(String method, String pathAndQuery) {
            int q = pathAndQuery.indexOf('?');
            String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
            String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
            List<String> s = new ArrayList<>(List.of(path.replaceFirst("^/", "").split("/")));
            String group;
            if (s.size() >= 2 && s.getFirst().equals("api")) {
                group = "";
                s = s.subList(2, s.size());
            } else if (s.size() >= 3 && s.getFirst().equals("apis")) {
                group = s.get(1);
                s = s.subList(3, s.size());
            } else {
                return java.util.Optional.empty(); // discovery, /version, /openapi: non-resource URLs
            }
            if (s.isEmpty()) {
                return java.util.Optional.empty();
            }
            if (s.getFirst().equals("namespaces") && s.size() >= 3) {
                s = s.subList(2, s.size()); // namespaced: the namespace does not matter to a ClusterRole
            }
            String resource = s.get(0);
            String name = s.size() > 1 ? s.get(1) : null;
            if (s.size() > 2) {
                resource = resource + "/" + s.get(2);
            }
            boolean watch = Stream.of(query.split("&")).anyMatch(p -> p.equals("watch=true") || p.equals("watch=1"));
            String verb = switch (method) {
                case "GET" -> watch ? "watch" : name == null ? "list" : "get";
                case "POST" -> "create";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "DELETE" -> name == null ? "deletecollection" : "delete";
                default -> throw new IllegalArgumentException("unexpected method " + method + " " + pathAndQuery);
            };
            if (group.equals("authorization.k8s.io") && resource.startsWith("selfsubject")) {
                return java.util.Optional.empty(); // granted to every authenticated user (system:basic-user)
            }
            return java.util.Optional.of(new Access(group, resource, watch || verb.equals("create") ? null : name, verb));
        }

        boolean coveredBy(Access grant) {
            return group.equals(grant.group) && resource.equals(grant.resource) && verb.equals(grant.verb)
                    && (grant.name == null || grant.name.equals(name));
        }

        @Override
        public String toString() {
            return verb + " " + (group.isEmpty() ? "" : group + "/") + resource + (name == null ? "" : " " + name);
        }
    }

    static List<Access> expand(List<PolicyRule> rules) {
        List<Access> out = new ArrayList<>();
        for (PolicyRule r : rules) {
            List<String> names = r.getResourceNames() == null || r.getResourceNames().isEmpty()
                    ? java.util.Collections.singletonList(null) : r.getResourceNames();
            for (String g : r.getApiGroups()) {
                for (String res : r.getResources()) {
                    for (String v : r.getVerbs()) {
                        for (String n : names) {
                            out.add(new Access(g, res, n, v));
                        }
                    }
                }
            }
        }
        return out;
    }

    static boolean grants(List<PolicyRule> rules, Access a) {
        return expand(rules).stream().anyMatch(a::coveredBy);
    }
}
