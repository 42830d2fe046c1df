package io.vpngw.operator;

import static io.vpngw.operator.HelmChart.only;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart helm/vpngw, rendered by Helm itself (helm-java): lint is clean; with default and
 * with non-default values it renders objects that parse and keep the chart's promises (the
 * ClusterRole of deploy/, which InstallManifestsTest checks against every request the operator
 * makes; no wildcards; restricted pods with probes; two leader-electing replicas; a NetworkPolicy
 * that lets out only DNS and the API server); its CRDs are the repository's.
 */
class HelmChartTest {
    private static final String NAMESPACE = "vpngw-system";

    private static List<HasMetadata> defaults;
    private static List<HasMetadata> custom;

    @BeforeAll
    static void render() {
        defaults = HelmChart.parse(HelmChart.template("vpngw", NAMESPACE, t -> t));
        custom = HelmChart.parse(HelmChart.template("edge", "vpn-ops", t -> t.withValuesFile(HelmChart.TEST_VALUES.resolve("values-custom.yaml"))));
    }

    @Test
    void lintIsCleanEvenStrict() {
        LintResult lint = new Helm(HelmChart.DIR).lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).as("no warning or error").noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    /** Helm installs crds/ as it is (no templating): the files must be the generated ones. */
    @Test
    void crdsAreTheRepositorysCrdsByteForByte() throws IOException {
        Path repo = Path.of(System.getProperty("vpngw.crds.dir"));
        Map<String, byte[]> expected = ymls(repo);
        Map<String, byte[]> chart = ymls(HelmChart.DIR.resolve("crds"));
        assertThat(expected).as("CRDs in %s", repo).hasSize(3);
        assertThat(chart.keySet()).as("helm/vpngw/crds (copy them from crds/ after regenerating)").isEqualTo(expected.keySet());
        expected.forEach((name, bytes) -> assertThat(chart.get(name)).as("helm/vpngw/crds/%s equals crds/%s", name, name).isEqualTo(bytes));
    }

