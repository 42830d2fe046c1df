package io.vpngw.operator.status;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vpngw.operator.Names;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events about vpngw objects, as {@code kubectl describe} shows them. A repeated
 * event (same object, reason and message) raises the count of the existing one instead of
 * piling up new objects. Messages never carry secrets: callers pass what a user may read.
 */
public final class EventRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    public static final String COMPONENT = "vpngw-operator";

    private final KubernetesClient client;
    private final Clock clock;

    public EventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public void normal(HasMetadata about, String reason, String message) {
        record(about, "Normal", reason, message);
    }

    public void warning(HasMetadata about, String reason, String message) {
        record(about, "Warning", reason, message);
    }

    private void record(HasMetadata about, String type, String reason, String message) {
        String ns = about.getMetadata().getNamespace();
        String name = about.getMetadata().getName() + "." + Names.sha256Hex(about.getKind() + "/" + about.getMetadata().getUid()
                + "/" + type + "/" + reason + "/" + message).substring(0, 16);
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        LOG.info("event {} {} {}/{}: {} {}", type, about.getKind(), ns, about.getMetadata().getName(), reason, message);
        try {
            var resource = client.v1().events().inNamespace(ns).withName(name);
            Event existing = resource.get();
            if (existing != null) {
                resource.edit(e -> new EventBuilder(e).withCount(e.getCount() == null ? 2 : e.getCount() + 1).withLastTimestamp(now).build());
                return;
            }
            client.v1().events().inNamespace(ns).resource(new EventBuilder()
                    .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                    .withNewInvolvedObject()
                    .withApiVersion(about.getApiVersion()).withKind(about.getKind()).withName(about.getMetadata().getName())
                    .withNamespace(ns).withUid(about.getMetadata().getUid())
                    .withResourceVersion(about.getMetadata().getResourceVersion())
                    .endInvolvedObject()
                    .withType(type).withReason(reason).withMessage(message)
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .withReportingComponent(COMPONENT)
                    .build()).create();
        } catch (KubernetesClientException e) {
            // an event that cannot be written must never fail a reconcile
            LOG.warn("could not record event {} on {}/{}: {}", reason, ns, about.getMetadata().getName(), e.getMessage());
        }
    }
}
