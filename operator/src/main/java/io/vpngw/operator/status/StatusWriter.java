package io.vpngw.operator.status;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.HttpURLConnection;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Writes a resource's status with an optimistic-lock update of the status subresource, only
 * when it changed. The status is first computed from the copy being reconciled (usually nothing
 * changed and nothing is sent); when that copy turns out stale (a conflict), it is recomputed from
 * the stored object and retried a few times.
 */
public final class StatusWriter {
    private static final int ATTEMPTS = 4;

    private final KubernetesClient client;

    public StatusWriter(KubernetesClient client) {
        this.client = client;
    }

    /**
     * @param resource the resource (name and namespace are used)
     * @param compute  the desired status from the stored one (may be null)
     * @return true when something was written
     */
    public <S, R extends CustomResource<?, S>> boolean update(R resource, UnaryOperator<S> compute) {
        @SuppressWarnings("unchecked")
        Class<R> type = (Class<R>) resource.getClass();
        // first from the copy being reconciled: most reconciles change nothing and ask nothing
        S cachedOld = resource.getStatus();
        S cachedDesired = compute.apply(cachedOld == null ? null : Serialization.clone(cachedOld));
        if (Objects.equals(Serialization.asJson(cachedOld), Serialization.asJson(cachedDesired))) {
            return false;
        }
        R copy = Serialization.clone(resource);
        copy.setStatus(cachedDesired);
        try {
            client.resource(copy).updateStatus();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                return false;
            }
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
        // the copy was stale: recompute from the stored object
        for (int attempt = 1; ; attempt++) {
            R latest = client.resources(type).inNamespace(resource.getMetadata().getNamespace())
                    .withName(resource.getMetadata().getName()).get();
            if (latest == null || latest.getMetadata().getDeletionTimestamp() != null && latest.getMetadata().getFinalizers().isEmpty()) {
                return false;
            }
            S old = latest.getStatus();
            S desired = compute.apply(old == null ? null : Serialization.clone(old));
            if (Objects.equals(Serialization.asJson(old), Serialization.asJson(desired))) {
                return false;
            }
            latest.setStatus(desired);
            try {
                client.resource(latest).updateStatus();
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                    return false; // deleted meanwhile: nothing to report on
                }
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
