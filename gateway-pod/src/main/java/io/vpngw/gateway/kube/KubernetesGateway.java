package io.vpngw.gateway.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vpngw.gateway.metrics.GatewayMetrics;
import io.vpngw.gateway.metrics.HealthEndpoints;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway instance in Kubernetes ({@code vpngw gateway --kubernetes}): configuration from the
 * API, the active role from the Lease (or both active for active-active), status into the
 * instance's ConfigMap, {@code /metrics}, {@code /healthz}, {@code /readyz} on port 9090.
 * Everything it needs comes from the environment the operator gives the pod.
 */
public final class KubernetesGateway {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesGateway.class);

    /** The pod's environment, as the operator renders it. */
    public record Environment(String namespace, String pod, String configMap, String secret, String lease,
                              String statusConfigMap, String bindAddress, String tunName, int httpPort) {
        public static Environment of(Map<String, String> env) {
            return new Environment(required(env, "POD_NAMESPACE"), required(env, "POD_NAME"),
                    required(env, "VPNGW_CONFIG_MAP"), required(env, "VPNGW_SECRET"), required(env, "VPNGW_LEASE"),
                    required(env, "VPNGW_STATUS_CONFIG_MAP"), env.getOrDefault("VPNGW_BIND", "0.0.0.0"),
                    env.getOrDefault("VPNGW_TUN", "vpngw0"),
                    Integer.parseInt(env.getOrDefault("VPNGW_HTTP_PORT", String.valueOf(HealthEndpoints.DEFAULT_PORT))));
        }

        private static String required(Map<String, String> env, String name) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("environment variable " + name + " is not set");
            }
            return value;
        }
    }

    /**
     * How long the JVM's shutdown waits for the clean stop (handover included): the JVM halts once
     * its shutdown hooks return, whatever the main thread is still doing, so the hook waits for it.
     */
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private KubernetesGateway() {}

    /** Runs until SIGTERM; then releases the Lease first so the standby takes over at once. */
    public static void run(Environment env) throws Exception {
        RuntimeControl control = new RuntimeControl(env.bindAddress(), env.tunName());
        CountDownLatch configured = new CountDownLatch(1);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                if (!stopped.await(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("the clean stop did not finish within {}; exiting", STOP_GRACE);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gateway-shutdown"));
        try {
            serve(env, control, configured, stop);
        } finally {
            stopped.countDown();
        }
    }

    private static void serve(Environment env, RuntimeControl control, CountDownLatch configured, CountDownLatch stop)
            throws Exception {
        try (KubernetesClient client = new KubernetesClientBuilder().build();
             KubernetesConfigSource config = new KubernetesConfigSource(client,
                     new KubernetesConfigSource.Location(env.namespace(), env.configMap(), env.secret(), Duration.ofMillis(500)),
                     next -> {
                         control.configurationChanged(next);
                         configured.countDown();
                     }).start()) {
            RoleKeeper[] keeper = new RoleKeeper[1];
            GatewayMetrics metrics = new GatewayMetrics(control::snapshot,
                    () -> keeper[0] != null && keeper[0].role().serving(),
                    () -> config.current().map(GatewayConfiguration::config), System::nanoTime);
            try (HealthEndpoints http = new HealthEndpoints(env.httpPort(), metrics, control::live, control::ready).start()) {
                LOG.info("waiting for the configuration in ConfigMap {}", env.configMap());
                configured.await();
                boolean activeActive = config.current().orElseThrow().config().activeActive();
                keeper[0] = activeActive
                        ? new AlwaysActive(client, env.namespace(), env.pod(), control)
                        : new LeaseElection(client, new LeaseElection.Candidate(env.namespace(), env.lease(), env.pod()),
                                LeaseElection.Timing.DEFAULT, control);
                try (RoleKeeper roles = keeper[0].start();
                     StatusReporter status = new StatusReporter(client, env.namespace(), env.statusConfigMap(),
                             () -> InstanceStatus.of(roles.role(), control.ready(),
                                     config.current().map(c -> c.config().generation()).orElse(0L), control.snapshot()),
                             Duration.ofSeconds(5)).start();
                     GatewayEvents events = new GatewayEvents(client, env.namespace(), env.pod(), java.time.Clock.systemUTC());
                     InstanceChangeNotifier changes = new InstanceChangeNotifier(env.pod(), roles::role, control::snapshot,
                             events, status::reportNow, Duration.ofMillis(500)).start()) {
                    LOG.info("gateway instance {} running ({})", env.pod(), activeActive ? "active-active" : "active-standby");
                    stop.await();
                    LOG.info("stopping: releasing the Lease and handing over");
                }
                LOG.info("gateway instance {} stopped", env.pod());
            }
        } finally {
            control.close();
        }
    }
}
