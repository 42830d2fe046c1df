package io.vpngw.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.vpngw.operator.cache.ClusterCaches;
import io.vpngw.operator.connection.ConnectionReconciler;
import io.vpngw.operator.gateway.GatewayIdentityIssuer;
import io.vpngw.operator.gateway.VirtualNetworkGatewayReconciler;
import io.vpngw.operator.site.AddressResolver;
import io.vpngw.operator.site.LocalNetworkGatewayReconciler;
import io.vpngw.operator.status.EventRecorder;
import java.time.Duration;

/**
 * The vpngw operator: the Java Operator SDK running the three reconcilers over shared caches.
 * No server-side apply anywhere: status and children are written with optimistic-lock updates,
 * the code path the tests exercise being the one production runs.
 */
public final class VpngwOperator implements AutoCloseable {
    public static final String LEASE_NAME = "vpngw-operator";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(VpngwOperator.class);
    private static final Duration CACHE_SYNC_TIMEOUT = Duration.ofMinutes(2);

    private final ClusterCaches caches;
    private final Operator operator;

    public VpngwOperator(KubernetesClient client, OperatorSettings settings, GatewayIdentityIssuer issuer,
                         AddressResolver resolver, MeterRegistry registry) {
        this.caches = new ClusterCaches(client);
        EventRecorder events = new EventRecorder(client, settings.clock());
        this.operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .checkingCRDAndValidateLocalModel(false)
                    .withCacheSyncTimeout(CACHE_SYNC_TIMEOUT)
                    .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
            var election = settings.leaderElection();
            if (election != null) {
                o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(LEASE_NAME, election.namespace(),
                        election.leaseDuration(), election.renewDeadline(), election.retryPeriod(), election.identity(),
                        new LeaderCallbacks(() -> LOG.info("{} leads the vpngw operators", election.identity()),
                                () -> LOG.warn("{} lost the lead", election.identity()),
                                leader -> LOG.info("leader is {}", leader)),
                        election.exitOnLoss()));
            }
        });
        operator.register(new VirtualNetworkGatewayReconciler(client, caches, issuer, events, settings));
        operator.register(new ConnectionReconciler(client, caches, events, settings.clock()));
        operator.register(new LocalNetworkGatewayReconciler(client, caches, resolver, events, settings.clock()));
    }

    /** Starts the shared watches, waits until they have listed, then the reconcilers. */
    public VpngwOperator start() {
        caches.start(CACHE_SYNC_TIMEOUT);
        operator.start();
        return this;
    }

    @Override
    public void close() {
        try {
            operator.stop();
        } catch (RuntimeException e) {
            // a reconcile that finishes while the SDK shuts down may fail to schedule its next run
            // (its timer is already cancelled): harmless when stopping, so it must not fail the stop
            LOG.warn("a reconcile in flight failed while the operator stopped: {}", e.toString());
        } finally {
            caches.close();
        }
    }
}
