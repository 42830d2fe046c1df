package io.vpngw.gateway.kube;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.LockSupport;
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
 * <p>When the API server comes back after an outage, the Lease has expired without anyone having
 * died. The standby then waits a whole lease duration of its own observation before it may take it
 * ({@link ReconnectedLeaseLock}), so the holder, which renews within one retry period, keeps it.
 *
 * <h2>Handing over on a clean shutdown</h2>
 * {@link #close()} releases the Lease at once, so the standby takes it at its next retry rather than
 * after a whole lease duration, and relabels this pod {@code standby}. It keeps serving (no IKE
 * Delete is sent, the tunnels stay up and forward) until the successor holds the Lease and its pod
 * is labelled {@code active}, that is until the Service has been told to move the peers' traffic,
 * or at most {@link #handoverTimeout()}; only then does it stop its data plane. The peers meet the
 * successor's fresh IKE SA (with INITIAL_CONTACT, so they drop the old one) instead of a dead
 * address.
 *
 * <p>A newly elected instance labels its pod {@code active} before it starts its data plane, so
 * that the Service already points at it when the answer to its first IKE message comes back.
 *
 * <p>All role changes and the listener's calls happen on one thread.
 */
public final class LeaseElection implements RoleKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseElection.class);

    /**
     * The election's clock. After a crash the Lease expires {@code lease} after its last renewal,
     * which was at most one {@code retry} before the crash; the standby notices at its next attempt,
     * and Fabric8 spaces attempts {@code retry} to 2.2 x {@code retry} apart (jitter factor 1.2).
     * So the standby takes over between {@code lease - retry} and {@code lease + 2.2 x retry} after
     * a crash. The holder gives up renewing after {@code renewDeadline}. The Lease stores whole
     * seconds, so {@code lease} must be a whole number of seconds.
     */
    public record Timing(Duration lease, Duration renewDeadline, Duration retry) {
        /**
         * 2 s lease, 1.5 s renew deadline, 0.5 s retry: takeover 1.5 to 3.1 s after a crash (about
         * 2.3 s typically) plus the successor's start, against Azure's 1 to 3 minutes for an
         * unplanned failover. The price is API load: the holder writes the Lease twice a second and
         * the standby reads it 0.9 to 2 times a second, about 3.5 requests per second per gateway
         * (700 per second for 200 gateways), where Kubernetes' own controllers use 15 s / 10 s / 2 s
         * (0.75 per second). A shorter lease would also make a holder that stalls (a long GC pause,
         * a starved node) lose the Lease sooner; 1.5 s without a renewal is already well beyond any
         * pause this process should see.
         */
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(500));

        public Timing {
            if (lease.compareTo(renewDeadline) <= 0 || renewDeadline.toMillis() <= retry.toMillis() * 1.2) {
                throw new IllegalArgumentException("need lease > renew deadline > 1.2 x retry");
            }
            if (lease.toMillis() % 1000 != 0) {
                throw new IllegalArgumentException("the Lease stores whole seconds: " + lease);
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
    /** One lock for every term's elector: it remembers an outage across them. */
    private final ReconnectedLeaseLock lock;
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
        this.lock = new ReconnectedLeaseLock(new LeaseLock(candidate.namespace(), candidate.lease(), candidate.pod()),
                () -> ZonedDateTime.now(ZoneOffset.UTC));
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
                .withLock(lock)
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
            labeller.label(next.podLabel()); // first: the answer to our first IKE message must reach us
            listener.startServing();
        } else if (previous.serving() && !next.serving()) {
            listener.stopServing();
            labeller.label(next.podLabel());
        } else {
            labeller.label(next.podLabel());
        }
    }

    /**
     * Releases the Lease (so the standby takes over at its next retry), labels the pod standby, keeps
     * serving until the successor is labelled active (bounded by {@link #handoverTimeout()}), then
     * stops serving.
     */
    @Override
    public void close() {
        RoleExecutors.finish(executor, () -> {
            closing = true;
            if (elector != null) {
                elector.cancel(true); // with releaseOnCancel: gives the Lease up before returning
            }
            labeller.label(InstanceRole.STANDBY.podLabel());
            if (role.serving()) {
                awaitSuccessor();
                role = InstanceRole.STANDBY;
                listener.stopServing();
            }
        });
        client.close();
    }

    /**
     * How long a clean shutdown keeps serving while waiting for a successor: the standby's next
     * attempt comes within 2.2 retry periods of the release; a whole lease duration on top covers
     * a slow API server. Without a standby the shutdown takes this long.
     */
    Duration handoverTimeout() {
        return timing.lease().plus(timing.retry().multipliedBy(3));
    }

    /** Polls (bounded) until another pod holds the Lease and is labelled active. */
    private void awaitSuccessor() {
        long deadline = System.nanoTime() + handoverTimeout().toNanos();
        long interval = Math.max(1, timing.retry().toNanos() / 10);
        while (true) {
            String successor = successorServing();
            if (successor != null) {
                LOG.info("{} holds Lease {} and is labelled active; stopping the data plane", successor, candidate.lease());
                return;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                LOG.warn("no successor took Lease {} within {}; stopping anyway", candidate.lease(), handoverTimeout());
                return;
            }
            LockSupport.parkNanos(Math.min(interval, remaining));
        }
    }

    /** The pod that now holds the Lease if it is another one and labelled active, else null. */
    private String successorServing() {
        try {
            var lease = client.leases().inNamespace(candidate.namespace()).withName(candidate.lease()).get();
            String holder = lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
            if (holder == null || holder.isEmpty() || holder.equals(candidate.pod())) {
                return null;
            }
            var pod = client.pods().inNamespace(candidate.namespace()).withName(holder).get();
            var labels = pod == null ? null : pod.getMetadata().getLabels();
            return labels != null && InstanceRole.ACTIVE.podLabel().equals(labels.get(ROLE_LABEL)) ? holder : null;
        } catch (KubernetesClientException e) {
            return null; // the API server is unreachable: keep serving until the deadline
        }
    }
}
