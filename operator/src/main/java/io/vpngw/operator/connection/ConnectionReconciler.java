package io.vpngw.operator.connection;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.vpngw.api.v1alpha1.Condition;
import io.vpngw.api.v1alpha1.Connection;
import io.vpngw.api.v1alpha1.ConnectionSpec;
import io.vpngw.api.v1alpha1.ConnectionState;
import io.vpngw.api.v1alpha1.ConnectionStatus;
import io.vpngw.api.v1alpha1.LocalNetworkGateway;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import io.vpngw.operator.Names;
import io.vpngw.operator.cache.CacheTrigger;
import io.vpngw.operator.gateway.GatewayChildren;
import io.vpngw.operator.cache.ClusterCaches;
import io.vpngw.operator.plan.ConnectionVerdict;
import io.vpngw.operator.plan.GatewayPlan;
import io.vpngw.operator.plan.GatewayPlanner;
import io.vpngw.operator.plan.Problem;
import io.vpngw.operator.status.Conditions;
import io.vpngw.operator.status.EventRecorder;
import io.vpngw.operator.status.StatusWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reports what the operator decided about each Connection: configured on its gateway (Ready), or
 * refused with the reason and what to change (Stalled). The verdict comes from the same planner
 * the gateway reconciler runs, so both agree. This reconciler is the only writer of a
 * Connection's conditions; tunnel state comes from the gateway instances.
 */
@ControllerConfiguration(name = ConnectionReconciler.NAME)
public final class ConnectionReconciler implements Reconciler<Connection> {
    public static final String NAME = "connection";

    private final ClusterCaches caches;
    private final GatewayPlanner planner = new GatewayPlanner();
    private final StatusWriter statusWriter;
    private final EventRecorder events;
    private final Clock clock;

    public ConnectionReconciler(io.fabric8.kubernetes.client.KubernetesClient client, ClusterCaches caches, EventRecorder events, Clock clock) {
        this.caches = caches;
        this.events = events;
        this.clock = clock;
        this.statusWriter = new StatusWriter(client);
    }

    @Override
    public List<EventSource<?, Connection>> prepareEventSources(EventSourceContext<Connection> context) {
        return List.of(
                // every Connection of a gateway can change with one of them (the SKU's tunnel count)
                new CacheTrigger<>("conn-siblings", Connection.class, caches, c ->
                        ids(caches.connectionsOf(c.getMetadata().getNamespace(), c.getSpec().getVirtualNetworkGateway1().getName())),
                        CacheTrigger::specOrLifecycle),
                new CacheTrigger<>("conn-gateways", VirtualNetworkGateway.class, caches, g -> {
                    Set<ResourceID> ids = ids(caches.connectionsOf(g.getMetadata().getNamespace(), g.getMetadata().getName()));
                    ids.addAll(ids(caches.connectionsTo(g.getMetadata().getNamespace(), g.getMetadata().getName())));
                    return ids;
                }, (a, b) -> CacheTrigger.specOrLifecycle(a, b) || ready(a) != ready(b)),
                new CacheTrigger<>("conn-sites", LocalNetworkGateway.class, caches, l ->
                        ids(caches.connectionsUsingSite(l.getMetadata().getNamespace(), l.getMetadata().getName())),
                        CacheTrigger::specOrLifecycle),
                new CacheTrigger<>("conn-secrets", Secret.class, caches, s ->
                        ids(caches.connectionsUsingSecret(s.getMetadata().getNamespace(), s.getMetadata().getName()))),
                new CacheTrigger<>("conn-configs", ConfigMap.class, caches, cm -> {
                    Set<ResourceID> ids = new HashSet<>();
                    if (cm.getMetadata().getOwnerReferences() != null) {
                        cm.getMetadata().getOwnerReferences().stream().filter(o -> "VirtualNetworkGateway".equals(o.getKind()))
                                .forEach(o -> ids.addAll(ids(caches.connectionsOf(cm.getMetadata().getNamespace(), o.getName()))));
                    }
                    return ids;
                }));
    }

    private static boolean ready(VirtualNetworkGateway g) {
        return g.getStatus() != null && Conditions.isTrue(g.getStatus().getConditions(), Conditions.READY);
    }

    private static Set<ResourceID> ids(List<Connection> connections) {
        Set<ResourceID> ids = new HashSet<>();
        connections.forEach(c -> ids.add(ResourceID.fromResource(c)));
        return ids;
    }

