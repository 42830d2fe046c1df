package io.vpngw.gateway.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeaseElectionTest {
    private final MockApi api = new MockApi();
    private final List<LeaseElection> elections = new ArrayList<>();

    @AfterEach
    void close() {
        elections.forEach(LeaseElection::close);
        api.close();
    }

    private LeaseElection candidate(String pod, RoleListener listener) {
        api.pod(pod);
        LeaseElection e = new LeaseElection(api.newClient(),
                new LeaseElection.Candidate(MockApi.NAMESPACE, MockApi.LEASE, pod), LeaseElection.Timing.DEFAULT, listener);
        elections.add(e);
        return e;
    }

    private String holder() {
        var lease = api.client.leases().inNamespace(MockApi.NAMESPACE).withName(MockApi.LEASE).get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    @Test
    void exactlyOneInstanceServesAndLabelsItselfActive() {
        var listener0 = new RecordingRoleListener();
        var listener1 = new RecordingRoleListener();
        var zero = candidate("gw-vpngw-0", listener0).start();
        var one = candidate("gw-vpngw-1", listener1).start();

        await().atMost(Duration.ofSeconds(10)).until(() -> holder() != null
                && "active".equals(api.roleLabel(holder()))
                && "standby".equals(api.roleLabel(holder().equals("gw-vpngw-0") ? "gw-vpngw-1" : "gw-vpngw-0")));
        // stays that way: one serves, the other waits
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> listener0.serving() != listener1.serving());
        LeaseElection leader = holder().equals("gw-vpngw-0") ? zero : one;
        LeaseElection standby = leader == zero ? one : zero;
        assertThat(leader.role()).isEqualTo(InstanceRole.ACTIVE);
        assertThat(standby.role()).isEqualTo(InstanceRole.STANDBY);
    }

    @Test
    void aCleanShutdownHandsOverWithinThreeSecondsAndTheLabelsFlip() {
        var listener0 = new RecordingRoleListener();
        var zero = candidate("gw-vpngw-0", listener0).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> zero.role() == InstanceRole.ACTIVE
                && "active".equals(api.roleLabel("gw-vpngw-0")));
        var listener1 = new RecordingRoleListener();
        var one = candidate("gw-vpngw-1", listener1).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> "standby".equals(api.roleLabel("gw-vpngw-1")));

        zero.close();
        assertThat(listener0.calls).containsExactly("start", "stop");
        assertThat(api.roleLabel("gw-vpngw-0")).isEqualTo("standby");
        await().atMost(Duration.ofSeconds(3)).until(() -> one.role() == InstanceRole.ACTIVE
                && "active".equals(api.roleLabel("gw-vpngw-1")));
        assertThat(listener1.calls).containsExactly("start");
        assertThat(holder()).isEqualTo("gw-vpngw-1");
    }

    @Test
    void aLeaderThatLosesTheApiServerKeepsServing() {
        var listener = new RecordingRoleListener();
        var zero = candidate("gw-vpngw-0", listener).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> zero.role() == InstanceRole.ACTIVE
                && "active".equals(api.roleLabel("gw-vpngw-0")));

        api.server.destroy();

        // well past the renew deadline and the lease: the renewal has provably failed...
        await().atMost(Duration.ofSeconds(10)).until(() -> zero.role() == InstanceRole.ACTIVE_UNCONFIRMED);
        // ...and still the runtime was never told to stop
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                .until(() -> zero.role().serving() && listener.calls.equals(List.of("start")));
    }

    @Test
    void anUnconfirmedLeaderStopsOnlyWhenItSeesAnotherHolder() {
        var listener = new RecordingRoleListener();
        var zero = candidate("gw-vpngw-0", listener).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> zero.role() == InstanceRole.ACTIVE);

        // Another instance writes itself into the Lease behind this one's back, as it would after
        // taking over while this one could not reach the API server.
        // (the holder renews every retry period, so an edit may meet a conflict: try again)
        await().atMost(Duration.ofSeconds(5)).ignoreException(KubernetesClientException.class).until(() -> {
            api.client.leases().inNamespace(MockApi.NAMESPACE).withName(MockApi.LEASE)
                    .edit(l -> {
                        l.getSpec().setHolderIdentity("gw-vpngw-1");
                        l.getSpec().setRenewTime(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
                        l.getSpec().setLeaseDurationSeconds(300);
                        return l;
                    });
            return true;
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> zero.role() == InstanceRole.STANDBY
                && "standby".equals(api.roleLabel("gw-vpngw-0")));
        assertThat(listener.calls).containsExactly("start", "stop");
    }
}
