package io.vpngw.gateway.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Active-active: both instances serve from the start, no election. */
public final class AlwaysActive implements RoleKeeper {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("vpngw-role").unstarted(r));
    private final PodLabeller labeller;
    private final RoleListener listener;
    private volatile InstanceRole role = InstanceRole.STANDBY;

    public AlwaysActive(KubernetesClient client, String namespace, String pod, RoleListener listener) {
        this.labeller = new PodLabeller(client, namespace, pod, executor, Duration.ofSeconds(1));
        this.listener = listener;
    }

    @Override
    public AlwaysActive start() {
        executor.execute(() -> {
            role = InstanceRole.ACTIVE;
            listener.startServing();
            labeller.label(role.podLabel());
        });
        return this;
    }

    @Override
    public InstanceRole role() {
        return role;
    }

    @Override
    public void close() {
        RoleExecutors.finish(executor, () -> {
            if (role.serving()) {
                role = InstanceRole.STANDBY;
                listener.stopServing();
            }
        });
    }
}
