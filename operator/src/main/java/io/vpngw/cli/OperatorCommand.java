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

    @Override
    public Integer call() throws Exception {
        String identity = System.getenv().getOrDefault("POD_NAME",
                java.net.InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid());
        OperatorSettings settings = new OperatorSettings(gatewayImage, imagePullPolicy,
                noLeaderElection || leaseNamespace == null ? null : OperatorSettings.LeaderElection.standard(leaseNamespace, identity),
                resync, java.time.Clock.systemUTC());
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
