package io.vpngw.operator.gateway;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vpngw.operator.Names;
import io.vpngw.operator.cache.ClusterCaches;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Keeps a gateway's two instances (pods) as they should be, changing them one at a time so the
 * gateway never stops serving: a missing instance is created; when both must change, the
 * standby is replaced first, and the active one only once the new standby is ready, so that
 * deleting it hands the tunnels over (its Lease is released on SIGTERM and the standby takes
 * over) instead of dropping them.
 */
final class InstanceRoller {
    /** What the roller did and what it saw. */
    record Result(List<Pod> pods, List<String> actions, boolean settled) {}

    private final KubernetesClient client;
    private final ClusterCaches caches;

    InstanceRoller(KubernetesClient client, ClusterCaches caches) {
        this.client = client;
        this.caches = caches;
    }

    Result roll(List<Pod> desired, boolean activeActive) {
        String ns = desired.getFirst().getMetadata().getNamespace();
        List<Pod> existing = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        for (Pod d : desired) {
            Pod e = caches.pod(ns, d.getMetadata().getName()).orElse(null);
            if (e == null) {
                try {
                    e = client.pods().inNamespace(ns).resource(d).create();
                    actions.add("created instance " + d.getMetadata().getName());
                } catch (io.fabric8.kubernetes.client.KubernetesClientException x) {
                    if (x.getCode() != java.net.HttpURLConnection.HTTP_CONFLICT) {
                        throw x;
                    }
                    e = client.pods().inNamespace(ns).withName(d.getMetadata().getName()).get(); // the watch was behind
                }
            }
            existing.add(e);
        }
        if (!actions.isEmpty() || existing.stream().anyMatch(InstanceRoller::terminating)) {
            return new Result(existing, actions, false);
        }
        List<Integer> outdated = new ArrayList<>();
        for (int i = 0; i < desired.size(); i++) {
            if (!Objects.equals(hash(existing.get(i)), hash(desired.get(i)))) {
                outdated.add(i);
            }
        }
        if (outdated.isEmpty()) {
            return new Result(existing, actions, existing.stream().allMatch(InstanceRoller::ready));
        }
        int active = activeIndex(existing);
        int replace;
        if (activeActive || active < 0) {
            // no single active instance: replace one, and the next only when the other is ready
            replace = outdated.getFirst();
            int other = 1 - replace;
            boolean otherServing = ready(existing.get(other)) && !outdated.contains(other);
            if (!otherServing && outdated.size() < existing.size()) {
                return new Result(existing, actions, false);
            }
        } else {
            int standby = 1 - active;
            if (outdated.contains(standby)) {
                replace = standby;
            } else if (ready(existing.get(standby))) {
                replace = active;
            } else {
                return new Result(existing, actions, false);
            }
        }
        Pod victim = existing.get(replace);
        client.pods().inNamespace(ns).withName(victim.getMetadata().getName()).delete();
        actions.add("replacing " + (replace == active ? "active" : "standby") + " instance " + victim.getMetadata().getName());
        return new Result(existing, actions, false);
    }

    static int activeIndex(List<Pod> pods) {
        for (int i = 0; i < pods.size(); i++) {
            if (Names.ROLE_ACTIVE.equals(label(pods.get(i), Names.LABEL_ROLE))) {
                return i;
            }
        }
        return -1;
    }

    static boolean ready(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean terminating(Pod p) {
        return p.getMetadata().getDeletionTimestamp() != null;
    }

    static String hash(Pod p) {
        return p.getMetadata().getAnnotations() == null ? null : p.getMetadata().getAnnotations().get(Names.ANNOTATION_POD_HASH);
    }

    static String label(Pod p, String key) {
        return p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get(key);
    }
}
