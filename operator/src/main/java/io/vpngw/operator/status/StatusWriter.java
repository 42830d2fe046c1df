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
 * when it changed. The status is computed from the latest stored object, and a conflict (someone
 * wrote in between) is retried a few times with the newer object.
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
        for (int attempt = 1; ; attempt++) {
            R latest = client.resources(type).inNamespace(resource.getMetadata().getNamespace())
                    .withName(resource.getMetadata().getName()).get();
            if (latest == null || latest.getMetadata().getDeletionTimestamp() != null && latest.getMetadata().getFinalizers().isEmpty()) {
                return false;
            }
            S old = latest.getStatus();
            S copy = old == null ? null : Serialization.clone(old);
            S desired = compute.apply(copy);
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
