package io.vpngw.operator.cache;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.vpngw.api.v1alpha1.Connection;
import io.vpngw.api.v1alpha1.ConnectionSpec;
import io.vpngw.api.v1alpha1.LocalNetworkGateway;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import io.vpngw.operator.Names;
import io.vpngw.operator.plan.ClusterView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One watch per kind the reconcilers read, shared by all of them: the gateways, sites and
 * Connections; Secrets (pre-shared keys live in users' Secrets); and the ConfigMaps the operator
 * manages. Indexes answer "which Connections use this gateway / site / Secret" without scans.
 * Listeners turn changes into reconcile triggers ({@link CacheTrigger}).
 */
public final class ClusterCaches implements ClusterView, AutoCloseable {
    static final String BY_GATEWAY1 = "gateway1";
    static final String BY_GATEWAY2 = "gateway2";
    static final String BY_SITE = "site";
    static final String BY_SECRET = "secret";

    private final KubernetesClient client;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final Map<Class<?>, List<BiConsumer<HasMetadata, HasMetadata>>> listeners = Map.of(
            VirtualNetworkGateway.class, new CopyOnWriteArrayList<>(),
            LocalNetworkGateway.class, new CopyOnWriteArrayList<>(),
            Connection.class, new CopyOnWriteArrayList<>(),
            Secret.class, new CopyOnWriteArrayList<>(),
            ConfigMap.class, new CopyOnWriteArrayList<>(),
            Pod.class, new CopyOnWriteArrayList<>(),
            Service.class, new CopyOnWriteArrayList<>());
    private SharedIndexInformer<VirtualNetworkGateway> gateways;
    private SharedIndexInformer<LocalNetworkGateway> sites;
    private SharedIndexInformer<Connection> connections;
    private SharedIndexInformer<Secret> secrets;
    private SharedIndexInformer<ConfigMap> configMaps;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<Service> services;
    private final Map<Class<?>, SharedIndexInformer<? extends HasMetadata>> owned = new java.util.HashMap<>();

    public ClusterCaches(KubernetesClient client) {
        this.client = client;
    }

    /** Starts every watch and waits until each has listed what exists. */
    public void start(Duration timeout) {
        gateways = inform(client.resources(VirtualNetworkGateway.class).inAnyNamespace().runnableInformer(0), VirtualNetworkGateway.class);
        sites = inform(client.resources(LocalNetworkGateway.class).inAnyNamespace().runnableInformer(0), LocalNetworkGateway.class);
        connections = client.resources(Connection.class).inAnyNamespace().runnableInformer(0);
        connections.addIndexers(Map.of(
                BY_GATEWAY1, c -> List.of(key(c.getMetadata().getNamespace(), c.getSpec().getVirtualNetworkGateway1().getName())),
                BY_GATEWAY2, c -> gateway2(c).map(List::of).orElse(List.of()),
                BY_SITE, c -> c.getSpec().getLocalNetworkGateway2() == null ? List.of()
                        : List.of(key(c.getMetadata().getNamespace(), c.getSpec().getLocalNetworkGateway2().getName())),
                BY_SECRET, c -> c.getSpec().getSharedKeySecretRef() == null ? List.of()
                        : List.of(key(c.getMetadata().getNamespace(), c.getSpec().getSharedKeySecretRef().getName()))));
        connections = inform(connections, Connection.class);
        secrets = inform(client.secrets().inAnyNamespace().runnableInformer(0), Secret.class);
        configMaps = inform(client.configMaps().inAnyNamespace().withLabel(Names.LABEL_MANAGED_BY, Names.MANAGED_BY)
                .runnableInformer(0), ConfigMap.class);
        pods = inform(client.pods().inAnyNamespace().withLabel(Names.LABEL_MANAGED_BY, Names.MANAGED_BY)
                .runnableInformer(0), Pod.class);
        services = inform(client.services().inAnyNamespace().withLabel(Names.LABEL_MANAGED_BY, Names.MANAGED_BY)
                .runnableInformer(0), Service.class);
        owned.put(ConfigMap.class, configMaps);
        owned.put(Pod.class, pods);
        owned.put(Service.class, services);
        // the operator's other children: read from here instead of asking the API server on every reconcile
        for (Class<? extends HasMetadata> kind : List.of(io.fabric8.kubernetes.api.model.ServiceAccount.class,
                io.fabric8.kubernetes.api.model.rbac.Role.class, io.fabric8.kubernetes.api.model.rbac.RoleBinding.class,
                io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class)) {
            SharedIndexInformer<? extends HasMetadata> i = client.resources(kind).inAnyNamespace()
                    .withLabel(Names.LABEL_MANAGED_BY, Names.MANAGED_BY).runnableInformer(0);
            informers.add(i);
            owned.put(kind, i);
        }
        for (SharedIndexInformer<?> i : informers) {
            try {
                i.start().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting watches", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("watch on " + i.getApiTypeClass().getSimpleName() + " did not start: " + e, e);
            }
        }
    }

    private <T extends HasMetadata> SharedIndexInformer<T> inform(SharedIndexInformer<T> informer, Class<T> type) {
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                fire(type, null, obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                fire(type, oldObj, newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                fire(type, obj, null);
            }
        });
        informers.add(informer);
        return informer;
    }

    private void fire(Class<?> type, HasMetadata before, HasMetadata after) {
        listeners.get(type).forEach(l -> l.accept(before, after));
    }

    /**
     * Calls {@code listener} with every change of a kind: (null, new) when added, (old, new) when
     * changed, (old, null) when deleted.
     */
    <T extends HasMetadata> void listen(Class<T> type, BiConsumer<T, T> listener) {
        @SuppressWarnings("unchecked")
        BiConsumer<HasMetadata, HasMetadata> l = (a, b) -> listener.accept((T) a, (T) b);
        listeners.get(type).add(l);
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }

    static String key(String namespace, String name) {
        return Cache.namespaceKeyFunc(namespace, name);
    }

    static Optional<String> gateway2(Connection c) {
        ConnectionSpec s = c.getSpec();
        if (s.getVirtualNetworkGateway2() == null) {
            return Optional.empty();
        }
        String ns = s.getVirtualNetworkGateway2().getNamespace() == null ? c.getMetadata().getNamespace() : s.getVirtualNetworkGateway2().getNamespace();
        return Optional.of(key(ns, s.getVirtualNetworkGateway2().getName()));
    }

    @Override
    public List<Connection> connectionsOf(String namespace, String gateway) {
        return sorted(connections.getIndexer().byIndex(BY_GATEWAY1, key(namespace, gateway)));
    }

    /** Connections on other gateways whose far end is this gateway (VNet-to-VNet). */
    public List<Connection> connectionsTo(String namespace, String gateway) {
        return sorted(connections.getIndexer().byIndex(BY_GATEWAY2, key(namespace, gateway)));
    }

    @Override
    public List<Connection> connectionsUsingSite(String namespace, String site) {
        return sorted(connections.getIndexer().byIndex(BY_SITE, key(namespace, site)));
    }

    public List<Connection> connectionsUsingSecret(String namespace, String secret) {
        return sorted(connections.getIndexer().byIndex(BY_SECRET, key(namespace, secret)));
    }

    @Override
    public Optional<LocalNetworkGateway> site(String namespace, String name) {
        return Optional.ofNullable(sites.getStore().getByKey(key(namespace, name)));
    }

    @Override
    public Optional<VirtualNetworkGateway> gateway(String namespace, String name) {
        return Optional.ofNullable(gateways.getStore().getByKey(key(namespace, name)));
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
        return Optional.ofNullable(secrets.getStore().getByKey(key(namespace, name)));
    }

    @Override
    public Optional<ConfigMap> configMap(String namespace, String name) {
        return Optional.ofNullable(configMaps.getStore().getByKey(key(namespace, name)));
    }

    /**
     * An object the operator manages (or any Secret), as last seen by its watch; empty when the
     * watch has not seen it. Kinds without a watch answer {@code null}: the caller must ask the API server.
     */
    public Optional<? extends HasMetadata> owned(Class<?> kind, String namespace, String name) {
        if (kind == Secret.class) {
            return secret(namespace, name);
        }
        SharedIndexInformer<? extends HasMetadata> i = owned.get(kind);
        return i == null ? null : Optional.ofNullable(i.getStore().getByKey(key(namespace, name)));
    }

    public Optional<Pod> pod(String namespace, String name) {
        return Optional.ofNullable(pods.getStore().getByKey(key(namespace, name)));
    }

    public Optional<Service> service(String namespace, String name) {
        return Optional.ofNullable(services.getStore().getByKey(key(namespace, name)));
    }

    private static <T extends HasMetadata> List<T> sorted(List<T> items) {
        List<T> out = new ArrayList<>(items);
        out.sort(Comparator.comparing((Function<T, String>) o -> o.getMetadata().getNamespace()).thenComparing(o -> o.getMetadata().getName()));
        return out;
    }
}
