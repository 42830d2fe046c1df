package io.vpngw.operator.gateway;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vpngw.api.v1alpha1.GatewaySku;
import io.vpngw.api.v1alpha1.ServiceType;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import io.vpngw.api.v1alpha1.VirtualNetworkGatewaySpec;
import io.vpngw.api.v1alpha1.VpnClientProtocol;
import io.vpngw.gateway.config.GatewayConfig;
import io.vpngw.gateway.sku.GatewayFootprint;
import io.vpngw.gateway.sku.SkuLimits;
import io.vpngw.operator.Names;
import io.vpngw.operator.OperatorSettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The desired children of a gateway: each method returns one object as it should be. The
 * reconciler creates what is missing and updates what differs.
 */
public final class GatewayChildren {
    /** The port the gateway pod serves /metrics, /healthz and /readyz on. */
    public static final int METRICS_PORT = 9090;
    public static final int IKE_PORT = 500;
    public static final int NATT_PORT = 4500;
    public static final int SSTP_PORT = 443;

    private final OperatorSettings settings;

    public GatewayChildren(OperatorSettings settings) {
        this.settings = settings;
    }

    public ServiceAccount serviceAccount(VirtualNetworkGateway gw) {
        return new ServiceAccountBuilder().withMetadata(meta(gw, Names.serviceAccount(name(gw)))).build();
    }

    /** Only what a gateway pod needs: its Lease, its ConfigMap and Secret, its status ConfigMaps, its own Pods' labels. */
    public Role role(VirtualNetworkGateway gw) {
        String g = name(gw);
        List<PolicyRule> rules = List.of(
                rule("coordination.k8s.io", "leases", List.of(Names.lease(g)), "get", "update", "patch"),
                rule("coordination.k8s.io", "leases", List.of(), "create"),
                rule("", "configmaps", List.of(Names.configMap(g)), "get", "list", "watch"),
                rule("", "configmaps", List.of(statusConfigMapName(g, 0), statusConfigMapName(g, 1)), "get", "update", "patch"),
                rule("", "secrets", List.of(Names.secret(g)), "get", "list", "watch"),
                rule("", "pods", List.of(Names.pod(g, 0), Names.pod(g, 1)), "get", "patch"),
                rule("", "events", List.of(), "create", "patch"));
        return new RoleBuilder().withMetadata(meta(gw, Names.role(g))).withRules(rules).build();
    }

