package io.vpngw.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vpngw.operator.MetricsEndpoint;
import io.vpngw.operator.OperatorSettings;
import io.vpngw.operator.VpngwOperator;
import io.vpngw.operator.site.AddressResolver;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vpngw operator}: runs the operator against the cluster of the current kubeconfig or service account. */
@Command(name = "operator", description = "Run the vpngw operator (kubeconfig or in-cluster service account).")
final class OperatorCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--gateway-image", description = "Image of the gateway pods (default: ${DEFAULT-VALUE}).")
    String gatewayImage = OperatorSettings.DEFAULT_IMAGE;

    @Option(names = "--image-pull-policy", description = "Always, IfNotPresent or Never (default: ${DEFAULT-VALUE}).")
    String imagePullPolicy = "IfNotPresent";

    @Option(names = "--leader-election-namespace",
            description = "Namespace of the leader-election Lease; default: the pod's namespace ($POD_NAMESPACE), none outside a pod.")
    String leaseNamespace = System.getenv("POD_NAMESPACE");

    @Option(names = "--no-leader-election", description = "Run without leader election (a single replica).")
    boolean noLeaderElection;

    @Option(names = "--metrics-port", description = "Port for /metrics, /healthz and /readyz (default: ${DEFAULT-VALUE}).")
    int metricsPort = 8080;

    @Option(names = "--resync", description = "Reconcile every resource at least this often (default: ${DEFAULT-VALUE}).")
    Duration resync = Duration.ofMinutes(10);

    @Option(names = "--gateway-node-selector", paramLabel = "LABEL=VALUE",
            description = "Node label gateway pods require unless their gateway sets spec.placement.nodeSelector (repeatable).")
    java.util.List<String> gatewayNodeSelector = new java.util.ArrayList<>();

    @Option(names = "--gateway-toleration", paramLabel = "KEY[=VALUE]:[EFFECT]",
            description = "Toleration of gateway pods unless their gateway sets spec.placement.tolerations (repeatable): "
                    + "key=value:NoSchedule (Equal), key:NoSchedule (Exists), an empty effect for all.")
    java.util.List<String> gatewayTolerations = new java.util.ArrayList<>();

    @Option(names = "--gateway-resources", paramLabel = "SKU=CPU/MEMORY",
            description = "Pod resources of a SKU's gateway pods instead of the measured footprint (repeatable), e.g. VpnGw2=1500m/384Mi.")
    java.util.List<String> gatewayResources = new java.util.ArrayList<>();

    /** The gateway defaults of the command line; a bad value is a usage error, before anything starts. */
    io.vpngw.operator.GatewayDefaults gatewayDefaults() {
        try {
            java.util.Map<io.vpngw.api.v1alpha1.GatewaySku, io.vpngw.operator.GatewayDefaults.Resources> resources =
                    new java.util.EnumMap<>(io.vpngw.api.v1alpha1.GatewaySku.class);
            for (String r : gatewayResources) {
                var e = io.vpngw.operator.GatewayDefaults.parseResources(r,
                        io.vpngw.operator.gateway.GatewayChildren.PodResources.minimumMemoryMi());
                resources.put(e.getKey(), e.getValue());
            }
            return new io.vpngw.operator.GatewayDefaults(io.vpngw.operator.GatewayDefaults.nodeSelector(gatewayNodeSelector),
                    gatewayTolerations.stream().map(io.vpngw.operator.GatewayDefaults::parseToleration).toList(), resources);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    @Override
    public Integer call() throws Exception {
        io.vpngw.operator.GatewayDefaults defaults = gatewayDefaults();
        String identity = System.getenv().getOrDefault("POD_NAME",
                java.net.InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid());
        OperatorSettings settings = new OperatorSettings(gatewayImage, imagePullPolicy,
                noLeaderElection || leaseNamespace == null ? null : OperatorSettings.LeaderElection.standard(leaseNamespace, identity),
                resync, java.time.Clock.systemUTC(), defaults);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        AtomicBoolean started = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        try (KubernetesClient client = new KubernetesClientBuilder().build();
             MetricsEndpoint endpoint = new MetricsEndpoint(metricsPort, registry, started::get);
             VpngwOperator operator = new VpngwOperator(client, settings, Identities.issuer(), AddressResolver.SYSTEM, registry)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "vpngw-operator-shutdown"));
            operator.start();
            started.set(true);
            spec.commandLine().getOut().printf("vpngw operator running against %s; metrics on :%d%n",
                    client.getMasterUrl(), endpoint.port());
            spec.commandLine().getOut().flush();
            stopped.await();
        }
        return 0;
    }
}
