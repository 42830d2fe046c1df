package io.vpngw.operator.gateway;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.vpngw.api.v1alpha1.Condition;
import io.vpngw.api.v1alpha1.Connection;
import io.vpngw.api.v1alpha1.GatewayInstanceStatus;
import io.vpngw.api.v1alpha1.InstanceRole;
import io.vpngw.api.v1alpha1.LocalNetworkGateway;
import io.vpngw.api.v1alpha1.ProvisioningState;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import io.vpngw.api.v1alpha1.VirtualNetworkGatewayStatus;
import io.vpngw.gateway.config.GatewayConfig;
import io.vpngw.operator.Names;
import io.vpngw.operator.OperatorSettings;
import io.vpngw.operator.cache.CacheTrigger;
import io.vpngw.operator.cache.ClusterCaches;
import io.vpngw.operator.plan.ConnectionVerdict;
import io.vpngw.operator.plan.GatewayPlan;
import io.vpngw.operator.plan.GatewayPlanner;
import io.vpngw.operator.status.Conditions;
import io.vpngw.operator.status.EventRecorder;
import io.vpngw.operator.status.StatusWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a VirtualNetworkGateway into what runs it: RBAC for its pods, a Secret (identity and
 * pre-shared keys), a ConfigMap (the configuration document), Service(s), a PodDisruptionBudget
 * and two instances, changed one at a time. A gateway the planner refuses keeps whatever was in
 * force before, untouched, and reports Stalled.
 */
@ControllerConfiguration(name = VirtualNetworkGatewayReconciler.NAME)
public final class VirtualNetworkGatewayReconciler implements Reconciler<VirtualNetworkGateway>, Cleaner<VirtualNetworkGateway> {
    public static final String NAME = "virtualnetworkgateway";
    private static final Logger LOG = LoggerFactory.getLogger(VirtualNetworkGatewayReconciler.class);

    private final KubernetesClient client;
    private final ClusterCaches caches;
    private final GatewayPlanner planner = new GatewayPlanner();
    private final GatewayChildren children;
    private final ChildApplier applier;
    private final InstanceRoller roller;
    private final GatewayIdentityIssuer issuer;
    private final StatusWriter statusWriter;
    private final EventRecorder events;
    private final OperatorSettings settings;

    public VirtualNetworkGatewayReconciler(KubernetesClient client, ClusterCaches caches, GatewayIdentityIssuer issuer,
                                           EventRecorder events, OperatorSettings settings) {
        this.client = client;
        this.caches = caches;
        this.issuer = issuer;
        this.events = events;
        this.settings = settings;
        this.children = new GatewayChildren(settings);
        this.applier = new ChildApplier(client, caches);
        this.roller = new InstanceRoller(client, caches);
        this.statusWriter = new StatusWriter(client);
    }

    @Override
    public List<EventSource<?, VirtualNetworkGateway>> prepareEventSources(EventSourceContext<VirtualNetworkGateway> context) {
        return List.of(
                new CacheTrigger<>("gw-connections", Connection.class, caches, c ->
                        Set.of(new ResourceID(c.getSpec().getVirtualNetworkGateway1().getName(), c.getMetadata().getNamespace())),
                        CacheTrigger::specOrLifecycle),
                new CacheTrigger<>("gw-sites", LocalNetworkGateway.class, caches, l ->
                        gatewaysOf(caches.connectionsUsingSite(l.getMetadata().getNamespace(), l.getMetadata().getName())),
                        (a, b) -> CacheTrigger.specOrLifecycle(a, b) || !Objects.equals(resolved(a), resolved(b))),
                new CacheTrigger<>("gw-secrets", Secret.class, caches, s -> {
                    Set<ResourceID> ids = gatewaysOf(caches.connectionsUsingSecret(s.getMetadata().getNamespace(), s.getMetadata().getName()));
                    ids.addAll(owner(s));
                    return ids;
                }),
                // a peer gateway's address feeds our VNet-to-VNet configuration
                new CacheTrigger<>("gw-peers", VirtualNetworkGateway.class, caches, g ->
                        gatewaysOf(caches.connectionsTo(g.getMetadata().getNamespace(), g.getMetadata().getName())),
                        (a, b) -> CacheTrigger.specOrLifecycle(a, b) || !Objects.equals(publicIps(a), publicIps(b))),
                new CacheTrigger<>("gw-pods", Pod.class, caches, VirtualNetworkGatewayReconciler::owner),
                new CacheTrigger<>("gw-services", Service.class, caches, VirtualNetworkGatewayReconciler::owner),
                new CacheTrigger<>("gw-configmaps", io.fabric8.kubernetes.api.model.ConfigMap.class, caches, VirtualNetworkGatewayReconciler::owner));
    }

