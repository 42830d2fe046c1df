package io.vpngw.gateway.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.vpngw.gateway.sstp.PointToSiteSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vpngw.gateway.config.GatewayConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's configuration, read from the API: the ConfigMap's {@value GatewayConfig#CONFIG_MAP_KEY}
 * and the Secret's {@code psk.*} keys, each watched by an informer on that one named object (the
 * pod's Role grants get/list/watch on exactly those names).
 *
 * <p>Changes are debounced: the operator writes the Secret and the ConfigMap one after the other,
 * and the runtime should see them as one change. A document that does not parse is logged and
 * ignored; the last good configuration stays in force. The listener hears only of configurations
 * that differ from the last one it was given, from a single thread.
 */
public final class KubernetesConfigSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesConfigSource.class);
    static final String PSK_PREFIX = "psk.";

    /** Where the configuration lives, and how long to wait for changes to settle. */
    public record Location(String namespace, String configMap, String secret, Duration debounce) {
        public Location {
            Objects.requireNonNull(namespace);
            Objects.requireNonNull(configMap);
            Objects.requireNonNull(secret);
            if (debounce.isNegative()) {
                throw new IllegalArgumentException("debounce must not be negative");
            }
        }
    }

    private final KubernetesClient client;
    private final Location location;
    private final ConfigurationListener listener;
    private final ScheduledExecutorService debouncer;
    private final AtomicReference<ConfigMap> configMap = new AtomicReference<>();
    private final AtomicReference<Secret> secret = new AtomicReference<>();
    private final AtomicReference<GatewayConfiguration> current = new AtomicReference<>();
    private ScheduledFuture<?> pending;
    private volatile boolean synced;
    private SharedIndexInformer<ConfigMap> configMapInformer;
    private SharedIndexInformer<Secret> secretInformer;

    public KubernetesConfigSource(KubernetesClient client, Location location, ConfigurationListener listener) {
        this.client = client;
        this.location = location;
        this.listener = listener;
        this.debouncer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vpngw-config");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts both informers; returns without waiting for the first configuration. */
    public KubernetesConfigSource start() {
        configMapInformer = client.configMaps().inNamespace(location.namespace()).withName(location.configMap())
                .runnableInformer(0);
        configMapInformer.addEventHandler(new LatestObject<>(configMap));
        secretInformer = client.secrets().inNamespace(location.namespace()).withName(location.secret())
                .runnableInformer(0);
        secretInformer.addEventHandler(new LatestObject<>(secret));
        // Deliver nothing before both have been listed once: a ConfigMap seen before its Secret
        // would otherwise reach the runtime as a configuration without keys.
        CompletableFuture.allOf(configMapInformer.start().toCompletableFuture(),
                secretInformer.start().toCompletableFuture()).thenRun(() -> {
            synced = true;
            changed();
        });
        return this;
    }

    /** The configuration in force: the last good one, if any has been seen. */
    public Optional<GatewayConfiguration> current() {
        return Optional.ofNullable(current.get());
    }

    /** Keeps the newest version of one watched object and schedules a rebuild. */
    private final class LatestObject<T> implements ResourceEventHandler<T> {
        private final AtomicReference<T> latest;

        LatestObject(AtomicReference<T> latest) {
            this.latest = latest;
        }

        @Override
        public void onAdd(T obj) {
            latest.set(obj);
            changed();
        }

        @Override
        public void onUpdate(T oldObj, T newObj) {
            latest.set(newObj);
            changed();
        }

        @Override
        public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            // A deleted ConfigMap or Secret is the operator's business (it recreates them); the
            // gateway keeps running what it has rather than dropping its tunnels.
            LOG.warn("{} was deleted; keeping the configuration in force", describe(obj));
        }
    }

    private synchronized void changed() {
        if (debouncer.isShutdown()) {
            return;
        }
        if (pending != null) {
            pending.cancel(false);
        }
        pending = debouncer.schedule(this::rebuild, location.debounce().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void rebuild() {
        ConfigMap map = configMap.get();
        if (!synced || map == null) {
            return;
        }
        String document = map.getData() == null ? null : map.getData().get(GatewayConfig.CONFIG_MAP_KEY);
        if (document == null || document.isBlank()) {
            LOG.warn("ConfigMap {} has no {} yet; keeping the configuration in force",
                    location.configMap(), GatewayConfig.CONFIG_MAP_KEY);
            return;
        }
        GatewayConfig config;
        try {
            config = GatewayConfig.fromJson(document);
        } catch (IllegalArgumentException e) {
            LOG.error("ignoring ConfigMap {} version {}: {}; keeping the configuration in force", location.configMap(),
                    map.getMetadata().getResourceVersion(), e.getMessage());
            return;
        }
        GatewayConfiguration next = new GatewayConfiguration(config, presharedKeys(secret.get()), pointToSiteKeys(secret.get()));
        GatewayConfiguration previous = current.getAndSet(next);
        if (next.equals(previous)) {
            return;
        }
        LOG.info("configuration changed: {}", next);
        try {
            listener.configurationChanged(next);
        } catch (RuntimeException e) {
            LOG.error("applying {} failed", next, e);
        }
    }

    /** The Secret's {@code psk.*} keys, decoded; a key that is not base64 is skipped with a log line. */
    static Map<String, String> presharedKeys(Secret secret) {
        Map<String, String> keys = new TreeMap<>();
        if (secret == null || secret.getData() == null) {
            return keys;
        }
        secret.getData().forEach((name, encoded) -> {
            if (!name.startsWith(PSK_PREFIX) || encoded == null) {
                return;
            }
            try {
                keys.put(name, new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8).strip());
            } catch (IllegalArgumentException e) {
                LOG.error("Secret key {} is not base64; skipped", name);
            }
        });
        return keys;
    }

    /** The SSTP server's certificate and key from the Secret, decoded; absent keys are left out. */
    static Map<String, String> pointToSiteKeys(Secret secret) {
        Map<String, String> keys = new TreeMap<>();
        if (secret == null || secret.getData() == null) {
            return keys;
        }
        for (String name : new String[] {PointToSiteSettings.SERVER_CERT, PointToSiteSettings.SERVER_KEY, PointToSiteSettings.GATEWAY_CA_CERT}) {
            String encoded = secret.getData().get(name);
            if (encoded == null) {
                continue;
            }
            try {
                keys.put(name, new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                LOG.error("Secret key {} is not base64; skipped", name);
            }
        }
        return keys;
    }

    private static String describe(Object obj) {
        return obj instanceof io.fabric8.kubernetes.api.model.HasMetadata h
                ? h.getKind() + " " + h.getMetadata().getName() : String.valueOf(obj);
    }

    @Override
    public void close() {
        if (configMapInformer != null) {
            configMapInformer.close();
        }
        if (secretInformer != null) {
            secretInformer.close();
        }
        synchronized (this) {
            debouncer.shutdownNow();
        }
    }
}
