package io.vpngw.gateway.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The Lease lock as a candidate sees it, with one correction: after this candidate could not read
 * the Lease (the API server was gone), a record it reads again counts as renewed no earlier than
 * the moment it was first read back.
 *
 * <p>Why: during an outage of the API server nobody can renew the Lease, so when the server returns
 * the record has long expired. Fabric8's elector judges expiry by the record's {@code renewTime}
 * alone, so the standby would take the Lease at its first read, racing the holder, which kept
 * serving all along (see {@link LeaseElection}) and is about to renew: a failover caused by nothing
 * but the outage. With this lock the standby must watch the record stay unrenewed for a whole lease
 * duration of its own observation first, which a living holder never lets happen (it renews every
 * retry period) and a dead one does. The delay applies only right after an outage; in normal
 * operation {@code renewTime} is trusted and crash failover is not slowed.
 *
 * <p>Thread-safe: the elector may call from its executor's threads.
 */
final class ReconnectedLeaseLock implements Lock {
    private final Lock delegate;
    private final Supplier<ZonedDateTime> now;
    private boolean lostSight;
    /** The first record read after an outage, and when; null when nothing is distrusted. */
    private LeaderElectionRecord distrusted;
    private ZonedDateTime readBackAt;

    ReconnectedLeaseLock(Lock delegate, Supplier<ZonedDateTime> now) {
        this.delegate = Objects.requireNonNull(delegate);
        this.now = Objects.requireNonNull(now);
    }

    @Override
    public synchronized LeaderElectionRecord get(KubernetesClient client) {
        LeaderElectionRecord record;
        try {
            record = delegate.get(client);
        } catch (RuntimeException e) {
            lostSight = true;
            distrusted = null;
            throw e;
        }
        if (record == null) {
            lostSight = false;
            distrusted = null;
            return null;
        }
        if (lostSight) {
            lostSight = false;
            distrusted = record;
            readBackAt = now.get();
        } else if (distrusted != null && !sameRenewal(distrusted, record)) {
            distrusted = null; // renewed (or taken) since: its renewTime is news again
        }
        if (distrusted != null && (record.getRenewTime() == null || record.getRenewTime().isBefore(readBackAt))) {
            return new LeaderElectionRecord(record.getHolderIdentity(), record.getLeaseDuration(),
                    record.getAcquireTime(), readBackAt, record.getLeaderTransitions());
        }
        return record;
    }

    private static boolean sameRenewal(LeaderElectionRecord a, LeaderElectionRecord b) {
        return Objects.equals(a.getHolderIdentity(), b.getHolderIdentity())
                && Objects.equals(a.getRenewTime(), b.getRenewTime());
    }

    @Override
    public void create(KubernetesClient client, LeaderElectionRecord record) {
        delegate.create(client, record);
    }

    @Override
    public void update(KubernetesClient client, LeaderElectionRecord record) {
        delegate.update(client, record);
    }

    @Override
    public String identity() {
        return delegate.identity();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }
}
