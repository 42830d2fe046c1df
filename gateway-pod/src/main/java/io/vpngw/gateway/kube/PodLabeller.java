package io.vpngw.gateway.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code vpngw.io/role} on this instance's own pod equal to the role, retrying while the API
 * server cannot be reached. Each instance labels only itself, so the two never fight over a label.
 */
final class PodLabeller {
    private static final Logger LOG = LoggerFactory.getLogger(PodLabeller.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String pod;
    private final ScheduledExecutorService executor;
    private final Duration retry;
    private String wanted;
    private String applied;
    private boolean retryScheduled;

    PodLabeller(KubernetesClient client, String namespace, String pod, ScheduledExecutorService executor, Duration retry) {
        this.client = client;
        this.namespace = namespace;
        this.pod = pod;
        this.executor = executor;
        this.retry = retry;
    }

    /** Must be called on {@code executor}'s thread. */
    void label(String value) {
        wanted = value;
        apply();
    }

    private void apply() {
        if (wanted == null || wanted.equals(applied)) {
            return;
        }
        String value = wanted;
        try {
            client.pods().inNamespace(namespace).withName(pod).patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"metadata\":{\"labels\":{\"" + RoleKeeper.ROLE_LABEL + "\":\"" + value + "\"}}}");
            applied = value;
            LOG.info("pod {} labelled {}={}", pod, RoleKeeper.ROLE_LABEL, value);
        } catch (KubernetesClientException e) {
            LOG.warn("labelling pod {} {}={} failed ({}); retrying", pod, RoleKeeper.ROLE_LABEL, value, e.getMessage());
            if (!retryScheduled && !executor.isShutdown()) {
                retryScheduled = true;
                executor.schedule(() -> {
                    retryScheduled = false;
                    apply();
                }, retry.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }
}
