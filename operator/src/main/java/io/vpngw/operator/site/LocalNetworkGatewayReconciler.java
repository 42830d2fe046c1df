package io.vpngw.operator.site;

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
import io.vpngw.api.v1alpha1.LocalNetworkGateway;
import io.vpngw.api.v1alpha1.LocalNetworkGatewayStatus;
import io.vpngw.operator.cache.CacheTrigger;
import io.vpngw.operator.cache.ClusterCaches;
import io.vpngw.operator.plan.Problem;
import io.vpngw.operator.status.Conditions;
import io.vpngw.operator.status.EventRecorder;
import io.vpngw.operator.status.StatusWriter;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Keeps a LocalNetworkGateway's resolved addresses in its status (its DNS name is resolved again
 * periodically, since on-premises addresses change) and refuses to let it disappear while a
 * Connection still uses it: the deletion waits, reported as Stalled, until those Connections go.
 * The gateways that use it re-render on any change through their own watches.
 */
@ControllerConfiguration(name = LocalNetworkGatewayReconciler.NAME)
public final class LocalNetworkGatewayReconciler implements Reconciler<LocalNetworkGateway>, Cleaner<LocalNetworkGateway> {
    public static final String NAME = "localnetworkgateway";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LocalNetworkGatewayReconciler.class);
    static final Duration RESOLVE_EVERY = Duration.ofMinutes(5);
    static final Duration RETRY_RESOLUTION = Duration.ofSeconds(30);

    private final ClusterCaches caches;
    private final AddressResolver resolver;
    private final StatusWriter statusWriter;
    private final EventRecorder events;
    private final Clock clock;

    public LocalNetworkGatewayReconciler(KubernetesClient client, ClusterCaches caches, AddressResolver resolver,
                                         EventRecorder events, Clock clock) {
        this.caches = caches;
        this.resolver = resolver;
        this.events = events;
        this.clock = clock;
        this.statusWriter = new StatusWriter(client);
    }

    @Override
    public List<EventSource<?, LocalNetworkGateway>> prepareEventSources(EventSourceContext<LocalNetworkGateway> context) {
        // a deletion waiting for its Connections to go is looked at again when one goes
        return List.of(new CacheTrigger<>("site-connections", Connection.class, caches, c ->
                c.getSpec().getLocalNetworkGateway2() == null ? Set.of()
                        : Set.of(new ResourceID(c.getSpec().getLocalNetworkGateway2().getName(), c.getMetadata().getNamespace())),
                CacheTrigger::specOrLifecycle));
    }

    @Override
    public UpdateControl<LocalNetworkGateway> reconcile(LocalNetworkGateway lng, Context<LocalNetworkGateway> context) {
        long generation = lng.getMetadata().getGeneration() == null ? 0 : lng.getMetadata().getGeneration();
        var spec = lng.getSpec();
        if (spec.getFqdn() == null) {
            write(lng, List.of(spec.getGatewayIpAddress()), Conditions.ready(generation, "Ready", "device at " + spec.getGatewayIpAddress()));
            return UpdateControl.noUpdate();
        }
        try {
            List<String> addresses = resolver.resolve(spec.getFqdn());
            if (addresses.isEmpty()) {
                throw new UnknownHostException(spec.getFqdn() + " has no IPv4 address");
            }
            write(lng, addresses, Conditions.ready(generation, "Resolved", spec.getFqdn() + " resolves to " + String.join(", ", addresses)));
            return UpdateControl.<LocalNetworkGateway>noUpdate().rescheduleAfter(RESOLVE_EVERY);
        } catch (UnknownHostException e) {
            // keep the last addresses: a passing DNS failure must not take tunnels down
            List<String> last = lng.getStatus() == null ? null : lng.getStatus().getResolvedAddresses();
            write(lng, last, Conditions.reconciling(generation, Problem.RESOLUTION_FAILED, "cannot resolve " + spec.getFqdn()
                    + " (" + e.getMessage() + "); retrying; check the name and the cluster's DNS"));
            return UpdateControl.<LocalNetworkGateway>noUpdate().rescheduleAfter(RETRY_RESOLUTION);
        }
    }

    private void write(LocalNetworkGateway lng, List<String> addresses, List<Condition> desired) {
        List<Condition> before = lng.getStatus() == null ? List.of() : lng.getStatus().getConditions();
        boolean changed = statusWriter.update(lng, (LocalNetworkGatewayStatus old) -> {
            LocalNetworkGatewayStatus s = old == null ? new LocalNetworkGatewayStatus() : old;
            s.setObservedGeneration(lng.getMetadata().getGeneration());
            s.setConditions(Conditions.merge(s.getConditions(), new ArrayList<>(desired), clock));
            s.setResolvedAddresses(addresses);
            return s;
        });
        Condition headline = desired.stream().filter(x -> x.getStatus().equals("True")).findFirst().orElse(desired.getFirst());
        boolean transitioned = before == null || before.stream().noneMatch(x -> x.getType().equals(headline.getType())
                && "True".equals(x.getStatus()) && headline.getReason().equals(x.getReason()));
        if (changed && transitioned) {
            if (headline.getType().equals(Conditions.READY)) {
                events.normal(lng, headline.getReason(), headline.getMessage());
            } else {
                events.warning(lng, headline.getReason(), headline.getMessage());
            }
        }
    }

    @Override
    public DeleteControl cleanup(LocalNetworkGateway lng, Context<LocalNetworkGateway> context) {
        List<Connection> users = caches.connectionsUsingSite(lng.getMetadata().getNamespace(), lng.getMetadata().getName());
        if (users.isEmpty()) {
            LOG.info("site {}/{} deleted: no Connection uses it", lng.getMetadata().getNamespace(), lng.getMetadata().getName());
            return DeleteControl.defaultDelete();
        }
        String names = String.join(", ", users.stream().map(c -> c.getMetadata().getName()).toList());
        LOG.info("deletion of site {}/{} waits for Connection {}", lng.getMetadata().getNamespace(), lng.getMetadata().getName(), names);
        long generation = lng.getMetadata().getGeneration() == null ? 0 : lng.getMetadata().getGeneration();
        write(lng, lng.getStatus() == null ? null : lng.getStatus().getResolvedAddresses(), Conditions.stalled(generation, Problem.STILL_REFERENCED,
                "deletion waits: still used by Connection " + names + "; delete those Connections or point them at another LocalNetworkGateway"));
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(30));
    }
}