    @Override
    public UpdateControl<Connection> reconcile(Connection c, Context<Connection> context) {
        ConnectionSpec s = c.getSpec();
        String ns = c.getMetadata().getNamespace();
        long generation = c.getMetadata().getGeneration() == null ? 0 : c.getMetadata().getGeneration();
        String gatewayName = s.getVirtualNetworkGateway1().getName();
        Optional<VirtualNetworkGateway> gw = caches.gateway(ns, gatewayName);
        List<Condition> conditions;
        List<Problem> warnings = List.of();
        boolean inForce;
        if (gw.isEmpty()) {
            conditions = Conditions.stalled(generation, Problem.GATEWAY_NOT_FOUND, "VirtualNetworkGateway " + gatewayName
                    + " not found in namespace " + ns + ": create it or correct spec.virtualNetworkGateway1.name");
            inForce = false;
        } else {
            GatewayPlan plan = planner.plan(gw.get(), caches);
            ConnectionVerdict verdict = plan.verdicts().get(GatewayPlanner.key(c));
            switch (verdict) {
                case ConnectionVerdict.Admitted a -> {
                    boolean gatewayReady = gw.get().getStatus() != null && Conditions.isTrue(gw.get().getStatus().getConditions(), Conditions.READY);
                    conditions = gatewayReady
                            ? Conditions.ready(generation, "Configured", "configured on gateway " + gatewayName)
                            : Conditions.reconciling(generation, "WaitingForGateway", "configured; waiting for gateway " + gatewayName + " to be ready");
                    warnings = a.warnings();
                    inForce = true;
                }
                case ConnectionVerdict.Refused r -> {
                    conditions = Conditions.stalled(generation, r.problem().reason(), r.problem().message()
                            + (r.lastGoodKept() ? "; the previous configuration of this Connection stays in force" : ""));
                    inForce = r.lastGoodKept();
                }
                case null -> {
                    conditions = Conditions.reconciling(generation, "Pending", "not yet seen by gateway " + gatewayName);
                    inForce = false;
                }
            }
        }
        TunnelStatusAggregator.Aggregate tunnels = inForce && gw.isPresent() ? tunnels(gw.get(), GatewayPlanner.key(c)) : null;
        writeStatus(c, conditions, inForce, warnings, tunnels);
        return UpdateControl.noUpdate();
    }

    /** What the gateway's instances report about this Connection's tunnel. */
    private TunnelStatusAggregator.Aggregate tunnels(VirtualNetworkGateway gw, String connection) {
        String ns = gw.getMetadata().getNamespace();
        String name = gw.getMetadata().getName();
        List<TunnelStatusAggregator.InstanceReport> reports = new ArrayList<>();
        for (int i = 0; i < Names.INSTANCES; i++) {
            reports.add(TunnelStatusAggregator.read(Names.pod(name, i),
                    caches.configMap(ns, GatewayChildren.statusConfigMapName(name, i))));
        }
        return TunnelStatusAggregator.aggregate(connection, reports, Boolean.TRUE.equals(gw.getSpec().getActiveActive()));
    }

    private void writeStatus(Connection c, List<Condition> desired, boolean inForce, List<Problem> warnings,
                             TunnelStatusAggregator.Aggregate tunnels) {
        List<Condition> before = c.getStatus() == null ? List.of() : c.getStatus().getConditions();
        boolean changed = statusWriter.update(c, (ConnectionStatus old) -> {
            ConnectionStatus s = old == null ? new ConnectionStatus() : old;
            s.setObservedGeneration(c.getMetadata().getGeneration());
            s.setConditions(Conditions.merge(s.getConditions(), new ArrayList<>(desired), clock));
            s.setPeer(peer(c));
            if (tunnels != null) {
                // the instances' own reports: one writer per field, this reconciler only relays them
                s.setConnectionStatus(tunnels.state());
                s.setIngressBytesTransferred(tunnels.ingress());
                s.setEgressBytesTransferred(tunnels.egress());
                s.setTunnelConnectionStatus(tunnels.tunnels().isEmpty() ? null : tunnels.tunnels());
                s.setNegotiated(tunnels.negotiated());
            } else {
                s.setConnectionStatus(inForce ? ConnectionState.Unknown : ConnectionState.NotConnected);
            }
            return s;
        });
        Condition headline = desired.stream().filter(x -> x.getStatus().equals("True")).findFirst().orElse(desired.getFirst());
        boolean transitioned = before == null || before.stream().noneMatch(x -> x.getType().equals(headline.getType())
                && "True".equals(x.getStatus()) && headline.getReason().equals(x.getReason()));
        if (changed && transitioned) {
            if (headline.getType().equals(Conditions.STALLED)) {
                events.warning(c, headline.getReason(), headline.getMessage());
            } else {
                events.normal(c, headline.getReason(), headline.getMessage());
            }
            warnings.forEach(w -> events.warning(c, w.reason(), w.message()));
        }
    }

    static String peer(Connection c) {
        ConnectionSpec s = c.getSpec();
        if (s.getLocalNetworkGateway2() != null) {
            return s.getLocalNetworkGateway2().getName();
        }
        if (s.getVirtualNetworkGateway2() != null) {
            String ns = s.getVirtualNetworkGateway2().getNamespace() == null ? c.getMetadata().getNamespace() : s.getVirtualNetworkGateway2().getNamespace();
            return ns + "/" + s.getVirtualNetworkGateway2().getName();
        }
        return s.getPeer() == null ? null : s.getPeer().getId();
    }

}
