package io.vpngw.gateway.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class ReconnectedLeaseLockTest {
    private static final ZonedDateTime T0 = ZonedDateTime.of(2026, 11, 27, 12, 0, 0, 0, ZoneOffset.UTC);

    /** What the API server holds; null: unreachable. */
    private static final class FakeLock implements Lock {
        LeaderElectionRecord stored;
        boolean reachable = true;

        @Override
        public LeaderElectionRecord get(KubernetesClient client) {
            if (!reachable) {
                throw new KubernetesClientException("connection refused");
            }
            return stored;
        }

        @Override
        public void create(KubernetesClient client, LeaderElectionRecord record) {
            stored = record;
        }

        @Override
        public void update(KubernetesClient client, LeaderElectionRecord record) {
            stored = record;
        }

        @Override
        public String identity() {
            return "gw-vpngw-1";
        }

        @Override
        public String describe() {
            return "vpn/gw-vpngw-active";
        }
    }

    private final FakeLock api = new FakeLock();
    private ZonedDateTime now = T0;
    private final ReconnectedLeaseLock lock = new ReconnectedLeaseLock(api, () -> now);

    private static LeaderElectionRecord renewedAt(ZonedDateTime time) {
        return new LeaderElectionRecord("gw-vpngw-0", Duration.ofSeconds(2), T0, time, 1);
    }

    @Test
    void inNormalOperationTheRecordsRenewTimeIsTrusted() {
        api.stored = renewedAt(T0);
        now = T0.plusSeconds(5);
        assertThat(lock.get(null).getRenewTime()).isEqualTo(T0);
    }

    @Test
    void afterAnOutageAStaleRecordCountsAsRenewedWhenFirstReadBack() {
        api.stored = renewedAt(T0);
        lock.get(null);
        api.reachable = false;
        now = T0.plusSeconds(60);
        assertThatThrownBy(() -> lock.get(null)).isInstanceOf(KubernetesClientException.class);

        api.reachable = true;
        now = T0.plusSeconds(61);
        LeaderElectionRecord first = lock.get(null);
        assertThat(first.getRenewTime()).as("not expired for a whole lease from now").isEqualTo(T0.plusSeconds(61));
        assertThat(first.getHolderIdentity()).isEqualTo("gw-vpngw-0");
        now = T0.plusSeconds(62);
        assertThat(lock.get(null).getRenewTime()).as("the same stale record keeps its read-back time")
                .isEqualTo(T0.plusSeconds(61));
    }

    @Test
    void aRenewalAfterTheOutageIsTrustedAgain() {
        api.stored = renewedAt(T0);
        api.reachable = false;
        assertThatThrownBy(() -> lock.get(null)).isInstanceOf(KubernetesClientException.class);
        api.reachable = true;
        now = T0.plusSeconds(60);
        lock.get(null);
        api.stored = renewedAt(T0.plusSeconds(60).plusNanos(300_000_000));
        now = T0.plusSeconds(70);
        assertThat(lock.get(null).getRenewTime()).isEqualTo(T0.plusSeconds(60).plusNanos(300_000_000));
    }

    @Test
    void writesAndIdentityGoToTheLease() {
        LeaderElectionRecord mine = new LeaderElectionRecord("gw-vpngw-1", Duration.ofSeconds(2), T0, T0, 2);
        lock.update(null, mine);
        assertThat(api.stored).isSameAs(mine);
        assertThat(lock.identity()).isEqualTo("gw-vpngw-1");
    }
}