    private static Map<String, byte[]> ymls(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".yml")).collect(Collectors.toMap(p -> p.getFileName().toString(), p -> {
                try {
                    return Files.readAllBytes(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
    }

    @Test
    void defaultValuesRenderTheOperatorAndNothingOptional() {
        assertThat(defaults).extracting(HasMetadata::getKind).containsExactlyInAnyOrder(
                "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Service", "Deployment", "PodDisruptionBudget", "NetworkPolicy");
        assertThat(defaults).filteredOn(o -> !o.getKind().startsWith("Cluster"))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as("namespace of %s", o.getKind()).isEqualTo(NAMESPACE));
        assertThat(defaults).allSatisfy(o -> assertThat(o.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/part-of", "vpngw").containsEntry("app.kubernetes.io/managed-by", "Helm"));
    }

    /** The chart grants exactly what deploy/10-rbac.yaml grants (audited by InstallManifestsTest), with no wildcard. */
    @Test
    void clusterRoleIsTheAuditedLeastPrivilegeRole() throws IOException {
        List<PolicyRule> audited;
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("vpngw.deploy.dir"), "10-rbac.yaml"))) {
            audited = HelmChart.only(HelmChart.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)),
                    ClusterRole.class).getRules();
        }
        for (List<HasMetadata> rendered : List.of(defaults, custom)) {
            List<PolicyRule> rules = only(rendered, ClusterRole.class).getRules();
            for (PolicyRule r : rules) {
                assertThat(r.getApiGroups()).as("apiGroups of %s", r).isNotEmpty().doesNotContain("*");
                assertThat(r.getResources()).as("resources of %s", r).isNotEmpty().noneMatch(x -> x.contains("*"));
                assertThat(r.getVerbs()).as("verbs of %s", r).isNotEmpty().doesNotContain("*", "escalate", "bind", "impersonate");
                assertThat(r.getNonResourceURLs()).as("non-resource URLs of %s", r).isNullOrEmpty();
            }
            assertThat(new HashSet<>(InstallManifestsTest.expand(rules))).as("the chart's grants = deploy/10-rbac.yaml's")
                    .isEqualTo(new HashSet<>(InstallManifestsTest.expand(audited)));
        }
    }

    @Test
    void clusterRoleIsBoundToTheServiceAccountTheOperatorRunsAs() {
        for (var c : List.of(new Object[] {defaults, NAMESPACE, "vpngw-operator"}, new Object[] {custom, "vpn-ops", "vpngw-custom"})) {
            @SuppressWarnings("unchecked") List<HasMetadata> rendered = (List<HasMetadata>) c[0];
            ClusterRoleBinding binding = only(rendered, ClusterRoleBinding.class);
            Deployment d = only(rendered, Deployment.class);
            assertThat(binding.getRoleRef().getName()).isEqualTo(only(rendered, ClusterRole.class).getMetadata().getName());
            assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
                assertThat(s.getKind()).isEqualTo("ServiceAccount");
                assertThat(s.getName()).isEqualTo(c[2]).isEqualTo(d.getSpec().getTemplate().getSpec().getServiceAccountName());
                assertThat(s.getNamespace()).isEqualTo(c[1]);
            });
            assertThat(only(rendered, ServiceAccount.class).getMetadata().getName()).isEqualTo(c[2]);
        }
    }

    @Test
    void operatorRunsTwoRestrictedReplicasWithProbesAndLeaderElection() {
        for (List<HasMetadata> rendered : List.of(defaults, custom)) {
            Deployment d = only(rendered, Deployment.class);
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isNotNull().isNotZero();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
            assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
            assertThat(pod.getVolumes()).noneMatch(v -> v.getHostPath() != null);
            assertThat(pod.getContainers()).hasSize(1);
            Container c = pod.getContainers().getFirst();
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(c.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(c.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
            assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(c.getResources().getLimits()).containsKey("memory");
            int metricsPort = c.getPorts().stream().filter(p -> p.getName().equals("metrics")).findFirst().orElseThrow().getContainerPort();
            assertThat(c.getArgs()).contains("--metrics-port=" + metricsPort);
            assertProbe(c, c.getLivenessProbe(), "/healthz", metricsPort);
            assertProbe(c, c.getReadinessProbe(), "/readyz", metricsPort);
            assertProbe(c, c.getStartupProbe(), "/healthz", metricsPort);
            assertThat(c.getArgs().getFirst()).isEqualTo("operator");
            assertThat(c.getArgs()).contains("--leader-election-namespace=" + d.getMetadata().getNamespace());
            assertThat(c.getEnv()).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo("POD_NAME");
                assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
            });
            // a rolling update never leaves fewer replicas than asked for, and a drain leaves one
            assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable()).isEqualTo(new IntOrString(0));
            PodDisruptionBudget pdb = only(rendered, PodDisruptionBudget.class);
            assertThat(pdb.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
            assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(d.getSpec().getSelector().getMatchLabels());
            assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
        }
        Deployment d = only(defaults, Deployment.class);
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        Container c = d.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(c.getImage()).isEqualTo("vpngw/operator:" + Version.current());
        assertThat(c.getArgs()).containsExactly("operator", "--gateway-image=vpngw/gateway:" + Version.current(),
                "--image-pull-policy=IfNotPresent", "--leader-election-namespace=" + NAMESPACE, "--metrics-port=8080", "--resync=PT10M");
        assertThat(d.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
                .singleElement().satisfies(t -> assertThat(t.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
    }

    private static void assertProbe(Container c, Probe probe, String path, int port) {
        assertThat(probe).as("probe %s", path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        IntOrString p = probe.getHttpGet().getPort();
        int number = p.getIntVal() != null ? p.getIntVal()
                : c.getPorts().stream().filter(x -> p.getStrVal().equals(x.getName())).findFirst().orElseThrow().getContainerPort();
        assertThat(number).isEqualTo(port);
    }

    @Test
    void nonDefaultValuesReachTheOperatorAndItsPods() {
        Deployment d = only(custom, Deployment.class);
        assertThat(d.getMetadata().getName()).isEqualTo("edge-vpngw-operator");
        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().getFirst();
        assertThat(c.getImage()).isEqualTo("registry.example.com/vpn/vpngw-operator@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        assertThat(c.getImagePullPolicy()).isEqualTo("Always");
        assertThat(pod.getImagePullSecrets()).extracting(r -> r.getName()).containsExactly("regcred");
        assertThat(pod.getPriorityClassName()).isEqualTo("system-cluster-critical");
        assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
        assertThat(pod.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()).hasSize(1);
        assertThat(c.getArgs()).contains("--gateway-image=registry.example.com/vpn/vpngw-gateway:0.1.0-rc1", "--image-pull-policy=Always",
                "--resync=PT5M", "--metrics-port=9443", "--leader-election-namespace=vpn-ops",
                "--gateway-node-selector=vpngw.io/gateway-node=true",
                "--gateway-toleration=vpngw.io/gateway-node:NoSchedule", "--gateway-toleration=dedicated=vpn:NoExecute",
                "--gateway-resources=VpnGw2=1500m/384Mi", "--gateway-resources=VpnGw5AZ=2/1Gi");
        assertThat(c.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("JAVA_TOOL_OPTIONS");
            assertThat(e.getValue()).contains("-Dorg.slf4j.simpleLogger.log.io.vpngw=debug");
        });
        assertThat(d.getMetadata().getLabels()).containsEntry("team", "networking");
        assertThat(only(custom, Service.class).getSpec().getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getPort()).isEqualTo(9443));
    }

    @Test
    void networkPolicyLetsInOnlyScrapesAndLetsOutOnlyDnsAndTheApiServer() {
        for (List<HasMetadata> rendered : List.of(defaults, custom)) {
            NetworkPolicy np = only(rendered, NetworkPolicy.class);
            Deployment d = only(rendered, Deployment.class);
            assertThat(np.getSpec().getPodSelector().getMatchLabels()).isEqualTo(d.getSpec().getSelector().getMatchLabels());
            assertThat(np.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(np.getSpec().getIngress()).singleElement().satisfies(i ->
                    assertThat(i.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(new IntOrString("metrics"))));
            Set<Integer> egressPorts = np.getSpec().getEgress().stream().flatMap(e -> e.getPorts().stream())
                    .map(NetworkPolicyPort::getPort).map(IntOrString::getIntVal).collect(Collectors.toSet());
            assertThat(egressPorts).isSubsetOf(53, 443, 6443).contains(53, 443);
            assertThat(np.getSpec().getEgress()).allSatisfy(e -> assertThat(e.getTo()).as("every egress rule names its peers").isNotEmpty());
        }
        NetworkPolicy narrowed = only(custom, NetworkPolicy.class);
        assertThat(narrowed.getSpec().getIngress().getFirst().getFrom()).singleElement().extracting(NetworkPolicyPeer::getNamespaceSelector)
                .satisfies(s -> assertThat(s.getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "monitoring"));
        assertThat(narrowed.getSpec().getEgress()).anySatisfy(e -> assertThat(e.getTo()).singleElement()
                .satisfies(p -> assertThat(p.getIpBlock().getCidr()).isEqualTo("10.0.0.1/32")));
        assertThat(HelmChart.parse(HelmChart.template("vpngw", NAMESPACE, t -> t.set("networkPolicy.enabled", false))))
                .noneMatch(o -> o instanceof NetworkPolicy);
    }

    @Test
    void monitoringObjectsSelectTheOperatorAndTheGatewayPods() {
        GenericKubernetesResource sm = (GenericKubernetesResource) only(custom, "ServiceMonitor");
        Service svc = only(custom, Service.class);
        assertThat(sm.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(sm.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        Map<String, String> smSelector = sm.get("spec", "selector", "matchLabels");
        assertThat(svc.getMetadata().getLabels()).containsAllEntriesOf(smSelector);
        assertThat(Serialization.asJson(sm)).contains("\"port\":\"metrics\"");
        assertThat(svc.getSpec().getPorts()).extracting(p -> p.getName()).contains("metrics");

        GenericKubernetesResource pm = (GenericKubernetesResource) only(custom, "PodMonitor");
        // the labels GatewayChildren puts on every gateway pod, and the name of its metrics port
        String json = Serialization.asJson(pm);
        assertThat(json).contains("\"app.kubernetes.io/managed-by\":\"" + Names.MANAGED_BY + "\"")
                .contains("\"app.kubernetes.io/component\":\"gateway\"").contains("\"port\":\"metrics\"").contains("\"any\":true");

        ConfigMap dashboard = only(custom, ConfigMap.class);
        assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("grafana");
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(Serialization.unmarshal(dashboard.getData().get("vpngw.json"), Map.class)).containsEntry("uid", "vpngw");
    }
}
