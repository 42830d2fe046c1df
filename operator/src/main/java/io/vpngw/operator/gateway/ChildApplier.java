package io.vpngw.operator.gateway;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vpngw.operator.cache.ClusterCaches;
import java.net.HttpURLConnection;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Creates a child that is missing and updates one that differs from what it should be, with an
 * optimistic-lock update (the resourceVersion read is the one written). Only the fields the
 * operator owns are compared and written; what the cluster fills in (a Service's cluster IP and
 * node ports, annotations of other tools) is kept.
 */
final class ChildApplier {
    /** What happened to a child. */
    enum Outcome { CREATED, UPDATED, UNCHANGED }

    private final KubernetesClient client;
    private final ClusterCaches caches;

    ChildApplier(KubernetesClient client, ClusterCaches caches) {
        this.client = client;
        this.caches = caches;
    }

    /** The child as the watches last saw it, or from the API server for kinds without a watch. */
    private HasMetadata existing(HasMetadata desired) {
        String ns = desired.getMetadata().getNamespace();
        Optional<? extends HasMetadata> cached = caches.owned(desired.getClass(), ns, desired.getMetadata().getName());
        if (cached == null) {
            return client.resource(desired).inNamespace(ns).get();
        }
        return cached.orElse(null);
    }

    private HasMetadata fresh(HasMetadata desired) {
        return client.resource(desired).inNamespace(desired.getMetadata().getNamespace()).get();
    }

    private static boolean conflict(KubernetesClientException e) {
        return e.getCode() == HttpURLConnection.HTTP_CONFLICT;
    }

    Outcome apply(HasMetadata desired) {
        BiConsumer<HasMetadata, HasMetadata> merge = switch (desired) {
            case ConfigMap d -> (e, x) -> ((ConfigMap) e).setData(d.getData());
            case Secret d -> (e, x) -> {
                ((Secret) e).setData(d.getData());
                ((Secret) e).setStringData(null);
                ((Secret) e).setType(d.getType());
            };
            case Service d -> (e, x) -> mergeService(((Service) e).getSpec(), d.getSpec());
            case PodDisruptionBudget d -> (e, x) -> ((PodDisruptionBudget) e).setSpec(d.getSpec());
            case Role d -> (e, x) -> ((Role) e).setRules(d.getRules());
            case RoleBinding d -> (e, x) -> ((RoleBinding) e).setSubjects(d.getSubjects());
            default -> (e, x) -> { };
        };
        return apply(desired, merge);
    }

    /** Creates the object only if missing; never touches an existing one (e.g. status ConfigMaps the pods write). */
    Outcome createIfMissing(HasMetadata desired) {
        if (existing(desired) != null) {
            return Outcome.UNCHANGED;
        }
        try {
            client.resource(desired).inNamespace(desired.getMetadata().getNamespace()).create();
            return Outcome.CREATED;
        } catch (KubernetesClientException e) {
            if (conflict(e)) {
                return Outcome.UNCHANGED; // created meanwhile; the watch had not seen it yet
            }
            throw e;
        }
    }

    private Outcome apply(HasMetadata desired, BiConsumer<HasMetadata, HasMetadata> merge) {
        HasMetadata existing = existing(desired);
        if (existing == null) {
            try {
                client.resource(desired).inNamespace(desired.getMetadata().getNamespace()).create();
                return Outcome.CREATED;
            } catch (KubernetesClientException e) {
                if (!conflict(e)) {
                    throw e;
                }
                existing = fresh(desired); // it exists: the watch was behind
            }
        }
        try {
            return update(desired, existing, merge);
        } catch (KubernetesClientException e) {
            if (!conflict(e)) {
                throw e;
            }
            // the cached copy was stale: merge onto the stored one
            return update(desired, fresh(desired), merge);
        }
    }

    private Outcome update(HasMetadata desired, HasMetadata existing, BiConsumer<HasMetadata, HasMetadata> merge) {
        String before = Serialization.asJson(existing);
        HasMetadata updated = Serialization.clone(existing);
        Map<String, String> labels = new LinkedHashMap<>(updated.getMetadata().getLabels() == null ? Map.of() : updated.getMetadata().getLabels());
        labels.putAll(desired.getMetadata().getLabels());
        updated.getMetadata().setLabels(labels);
        Map<String, String> annotations = new LinkedHashMap<>(updated.getMetadata().getAnnotations() == null ? Map.of() : updated.getMetadata().getAnnotations());
        annotations.putAll(desired.getMetadata().getAnnotations());
        updated.getMetadata().setAnnotations(annotations);
        updated.getMetadata().setOwnerReferences(desired.getMetadata().getOwnerReferences());
        merge.accept(updated, desired);
        if (before.equals(Serialization.asJson(updated))) {
            return Outcome.UNCHANGED;
        }
        client.resource(updated).inNamespace(desired.getMetadata().getNamespace()).update();
        return Outcome.UPDATED;
    }

    /** Copies the owned fields of a Service spec, keeping what the cluster allocated (cluster IPs, node ports). */
    private static void mergeService(ServiceSpec existing, ServiceSpec desired) {
        Map<String, Integer> nodePorts = new LinkedHashMap<>();
        if (existing.getPorts() != null) {
            existing.getPorts().forEach(p -> nodePorts.put(p.getName(), p.getNodePort()));
        }
        for (ServicePort p : desired.getPorts()) {
            Integer np = nodePorts.get(p.getName());
            if (np != null && !"ClusterIP".equals(desired.getType())) {
                p.setNodePort(np);
            }
        }
        existing.setPorts(desired.getPorts());
        existing.setSelector(desired.getSelector());
        if (!Objects.equals(existing.getType(), desired.getType())) {
            existing.setType(desired.getType());
        }
        existing.setExternalTrafficPolicy(desired.getExternalTrafficPolicy());
        existing.setLoadBalancerIP(desired.getLoadBalancerIP());
        existing.setPublishNotReadyAddresses(desired.getPublishNotReadyAddresses());
    }
}