    private static List<String> resolved(LocalNetworkGateway l) {
        return l.getStatus() == null ? null : l.getStatus().getResolvedAddresses();
    }

    static List<String> publicIps(VirtualNetworkGateway g) {
        return g.getStatus() == null ? null : g.getStatus().getPublicIpAddresses();
    }

    private static Set<ResourceID> gatewaysOf(List<Connection> connections) {
        Set<ResourceID> ids = new HashSet<>();
        connections.forEach(c -> ids.add(new ResourceID(c.getSpec().getVirtualNetworkGateway1().getName(), c.getMetadata().getNamespace())));
        return ids;
    }

    private static Set<ResourceID> owner(HasMetadata child) {
        Set<ResourceID> ids = new HashSet<>();
        if (child.getMetadata().getOwnerReferences() != null) {
            child.getMetadata().getOwnerReferences().stream()
                    .filter(o -> "VirtualNetworkGateway".equals(o.getKind()))
                    .forEach(o -> ids.add(new ResourceID(o.getName(), child.getMetadata().getNamespace())));
        }
        return ids;
    }

    @Override
    public UpdateControl<VirtualNetworkGateway> reconcile(VirtualNetworkGateway gw, Context<VirtualNetworkGateway> context) {
        GatewayPlan plan = planner.plan(gw, caches);
        long generation = generation(gw);
        if (plan.gatewayProblem().isPresent()) {
            var problem = plan.gatewayProblem().get();
            writeStatus(gw, Conditions.stalled(generation, problem.reason(), problem.message()), null, true);
            return UpdateControl.noUpdate();
        }
        GatewayConfig config = plan.config().orElseThrow();
        String name = gw.getMetadata().getName();
        applier.apply(children.serviceAccount(gw));
        applier.apply(children.role(gw));
        applier.apply(children.roleBinding(gw));
        List<Service> services = new ArrayList<>();
        for (Service s : children.services(gw)) {
            applier.apply(s);
            caches.service(gw.getMetadata().getNamespace(), s.getMetadata().getName()).ifPresentOrElse(services::add, () -> services.add(s));
        }
        Map<String, String> secretData = new TreeMap<>(issuer.identity(gw, currentSecret(gw), dnsNames(gw, services), addresses(services)));
        secretData.putAll(plan.presharedKeys());
        applier.apply(children.secret(gw, secretData));
        applier.apply(children.configMap(gw, config));
        for (int i = 0; i < Names.INSTANCES; i++) {
            applier.createIfMissing(children.statusConfigMap(gw, i));
        }
        applier.apply(children.podDisruptionBudget(gw));
        List<Pod> desiredPods = new ArrayList<>();
        for (int i = 0; i < Names.INSTANCES; i++) {
            desiredPods.add(children.pod(gw, i));
        }
        InstanceRoller.Result roll = roller.roll(desiredPods, Boolean.TRUE.equals(gw.getSpec().getActiveActive()));
        roll.actions().forEach(a -> events.normal(gw, "Rolling", a));

        long refused = plan.verdicts().values().stream().filter(v -> v instanceof ConnectionVerdict.Refused).count();
        String connections = (plan.verdicts().size() - refused) + " of " + plan.verdicts().size() + " connections configured"
                + (refused > 0 ? " (see the refused Connections' status)" : "");
        List<Condition> conditions = roll.settled()
                ? Conditions.ready(generation, "Ready", "both instances run the current specification; " + connections)
                : Conditions.reconciling(generation, "InstancesProgressing", roll.actions().isEmpty()
                        ? "waiting for instances " + notReady(roll.pods()) + " to become ready; " + connections
                        : String.join("; ", roll.actions()));
        List<java.util.Optional<io.fabric8.kubernetes.api.model.ConfigMap>> reports = new ArrayList<>();
        for (int i = 0; i < Names.INSTANCES; i++) {
            reports.add(caches.configMap(gw.getMetadata().getNamespace(), GatewayChildren.statusConfigMapName(gw.getMetadata().getName(), i)));
        }
        int p2sSessions = gw.getSpec().getVpnClientConfiguration() == null ? 0
                : io.vpngw.operator.connection.TunnelStatusAggregator.pointToSiteSessions(reports);
        writeStatus(gw, conditions, new Observed(roll.pods(), services, plan.verdicts().size(), p2sSessions), false);
        // pods change state without the spec changing: look again soon while rolling
        return roll.settled() ? UpdateControl.<VirtualNetworkGateway>noUpdate().rescheduleAfter(settings.resync())
                : UpdateControl.<VirtualNetworkGateway>noUpdate().rescheduleAfter(Duration.ofSeconds(5));
    }

