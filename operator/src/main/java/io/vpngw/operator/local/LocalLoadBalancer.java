package io.vpngw.operator.local;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vpngw.operator.Names;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load balancer of local mode: every LoadBalancer Service of a gateway gets an external
 * address from 198.18.0.0/24, written into its status as a cloud's controller would; the host
 * routes that address to the ready pod the Service selects (the active instance, by its
 * {@code vpngw.io/role} label), so a takeover moves the peers' traffic with the label. Every pod
 * the Service could select holds the address, so whichever serves can bind it.
 */
final class LocalLoadBalancer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalLoadBalancer.class);
    private static final String POOL = "198.18.0.";

    private final KubernetesClient client;
    private final LocalNetwork network;
    private final BitSet used = new BitSet();
    /** Service key (namespace/name) to its address. */
    private final Map<String, String> addresses = new HashMap<>();
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<Pod> pods;

    LocalLoadBalancer(KubernetesClient client, LocalNetwork network) {
        this.client = client;
        this.network = network;
    }

    LocalLoadBalancer start() {
        services = client.services().inAnyNamespace().withLabel(Names.LABEL_MANAGED_BY, Names.MANAGED_BY).inform(handler(), 0);
        pods = client.pods().inAnyNamespace().withLabel(Names.LABEL_MANAGED_BY, Names.MANAGED_BY).inform(handler(), 0);
        return this;
    }

    private <T> ResourceEventHandler<T> handler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                reconcile();
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                reconcile();
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                reconcile();
            }
        };
    }

    /** The addresses a pod must hold: those of every Service that may select it. */
    synchronized List<String> addressesFor(Pod pod) {
        List<String> out = new ArrayList<>();
        for (Service s : client.services().inNamespace(pod.getMetadata().getNamespace())
                .withLabel(Names.LABEL_MANAGED_BY, Names.MANAGED_BY).list().getItems()) {
            if (isLoadBalancer(s) && mayServe(s, pod)) {
                out.add(allocate(s));
            }
        }
        return out;
    }

    /** Brings every Service's address, status and route in line with the pods. */
    private synchronized void reconcile() {
        if (services == null || pods == null || !services.hasSynced() || !pods.hasSynced()) {
            return;
        }
        Map<String, String> live = new HashMap<>();
        for (Service s : services.getStore().list()) {
            if (!isLoadBalancer(s)) {
                continue;
            }
            String address = allocate(s);
            live.put(key(s), address);
            publish(s, address);
            List<Pod> candidates = pods.getStore().list().stream()
                    .filter(p -> mayServe(s, p) && p.getMetadata().getDeletionTimestamp() == null).toList();
            for (Pod p : candidates) {
                LocalNetwork.PodNetwork net = network.pod(uid(p));
                if (net != null) {
                    try {
                        network.holdAddress(net, address);
                    } catch (IllegalStateException e) {
                        // the pod is going away (its namespace is being removed): nothing to hold
                        LOG.debug("{}", e.getMessage());
                    }
                }
            }
            Optional<LocalNetwork.PodNetwork> target = candidates.stream()
                    .filter(p -> selects(s, p) && ready(p))
                    .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                    .map(p -> network.pod(uid(p))).filter(java.util.Objects::nonNull).findFirst();
            network.route(address, target.orElse(null));
        }
        for (String gone : List.copyOf(addresses.keySet())) {
            if (!live.containsKey(gone)) {
                String address = addresses.remove(gone);
                network.removeRoute(address);
                used.clear(Integer.parseInt(address.substring(POOL.length())));
                LOG.info("released {} of Service {}", address, gone);
            }
        }
    }

    private String allocate(Service s) {
        return addresses.computeIfAbsent(key(s), k -> {
            int n = used.nextClearBit(1);
            if (n > 254) {
                throw new IllegalStateException("local mode has 254 load balancer addresses, all in use");
            }
            used.set(n);
            LOG.info("Service {} gets load balancer address {}{}", k, POOL, n);
            return POOL + n;
        });
    }

    private void publish(Service s, String address) {
        var lb = s.getStatus() == null ? null : s.getStatus().getLoadBalancer();
        boolean published = lb != null && lb.getIngress() != null && lb.getIngress().size() == 1
                && address.equals(lb.getIngress().getFirst().getIp());
        if (published) {
            return;
        }
        try {
            client.services().inNamespace(s.getMetadata().getNamespace()).withName(s.getMetadata().getName())
                    .editStatus(x -> new ServiceBuilder(x).withNewStatus().withNewLoadBalancer()
                            .addNewIngress().withIp(address).endIngress().endLoadBalancer().endStatus().build());
        } catch (KubernetesClientException e) {
            LOG.warn("publishing {} on Service {}: {}", address, key(s), e.getMessage());
        }
    }

    private static boolean isLoadBalancer(Service s) {
        return "LoadBalancer".equals(s.getSpec().getType()) && s.getSpec().getSelector() != null;
    }

    /** Whether the Service selects the pod now. */
    private static boolean selects(Service s, Pod p) {
        return matches(s.getSpec().getSelector(), p, false);
    }

    /** Whether the Service would select the pod if it held the active role. */
    private static boolean mayServe(Service s, Pod p) {
        return s.getMetadata().getNamespace().equals(p.getMetadata().getNamespace()) && matches(s.getSpec().getSelector(), p, true);
    }

    private static boolean matches(Map<String, String> selector, Pod p, boolean ignoreRole) {
        Map<String, String> labels = p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels();
        for (var e : selector.entrySet()) {
            if (ignoreRole && e.getKey().equals(Names.LABEL_ROLE)) {
                continue;
            }
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean ready(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static String uid(Pod p) {
        return p.getMetadata().getUid();
    }

    private static String key(Service s) {
        return s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
    }

    /** Service key to address, for status output. */
    synchronized Map<String, String> addresses() {
        return new HashMap<>(addresses);
    }

    @Override
    public void close() {
        if (services != null) {
            services.close();
        }
        if (pods != null) {
            pods.close();
        }
    }
}