    private static PolicyRule rule(String group, String resource, List<String> names, String... verbs) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resource)
                .withResourceNames(names.isEmpty() ? null : names).withVerbs(verbs).build();
    }

    public RoleBinding roleBinding(VirtualNetworkGateway gw) {
        String g = name(gw);
        return new RoleBindingBuilder().withMetadata(meta(gw, Names.role(g)))
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(Names.role(g)).endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName(Names.serviceAccount(g))
                .withNamespace(gw.getMetadata().getNamespace()).endSubject()
                .build();
    }

    public ConfigMap configMap(VirtualNetworkGateway gw, GatewayConfig config) {
        String json = config.toJson();
        ObjectMeta meta = meta(gw, Names.configMap(name(gw)));
        meta.getAnnotations().put(Names.ANNOTATION_CONFIG_HASH, Names.sha256Hex(json).substring(0, 16));
        return new ConfigMapBuilder().withMetadata(meta).withData(Map.of(GatewayConfig.CONFIG_MAP_KEY, json)).build();
    }

    /** Where instance {@code i} reports its runtime state (tunnels, counters); the operator aggregates it. */
    public static String statusConfigMapName(String gateway, int instance) {
        return Names.configMap(gateway).replace("-config", "-status-" + instance);
    }

    public ConfigMap statusConfigMap(VirtualNetworkGateway gw, int instance) {
        return new ConfigMapBuilder().withMetadata(meta(gw, statusConfigMapName(name(gw), instance))).build();
    }

    public Secret secret(VirtualNetworkGateway gw, Map<String, String> data) {
        Map<String, String> encoded = new TreeMap<>();
        data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder().withMetadata(meta(gw, Names.secret(name(gw)))).withType("Opaque").withData(encoded).build();
    }

    /** One Service selecting the active instance, or one per instance when active-active. */
    public List<Service> services(VirtualNetworkGateway gw) {
        VirtualNetworkGatewaySpec spec = gw.getSpec();
        List<Service> out = new ArrayList<>();
        if (Boolean.TRUE.equals(spec.getActiveActive())) {
            for (int i = 0; i < Names.INSTANCES; i++) {
                Map<String, String> selector = new HashMap<>(Names.podSelector(name(gw)));
                selector.put(Names.LABEL_GATEWAY_INSTANCE, String.valueOf(i));
                out.add(service(gw, Names.service(name(gw), i), selector));
            }
        } else {
            Map<String, String> selector = new HashMap<>(Names.podSelector(name(gw)));
            selector.put(Names.LABEL_ROLE, Names.ROLE_ACTIVE);
            out.add(service(gw, Names.service(name(gw)), selector));
        }
        return out;
    }

    private Service service(VirtualNetworkGateway gw, String serviceName, Map<String, String> selector) {
        var ep = gw.getSpec().getPublicEndpoint();
        ServiceType type = ep == null || ep.getServiceType() == null ? ServiceType.LoadBalancer : ep.getServiceType();
        ObjectMeta meta = meta(gw, serviceName);
        if (ep != null && ep.getAnnotations() != null) {
            meta.getAnnotations().putAll(ep.getAnnotations());
        }
        List<ServicePort> ports = new ArrayList<>(List.of(
                servicePort("ike", "UDP", IKE_PORT), servicePort("ike-natt", "UDP", NATT_PORT)));
        if (sstp(gw)) {
            ports.add(servicePort("sstp", "TCP", SSTP_PORT));
        }
        var spec = new ServiceBuilder().withMetadata(meta).withNewSpec()
                .withType(type.name()).withSelector(selector).withPorts(ports)
                // IKE's NAT detection needs the peers' real source addresses
                .withExternalTrafficPolicy(type == ServiceType.ClusterIP ? null : "Local")
                .withLoadBalancerIP(type == ServiceType.LoadBalancer && ep != null ? ep.getLoadBalancerIP() : null)
                .withPublishNotReadyAddresses(false)
                .endSpec();
        return spec.build();
    }

    private static ServicePort servicePort(String name, String protocol, int port) {
        return new ServicePortBuilder().withName(name).withProtocol(protocol).withPort(port).withTargetPort(new IntOrString(port)).build();
    }

    private static boolean sstp(VirtualNetworkGateway gw) {
        var p2s = gw.getSpec().getVpnClientConfiguration();
        return p2s != null && p2s.getVpnClientProtocols().contains(VpnClientProtocol.SSTP);
    }

    /** At most one instance may be disrupted voluntarily: the other keeps the tunnels up. */
    public PodDisruptionBudget podDisruptionBudget(VirtualNetworkGateway gw) {
        return new PodDisruptionBudgetBuilder().withMetadata(meta(gw, Names.podDisruptionBudget(name(gw))))
                .withNewSpec().withMaxUnavailable(new IntOrString(1))
                .withNewSelector().withMatchLabels(Names.podSelector(name(gw))).endSelector()
                .endSpec().build();
    }

    /** Instance {@code i}, with the hash of its spec in an annotation so a change can be seen and rolled. */
    public Pod pod(VirtualNetworkGateway gw, int instance) {
        String g = name(gw);
        VirtualNetworkGatewaySpec spec = gw.getSpec();
        Map<String, String> labels = new LinkedHashMap<>(Names.labels(g));
        labels.put(Names.LABEL_COMPONENT, "gateway");
        labels.put(Names.LABEL_GATEWAY_INSTANCE, String.valueOf(instance));
        ObjectMeta meta = meta(gw, Names.pod(g, instance));
        meta.setLabels(labels);
        PodResources resources = PodResources.forSku(spec.getSku(),
                SkuLimits.of(spec.getSku(), spec.getVpnGatewayGeneration()).orElseThrow(),
                settings.gatewayDefaults().resources().get(spec.getSku()));
        List<ContainerPort> ports = new ArrayList<>(List.of(
                port("ike", "UDP", IKE_PORT), port("ike-natt", "UDP", NATT_PORT), port("metrics", "TCP", METRICS_PORT)));
        if (sstp(gw)) {
            ports.add(port("sstp", "TCP", SSTP_PORT));
        }
        List<EnvVar> env = List.of(
                new EnvVarBuilder().withName("VPNGW_GATEWAY").withValue(g).build(),
                new EnvVarBuilder().withName("VPNGW_INSTANCE").withValue(String.valueOf(instance)).build(),
                new EnvVarBuilder().withName("VPNGW_CONFIG_MAP").withValue(Names.configMap(g)).build(),
                new EnvVarBuilder().withName("VPNGW_SECRET").withValue(Names.secret(g)).build(),
                new EnvVarBuilder().withName("VPNGW_LEASE").withValue(Names.lease(g)).build(),
                new EnvVarBuilder().withName("VPNGW_STATUS_CONFIG_MAP").withValue(statusConfigMapName(g, instance)).build(),
                new EnvVarBuilder().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom().build(),
                new EnvVarBuilder().withName("POD_NAMESPACE").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.namespace").endFieldRef().endValueFrom().build(),
                new EnvVarBuilder().withName("JAVA_TOOL_OPTIONS").withValue(resources.javaToolOptions()).build());
        var placement = spec.getPlacement();
        Pod pod = new PodBuilder().withMetadata(meta).withNewSpec()
                .withServiceAccountName(Names.serviceAccount(g))
                .withAutomountServiceAccountToken(true)
                .withTerminationGracePeriodSeconds(30L)
                .withNodeSelector(nodeSelector(placement))
                .withTolerations(tolerations(placement))
                .withNewAffinity().withNewPodAntiAffinity()
                    // the two instances must not share a failure domain: a zone for AZ SKUs, a node otherwise
                    .withRequiredDuringSchedulingIgnoredDuringExecution(spec.getSku().zoneRedundant()
                            ? List.of(antiAffinityTerm(g, "topology.kubernetes.io/zone")) : null)
                    .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(100)
                        .withPodAffinityTerm(antiAffinityTerm(g, "kubernetes.io/hostname"))
                    .endPreferredDuringSchedulingIgnoredDuringExecution()
                .endPodAntiAffinity().endAffinity()
                .withNewSecurityContext().withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .addNewContainer()
                    .withName("gateway")
                    .withImage(settings.gatewayImage())
                    .withImagePullPolicy(settings.imagePullPolicy())
                    .withArgs("gateway", "--kubernetes")
                    .withEnv(env)
                    .withPorts(ports)
                    .withNewResources()
                        .withRequests(Map.of("cpu", new Quantity(resources.cpuMillis() + "m"), "memory", new Quantity(resources.memoryMi() + "Mi")))
                        .withLimits(Map.of("memory", new Quantity(resources.memoryMi() + "Mi")))
                    .endResources()
                    .withNewSecurityContext()
                        .withAllowPrivilegeEscalation(false)
                        .withReadOnlyRootFilesystem(true)
                        .withNewCapabilities().withDrop("ALL").withAdd("NET_ADMIN", "NET_BIND_SERVICE").endCapabilities()
                    .endSecurityContext()
                    .withNewReadinessProbe().withNewHttpGet().withPath("/readyz").withPort(new IntOrString(METRICS_PORT)).endHttpGet()
                        .withPeriodSeconds(2).withFailureThreshold(2).endReadinessProbe()
                    .withNewLivenessProbe().withNewHttpGet().withPath("/healthz").withPort(new IntOrString(METRICS_PORT)).endHttpGet()
                        .withInitialDelaySeconds(10).withPeriodSeconds(10).withFailureThreshold(3).endLivenessProbe()
                    .addNewVolumeMount().withName("tun").withMountPath("/dev/net/tun").endVolumeMount()
                    .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("tun").withNewHostPath().withPath("/dev/net/tun").withType("CharDevice").endHostPath().endVolume()
                .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().build();
        pod.getMetadata().getAnnotations().put(Names.ANNOTATION_POD_HASH, podHash(pod));
        return pod;
    }

    /** The gateway's own node selector, else the installation's default (none when both are empty). */
    private Map<String, String> nodeSelector(io.vpngw.api.v1alpha1.Placement placement) {
        if (placement != null && placement.getNodeSelector() != null && !placement.getNodeSelector().isEmpty()) {
            return placement.getNodeSelector();
        }
        Map<String, String> defaults = settings.gatewayDefaults().nodeSelector();
        return defaults.isEmpty() ? null : new LinkedHashMap<>(defaults);
    }

    /** The gateway's own tolerations, else the installation's default. */
    private List<io.fabric8.kubernetes.api.model.Toleration> tolerations(io.vpngw.api.v1alpha1.Placement placement) {
        if (placement != null && placement.getTolerations() != null && !placement.getTolerations().isEmpty()) {
            return placement.getTolerations().stream()
                    .map(t -> new TolerationBuilder().withKey(t.getKey()).withOperator(t.getOperator()).withValue(t.getValue())
                            .withEffect(t.getEffect()).withTolerationSeconds(t.getTolerationSeconds()).build()).toList();
        }
        List<io.fabric8.kubernetes.api.model.Toleration> defaults = settings.gatewayDefaults().tolerations();
        return defaults.isEmpty() ? null : defaults.stream().map(t -> new TolerationBuilder(t).build()).toList();
    }

    private static io.fabric8.kubernetes.api.model.PodAffinityTerm antiAffinityTerm(String gateway, String topologyKey) {
        return new io.fabric8.kubernetes.api.model.PodAffinityTermBuilder()
                .withNewLabelSelector().withMatchLabels(Names.podSelector(gateway)).endLabelSelector()
                .withTopologyKey(topologyKey).build();
    }

    /** The hash that decides whether a running instance matches what it should be. */
    static String podHash(Pod pod) {
        return Names.sha256Hex(Serialization.asJson(pod.getSpec()) + Serialization.asJson(pod.getMetadata().getLabels())).substring(0, 16);
    }

    private static ContainerPort port(String name, String protocol, int port) {
        return new ContainerPortBuilder().withName(name).withProtocol(protocol).withContainerPort(port).build();
    }

    private static String name(VirtualNetworkGateway gw) {
        return gw.getMetadata().getName();
    }

    /** Metadata of a child: labels, and an owner reference to the gateway (a real cluster garbage-collects by it). */
    static ObjectMeta meta(VirtualNetworkGateway gw, String name) {
        return new ObjectMetaBuilder().withName(name).withNamespace(gw.getMetadata().getNamespace())
                .withLabels(new LinkedHashMap<>(Names.labels(gw.getMetadata().getName())))
                .withAnnotations(new LinkedHashMap<>())
                .withOwnerReferences(ownerReference(gw)).build();
    }

    static OwnerReference ownerReference(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    /**
     * CPU and memory an instance requests, and its JVM options: from the gateway's measured
     * footprint per SKU ({@link GatewayFootprint}; figures and headroom in bench/README.md,
     * "Gateway footprint"). Memory request = limit (the JVM's heap is fixed, so its need is
     * known); CPU request only, no limit (throttling stalls the packet threads).
     */
    public record PodResources(int cpuMillis, int memoryMi, List<String> jvmOptions) {
        static PodResources forSku(GatewaySku sku, SkuLimits limits) {
            return forSku(sku, limits, null);
        }

        /**
         * With an installation's override for the SKU (null: none), which replaces the CPU request
         * and the memory; the heap stays the measured one, the JVM's processor count follows the CPU.
         */
        static PodResources forSku(GatewaySku sku, SkuLimits limits, io.vpngw.operator.GatewayDefaults.Resources override) {
            GatewayFootprint footprint = GatewayFootprint.forSku(sku, limits);
            if (override != null) {
                footprint = new GatewayFootprint(footprint.heapMi(), override.memoryMi(), override.cpuMillis());
            }
            return new PodResources(footprint.cpuMillis(), footprint.memoryMi(), footprint.jvmOptions());
        }

        /** The least memory an instance may be given: its fixed heap, and as much again for the rest of the process. */
        public static int minimumMemoryMi() {
            return io.vpngw.operator.GatewayDefaults.HEAP_HEADROOM_FACTOR
                    * GatewayFootprint.forSku(GatewaySku.Basic, SkuLimits.of(GatewaySku.Basic, null).orElseThrow()).heapMi();
        }

        /** JAVA_TOOL_OPTIONS: the sized JVM options, and native access for the TUN device (FFM). */
        String javaToolOptions() {
            return String.join(" ", jvmOptions) + " --enable-native-access=ALL-UNNAMED";
        }
    }
}