    /** What the reconcile saw of the gateway's children, for its status. */
    private record Observed(List<Pod> pods, List<Service> services, int connections, int p2sSessions) {}

    private void writeStatus(VirtualNetworkGateway gw, List<Condition> desired, Observed observed, boolean stalled) {
        List<Condition> before = gw.getStatus() == null ? List.of() : gw.getStatus().getConditions();
        boolean changed = statusWriter.update(gw, (VirtualNetworkGatewayStatus old) -> {
            VirtualNetworkGatewayStatus s = old == null ? new VirtualNetworkGatewayStatus() : old;
            s.setObservedGeneration(generation(gw));
            s.setConditions(Conditions.merge(s.getConditions(), new ArrayList<>(desired), settings.clock()));
            s.setProvisioningState(stalled ? ProvisioningState.Failed
                    : Conditions.isTrue(desired, Conditions.READY) ? ProvisioningState.Succeeded : ProvisioningState.Updating);
            if (observed != null) {
                s.setInstances(instances(observed.pods()));
                s.setActiveInstance(observed.pods().stream().filter(p -> Names.ROLE_ACTIVE.equals(InstanceRoller.label(p, Names.LABEL_ROLE)))
                        .map(p -> p.getMetadata().getName()).findFirst().orElse(null));
                List<String> ips = addresses(observed.services());
                s.setPublicIpAddresses(ips.isEmpty() ? null : ips);
                s.setConnections(observed.connections());
                s.setP2sSessions(observed.p2sSessions());
            }
            return s;
        });
        Condition headline = desired.stream().filter(c -> c.getStatus().equals("True")).findFirst().orElse(desired.getFirst());
        boolean transitioned = before == null || before.stream().noneMatch(c -> c.getType().equals(headline.getType())
                && "True".equals(c.getStatus()) && headline.getReason().equals(c.getReason()));
        if (changed && transitioned) {
            if (stalled) {
                events.warning(gw, headline.getReason(), headline.getMessage());
            } else {
                events.normal(gw, headline.getReason(), headline.getMessage());
            }
        }
    }

