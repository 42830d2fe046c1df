package io.vpngw.gateway.kube;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * core/v1 Events from a gateway instance about its gateway: they go on the VirtualNetworkGateway
 * that owns this instance's pod (found through the pod's controller reference, so
 * {@code kubectl describe vng} shows them), or on the pod itself when it has no owner. A repeated
 * event raises the count of the one already written (this instance remembers its counts: its
 * Role may create and patch Events, not read them). Writing happens on a thread of its own with a
 * bounded queue, so a slow or absent API server never holds up the caller; events that do not fit
 * are counted and dropped. Messages never carry secrets.
 */
public final class GatewayEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayEvents.class);
    public static final String COMPONENT = "vpngw-gateway";
    private static final int QUEUE = 256;

    private final KubernetesClient client;
    private final String namespace;
    private final String pod;
    private final Clock clock;
    private final ExecutorService writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(QUEUE), r -> Thread.ofPlatform().daemon().name("vpngw-events").unstarted(r),
            (task, pool) -> droppedEvent());
    private final LongAdder dropped = new LongAdder();
    // only on the writer's thread
    private ObjectReference about;
    private final Map<String, Integer> counts = new HashMap<>();

    public GatewayEvents(KubernetesClient client, String namespace, String pod, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.pod = pod;
        this.clock = clock;
    }

    public void normal(String reason, String message) {
        submit("Normal", reason, message);
    }

    public void warning(String reason, String message) {
        submit("Warning", reason, message);
    }

    /** Events that could not be queued or written. */
    public long dropped() {
        return dropped.sum();
    }

    private void submit(String type, String reason, String message) {
        LOG.info("event {} {}: {}", type, reason, message);
        writer.execute(() -> write(type, reason, message));
    }

    private void droppedEvent() {
        dropped.increment();
    }

    private void write(String type, String reason, String message) {
        try {
            ObjectReference target = about();
            String name = target.getName() + "." + digest(target.getUid() + "/" + pod + "/" + type + "/" + reason + "/" + message);
            String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
            Integer count = counts.get(name);
            if (count != null && patchCount(name, count + 1, now)) {
                counts.put(name, count + 1);
                return;
            }
            try {
                client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                        .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                        .withInvolvedObject(target)
                        .withType(type).withReason(reason).withMessage(message)
                        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                        .withNewSource().withComponent(COMPONENT).withHost(pod).endSource()
                        .withReportingComponent(COMPONENT).withReportingInstance(pod)
                        .build()).create();
                counts.put(name, 1);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                // written by an earlier life of this instance: continue its count from ours
                int next = count == null ? 2 : count + 1;
                if (patchCount(name, next, now)) {
                    counts.put(name, next);
                }
            }
        } catch (KubernetesClientException e) {
            dropped.increment();
            LOG.warn("could not record event {} ({})", reason, e.getMessage());
        }
    }

    private boolean patchCount(String name, int count, String now) {
        try {
            client.v1().events().inNamespace(namespace).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"count\":" + count + ",\"lastTimestamp\":\"" + now + "\"}");
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                counts.remove(name); // expired (events live an hour by default): write it afresh
                return false;
            }
            throw e;
        }
    }

    /** The gateway owning this pod, else the pod; looked up once it can be. */
    private ObjectReference about() {
        if (about != null) {
            return about;
        }
        Pod self = client.pods().inNamespace(namespace).withName(pod).get();
        if (self == null) {
            throw new KubernetesClientException("pod " + pod + " not found");
        }
        OwnerReference owner = self.getMetadata().getOwnerReferences() == null ? null
                : self.getMetadata().getOwnerReferences().stream()
                        .filter(o -> Boolean.TRUE.equals(o.getController())).findFirst().orElse(null);
        about = owner != null
                ? new ObjectReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                        .withName(owner.getName()).withNamespace(namespace).withUid(owner.getUid()).build()
                : new ObjectReferenceBuilder().withApiVersion("v1").withKind("Pod").withName(pod)
                        .withNamespace(namespace).withUid(self.getMetadata().getUid()).build();
        return about;
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.shutdownNow();
    }
}
