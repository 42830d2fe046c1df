package io.vpngw.operator;

import java.util.List;
import java.util.Map;

/**
 * The kstatus rules (sigs.k8s.io/cli-utils/pkg/kstatus, as Flux, kpt and Config Sync use them)
 * for a custom resource, in Java: Terminating while being deleted; InProgress while
 * status.observedGeneration differs from metadata.generation or Reconciling is True; Failed when
 * Stalled is True; otherwise Current. (kstatus's generic rule reads a resource without any status
 * as Current, which is why the operator must never write a status that is not yet true.)
 */
enum Kstatus {
    InProgress, Current, Failed, Terminating;

    static Kstatus of(Map<String, Object> object) {
        Map<?, ?> meta = (Map<?, ?>) object.get("metadata");
        if (meta.get("deletionTimestamp") != null) {
            return Terminating;
        }
        Map<?, ?> status = (Map<?, ?>) object.get("status");
        Object generation = meta.get("generation");
        if (status != null && generation != null && status.get("observedGeneration") != null
                && ((Number) status.get("observedGeneration")).longValue() != ((Number) generation).longValue()) {
            return InProgress;
        }
        List<?> conditions = status == null ? null : (List<?>) status.get("conditions");
        if (conditions != null) {
            for (Object o : conditions) {
                Map<?, ?> c = (Map<?, ?>) o;
                if ("Reconciling".equals(c.get("type")) && "True".equals(c.get("status"))) {
                    return InProgress;
                }
                if ("Stalled".equals(c.get("type")) && "True".equals(c.get("status"))) {
                    return Failed;
                }
            }
        }
        return Current;
    }
}