    private static List<GatewayInstanceStatus> instances(List<Pod> pods) {
        List<GatewayInstanceStatus> out = new ArrayList<>();
        for (Pod p : pods) {
            GatewayInstanceStatus i = new GatewayInstanceStatus();
            i.setName(p.getMetadata().getName());
            i.setRole(Names.ROLE_ACTIVE.equals(InstanceRoller.label(p, Names.LABEL_ROLE)) ? InstanceRole.Active : InstanceRole.Standby);
            i.setReady(InstanceRoller.ready(p));
            i.setPodIP(p.getStatus() == null ? null : p.getStatus().getPodIP());
            i.setNode(p.getSpec() == null ? null : p.getSpec().getNodeName());
            out.add(i);
        }
        return out;
    }

    private static String notReady(List<Pod> pods) {
        return String.join(", ", pods.stream().filter(p -> !InstanceRoller.ready(p)).map(p -> p.getMetadata().getName()).toList());
    }

    /** The addresses peers reach: load-balancer addresses, else the cluster IP of a ClusterIP Service. */
    static List<String> addresses(List<Service> services) {
        List<String> out = new ArrayList<>();
        for (Service s : services) {
            var lb = s.getStatus() == null || s.getStatus().getLoadBalancer() == null ? null : s.getStatus().getLoadBalancer().getIngress();
            if (lb != null && !lb.isEmpty()) {
                lb.stream().map(LoadBalancerIngress::getIp).filter(ip -> ip != null).forEach(out::add);
            } else if (s.getSpec() != null && "ClusterIP".equals(s.getSpec().getType()) && s.getSpec().getClusterIP() != null
                    && !"None".equals(s.getSpec().getClusterIP())) {
                out.add(s.getSpec().getClusterIP());
            } else if (s.getSpec() != null && s.getSpec().getExternalIPs() != null) {
                out.addAll(s.getSpec().getExternalIPs());
            }
        }
        return out;
    }

    private static List<String> dnsNames(VirtualNetworkGateway gw, List<Service> services) {
        List<String> out = new ArrayList<>();
        for (Service s : services) {
            String base = s.getMetadata().getName() + "." + gw.getMetadata().getNamespace() + ".svc";
            out.add(base);
            out.add(base + ".cluster.local");
            var lb = s.getStatus() == null || s.getStatus().getLoadBalancer() == null ? null : s.getStatus().getLoadBalancer().getIngress();
            if (lb != null) {
                lb.stream().map(LoadBalancerIngress::getHostname).filter(h -> h != null).forEach(out::add);
            }
        }
        return out;
    }

    private Map<String, String> currentSecret(VirtualNetworkGateway gw) {
        return caches.secret(gw.getMetadata().getNamespace(), Names.secret(gw.getMetadata().getName()))
                .<Map<String, String>>map(s -> new LinkedHashMap<>(GatewayPlanner.decodedData(s))).orElse(Map.of());
    }

    private static long generation(HasMetadata r) {
        return r.getMetadata().getGeneration() == null ? 0 : r.getMetadata().getGeneration();
    }

    /**
     * Deletes every child explicitly: a real cluster would also garbage-collect them by their
     * owner references, but the operator does not rely on it.
     */
    @Override
    public DeleteControl cleanup(VirtualNetworkGateway gw, Context<VirtualNetworkGateway> context) {
        String ns = gw.getMetadata().getNamespace();
        String name = gw.getMetadata().getName();
        var selector = Names.labels(name);
        client.pods().inNamespace(ns).withLabels(selector).delete();
        client.services().inNamespace(ns).withLabels(selector).delete();
        client.configMaps().inNamespace(ns).withLabels(selector).delete();
        client.secrets().inNamespace(ns).withLabels(selector).delete();
        client.policy().v1().podDisruptionBudget().inNamespace(ns).withLabels(selector).delete();
        client.rbac().roleBindings().inNamespace(ns).withLabels(selector).delete();
        client.rbac().roles().inNamespace(ns).withLabels(selector).delete();
        client.serviceAccounts().inNamespace(ns).withLabels(selector).delete();
        client.leases().inNamespace(ns).withName(Names.lease(name)).delete();
        LOG.info("gateway {}/{} deleted with its pods, services, configuration and secrets", ns, name);
        return DeleteControl.defaultDelete();
    }
}
