package io.vpngw.gateway.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.HashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this instance's {@link InstanceStatus} into its status ConfigMap (which the operator
 * creates empty and reads back into the resources' status): every period, and at once when
 * {@link #reportNow()} is called, but only when the document differs from the last one written,
 * so a quiet gateway costs the API server nothing. A failed write is retried on the next tick.
 */
public final class StatusReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusReporter.class);
    public static final String STATUS_KEY = "status.json";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private final KubernetesClient client;
    private final String namespace;
    private final String configMap;
    private final Supplier<InstanceStatus> status;
    private final Duration period;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("vpngw-status").unstarted(r));
    private String lastWritten; // only on the executor's thread

    public StatusReporter(KubernetesClient client, String namespace, String configMap, Supplier<InstanceStatus> status,
                          Duration period) {
        this.client = client;
        this.namespace = namespace;
        this.configMap = configMap;
        this.status = status;
        this.period = period;
    }

    public StatusReporter start() {
        executor.scheduleWithFixedDelay(this::report, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Something changed (a role, a tunnel): report without waiting for the next tick. */
    public void reportNow() {
        try {
            executor.execute(this::report);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }

    private void report() {
        String document;
        try {
            document = JSON.writeValueAsString(status.get());
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.error("could not build the instance status", e);
            return;
        }
        if (document.equals(lastWritten)) {
            return;
        }
        try {
            client.configMaps().inNamespace(namespace).withName(configMap).edit(cm -> {
                var data = cm.getData() == null ? new HashMap<String, String>() : new HashMap<>(cm.getData());
                data.put(STATUS_KEY, document);
                cm.setData(data);
                return cm;
            });
            lastWritten = document;
        } catch (KubernetesClientException e) {
            LOG.warn("writing status to ConfigMap {} failed ({}); retrying", configMap, e.getMessage());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
