package io.vpngw.gateway.interop;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The lab's stand-in for the gateway's Service of type LoadBalancer (kube-proxy, MetalLB or a cloud
 * load balancer): it watches the pods' {@code vpngw.io/role} label and routes the gateway's public
 * address (the VIP, which both instances hold on their loopback) in the router namespace to the
 * pod that most recently became {@code active}, with {@code ip route replace VIP/32 via POD_IP}.
 *
 * <p>Like a gratuitous ARP in an L2 announcement, the last pod to claim the address gets it; while
 * no pod is labelled active (between a clean stop relabelling the old pod and the successor
 * labelling itself, which the successor does before starting IKE) the route stays where it was.
 * A real Service would also take the watch and endpoint propagation delay of the cluster
 * (typically hundreds of milliseconds to seconds), which this stand-in, reacting in milliseconds,
 * leaves out: the figures measured through it are the gateway's own share of a failover.
 */
final class ActivePodRoute implements AutoCloseable {
    static final String ROLE_LABEL = "vpngw.io/role";

    /** A change of the route: when, and to which pod. */
    record Move(Instant at, String pod) {}

    private final NetworkNamespace router;
    private final String vip;
    private final Map<String, String> podAddresses;
    private final List<Move> moves = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final SharedIndexInformer<Pod> informer;
    private volatile String current;

    /**
     * @param podAddresses pod name → the pod's address in the router's network (its "pod IP")
     */
    ActivePodRoute(KubernetesClient client, String namespace, NetworkNamespace router, String vip,
                   Map<String, String> podAddresses) {
        this.router = router;
        this.vip = Addresses.requireIpv4(vip);
        this.podAddresses = Map.copyOf(podAddresses);
        this.informer = client.pods().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                changed(null, pod);
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                changed(before, after);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                // a deleted pod's route stays until another pod claims the address
            }
        }, 0);
    }

    private static String role(Pod pod) {
        return pod == null || pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(ROLE_LABEL);
    }

    private synchronized void changed(Pod before, Pod after) {
        String name = after.getMetadata().getName();
        if (!"active".equals(role(after)) || "active".equals(role(before)) || name.equals(current)) {
            return;
        }
        String address = podAddresses.get(name);
        if (address == null) {
            return;
        }
        CommandResult result = Commands.run("ip", "-n", router.name(), "route", "replace", vip + "/32", "via", address);
        if (result.succeeded()) {
            current = name;
            moves.add(new Move(Instant.now(), name));
        } else {
            failures.add(result.describe());
        }
    }

    /** The pod the VIP is routed to now, or null before any pod was active. */
    String routedTo() {
        return current;
    }

    List<Move> moves() {
        return List.copyOf(moves);
    }

    /** Route commands that failed (none expected). */
    List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() {
        informer.close();
    }
}
