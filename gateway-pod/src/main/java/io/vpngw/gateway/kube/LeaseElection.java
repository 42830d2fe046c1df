package io.vpngw.gateway.kube;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active-standby on the gateway's Lease: the holder serves and labels its own pod
 * {@code vpngw.io/role=active}; the other labels itself {@code standby}. The Service selects the
 * active pod, so a takeover moves the peers' traffic with the label.
 *
 * <h2>Why a lost Lease renewal does not stop the tunnels</h2>
 * Fabric8's elector stops leading when it cannot renew within the renew deadline, whatever the
 * reason. Most often the reason is that the API server (or the path to it) is down, and then
 * nobody else can take the Lease either: tearing the tunnels down would turn an outage of the
 * control plane into an outage of the data plane. So losing the renewal alone only moves this
 * instance to {@link InstanceRole#ACTIVE_UNCONFIRMED}: it keeps serving and starts a new elector,
 * which keeps reading the Lease. It stops serving only on proof that another instance holds it
 * (the elector observes another holder), and goes back to {@link InstanceRole#ACTIVE} when it
 * renews again.
 *
 * <p>The price: if only this instance is cut off from the API server while the other is not, the
 * other takes the Lease after it expires and both serve until this one can read the Lease again;
 * its pod keeps the {@code active} label meanwhile (it cannot change it), so the Service may send
 * new flows to either. Peers' IKE SAs stay with the instance that holds them (existing UDP flows
 * keep their conntrack entry), so this degrades to a slower failover rather than to an outage.
 *
 * <p>A clean shutdown ({@link #close()}) releases the Lease at once so the standby takes over
 * within one retry period rather than a whole lease duration.
 *
 * <p>All role changes and the listener's calls happen on one thread.
 */
public final class LeaseElection implements RoleKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseElection.class);

    /**
     * The election's clock: crash failover takes at most {@code lease} plus one {@code retry} (and
     * its jitter); the holder must renew within {@code renewDeadline}.
     */
    public record Timing(Duration lease, Duration renewDeadline, Duration retry) {
        /** Tuned for a failover within about three seconds of an active instance's crash. */
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(500));

        public Timing {
            if (lease.compareTo(renewDeadline) <= 0 || renewDeadline.toMillis() <= retry.toMillis() * 1.2) {
                throw new IllegalArgumentException("need lease > renew deadline > 1.2 x retry");
            }
        }
    }

    /** Which Lease, and who this instance is (its pod's name). */
    public record Candidate(String namespace, String lease, String pod) {
        public Candidate {
            Objects.requireNonNull(namespace);
            Objects.requireNonNull(lease);
            Objects.requireNonNull(pod);
        }
    }

    private final KubernetesClient client;
    private final Candidate candidate;
    private final Timing timing;
    private final RoleListener listener;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("vpngw-election").unstarted(r));
    private final PodLabeller labeller;
    private volatile InstanceRole role = InstanceRole.STANDBY;
    // touched only on the executor's thread
    private int electorGeneration;
    private CompletableFuture<?> elector;
    private boolean closing;

    public LeaseElection(KubernetesClient client, Candidate candidate, Timing timing, RoleListener listener) {
        this.client = failFast(client, timing);
        this.candidate = candidate;
        this.timing = timing;
        this.listener = listener;
        this.labeller = new PodLabeller(client, candidate.namespace(), candidate.pod(), executor, timing.retry());
    }

    /**
     * A client of its own that gives up on a request within the retry period: the shared client
     * retries with backoff for tens of seconds, which would hold the renew loop far past its
     * deadline and the Lease's expiry.
     */
    private static KubernetesClient failFast(KubernetesClient client, Timing timing) {
        int timeoutMillis = (int) Math.max(250, timing.retry().toMillis() * 2);
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(timeoutMillis)
                .withRequestTimeout(timeoutMillis)
                .build()).build();
    }

    @Override
    public LeaseElection start() {
        executor.execute(() -> {
            labeller.label(InstanceRole.STANDBY.podLabel());
            startElector();
        });
        return this;
    }

    @Override
    public InstanceRole role() {
        return role;
    }

    /** A fresh elector: Fabric8's stops for good once it stops leading, so each term needs a new one. */
    private void startElector() {
        int generation = ++electorGeneration;
        var config = new LeaderElectionConfigBuilder()
                .withName("vpngw-" + candidate.lease())
                .withLock(new LeaseLock(candidate.namespace(), candidate.lease(), candidate.pod()))
                .withLeaseDuration(timing.lease())
                .withRenewDeadline(timing.renewDeadline())
                .withRetryPeriod(timing.retry())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(
                        () -> onExecutor(() -> leading(generation)),
                        () -> onExecutor(() -> stoppedLeading(generation)),
                        holder -> onExecutor(() -> observedHolder(generation, holder))))
                .build();
        elector = client.leaderElector().withConfig(config).build().start();
    }

    private void onExecutor(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // closed: the elector's last callbacks have nothing left to change
        }
    }

    private void leading(int generation) {
        if (closing || generation != electorGeneration) {
            return;
        }
        if (role == InstanceRole.ACTIVE_UNCONFIRMED) {
            LOG.info("Lease {} renewed again; still active", candidate.lease());
        }
        become(InstanceRole.ACTIVE);
    }

    private void stoppedLeading(int generation) {
        if (closing || generation != electorGeneration) {
            return;
        }
        if (role == InstanceRole.ACTIVE) {
            // No proof anyone else holds the Lease: keep serving (see the class comment).
            LOG.warn("could not renew Lease {}; keep serving until another holder is seen", candidate.lease());
            become(InstanceRole.ACTIVE_UNCONFIRMED);
        }
        startElector();
    }

    private void observedHolder(int generation, String holder) {
        if (closing || generation != electorGeneration) {
            return;
        }
        if (holder != null && !holder.isEmpty() && !holder.equals(candidate.pod()) && role.serving()) {
            LOG.warn("Lease {} is held by {}; stop serving", candidate.lease(), holder);
            become(InstanceRole.STANDBY);
        }
    }

    private void become(InstanceRole next) {
        InstanceRole previous = role;
        if (previous == next) {
            return;
        }
        role = next;
        LOG.info("role {} -> {}", previous, next);
        if (!previous.serving() && next.serving()) {
            listener.startServing();
        } else if (previous.serving() && !next.serving()) {
            listener.stopServing();
        }
        labeller.label(next.podLabel());
    }

    /** Releases the Lease (so the standby takes over at once), stops serving, labels the pod standby. */
    @Override
    public void close() {
        RoleExecutors.finish(executor, () -> {
            closing = true;
            if (elector != null) {
                elector.cancel(true); // with releaseOnCancel: gives the Lease up before returning
            }
            if (role.serving()) {
                role = InstanceRole.STANDBY;
                listener.stopServing();
            }
            labeller.label(InstanceRole.STANDBY.podLabel());
        });
        client.close();
    }
}
