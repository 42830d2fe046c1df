package io.vpngw.operator.local;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vpngw.api.validation.Manifests;
import io.vpngw.operator.OperatorSettings;
import io.vpngw.operator.VpngwOperator;
import io.vpngw.operator.gateway.PkiGatewayIdentityIssuer;
import io.vpngw.operator.pki.CertificateIssuer;
import io.vpngw.operator.site.AddressResolver;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The whole system on one machine: the local API ({@link LocalApiServer}), the real operator
 * in-process, and — when run as root — the local network, load balancer and kubelet that run the
 * gateway pods as processes in network namespaces. Without root the operator still renders every
 * gateway, but no pod can run (TUN devices and namespaces need it); {@link #runsPods()} says which.
 */
public final class LocalCluster implements AutoCloseable {
    /** Where it keeps its kubeconfig, pid file and the pods' logs, and the API's port. */
    public record Options(Path stateDirectory, int apiPort, Duration lockWait) {
        public static final int DEFAULT_API_PORT = 16443;

        public Options(Path stateDirectory, int apiPort) {
            this(stateDirectory, apiPort, Duration.ZERO);
        }

        public static Options defaults() {
            return new Options(Path.of(System.getProperty("user.home"), ".vpngw", "local"), DEFAULT_API_PORT);
        }

        public Path kubeconfig() {
            return stateDirectory.resolve("kubeconfig");
        }

        public Path pidFile() {
            return stateDirectory.resolve("local.pid");
        }
    }

    /**
     * One local mode per machine: its namespaces, links, API address and load balancer
     * addresses are the machine's. Held for the cluster's life; the kernel drops it if the
     * process dies.
     */
    static final Path MACHINE_LOCK = Path.of(System.getProperty("java.io.tmpdir"), "vpngw-local.lock");

    private final Options options;
    private final boolean runsPods;
    private java.nio.channels.FileChannel lockChannel;
    private java.nio.channels.FileLock lock;
    private LocalNetwork network;
    private LocalApiServer api;
    private VpngwOperator operator;
    private LocalLoadBalancer loadBalancer;
    private LocalKubelet kubelet;

    private LocalCluster(Options options, boolean runsPods) {
        this.options = options;
        this.runsPods = runsPods;
    }

    /** Starts everything; on failure stops what had started. */
    public static LocalCluster start(Options options) throws IOException {
        LocalCluster cluster = new LocalCluster(options, HostCommands.canBuildNetworks());
        try {
            cluster.startAll();
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void startAll() throws IOException {
        acquireMachineLock(options.lockWait());
        Files.createDirectories(options.stateDirectory());
        InetAddress address = InetAddress.getLoopbackAddress();
        if (runsPods) {
            LocalKubelet.endLeftovers(options.stateDirectory());
            network = new LocalNetwork().start();
            address = InetAddress.getByName(LocalNetwork.API_ADDRESS);
        }
        api = LocalApiServer.start(address, options.apiPort());
        api.writeKubeconfig(options.kubeconfig());
        Files.writeString(options.pidFile(), String.valueOf(ProcessHandle.current().pid()));
        operator = new VpngwOperator(api.client(), new OperatorSettings("vpngw/gateway:local", "Never", null,
                Duration.ofMinutes(10), java.time.Clock.systemUTC()),
                new PkiGatewayIdentityIssuer(CertificateIssuer.withSystemClock()), AddressResolver.SYSTEM,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).start();
        if (runsPods) {
            loadBalancer = new LocalLoadBalancer(api.client(), network).start();
            kubelet = new LocalKubelet(api.client(), network, loadBalancer, options.stateDirectory(), api.port()).start();
        }
    }

    private void acquireMachineLock(Duration wait) throws IOException {
        lockChannel = java.nio.channels.FileChannel.open(MACHINE_LOCK, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE);
        long deadline = System.nanoTime() + wait.toNanos();
        while ((lock = lockChannel.tryLock()) == null) {
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException("another vpngw local mode runs on this machine (it holds " + MACHINE_LOCK
                        + "); stop it with `vpngw local down` first");
            }
            try {
                Thread.sleep(200); // polling a lock another process holds: nothing to wait on instead
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for " + MACHINE_LOCK, e);
            }
        }
    }

    public boolean runsPods() {
        return runsPods;
    }

    public KubernetesClient client() {
        return api.client();
    }

    public Options options() {
        return options;
    }

    public String apiUrl() {
        return api.url();
    }

    /** Pod (namespace/name) to the network namespace it runs in. */
    public Map<String, String> podNamespaces() {
        return kubelet == null ? Map.of() : kubelet.namespaces();
    }

    /** Service (namespace/name) to its load balancer address. */
    public Map<String, String> loadBalancerAddresses() {
        return loadBalancer == null ? Map.of() : loadBalancer.addresses();
    }

    /** Applies the manifests of files and folders as {@code kubectl apply -f} does; returns what it applied. */
    public List<HasMetadata> apply(List<Path> paths) throws IOException {
        List<HasMetadata> applied = new ArrayList<>();
        List<Manifests.Manifest> manifests = new ArrayList<>(Manifests.read(paths));
        // namespaces first, as kubectl users order them
        manifests.sort((a, b) -> Boolean.compare(!"Namespace".equals(a.kind()), !"Namespace".equals(b.kind())));
        for (Manifests.Manifest m : manifests) {
            applied.add(apply(Serialization.unmarshal(m.object().toString()), m.namespace()));
        }
        return applied;
    }

    /**
     * Creates the object, or merges the manifest into the stored one (RFC 7386), so what others
     * added — the operator's finalizer, status — stays, as with {@code kubectl apply}.
     */
    private HasMetadata apply(HasMetadata object, String namespace) {
        KubernetesClient client = api.client();
        if (!(object instanceof Namespace) && object.getMetadata().getNamespace() == null) {
            object.getMetadata().setNamespace(namespace == null ? "default" : namespace);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                var resource = client.resource(object);
                HasMetadata existing = resource.get();
                if (existing == null) {
                    return resource.create();
                }
                var manifest = (com.fasterxml.jackson.databind.node.ObjectNode) Serialization.jsonMapper().valueToTree(object);
                manifest.remove("status");
                return resource.patch(PatchContext.of(PatchType.JSON_MERGE), manifest.toString());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() {
        if (kubelet != null) {
            kubelet.close();
        }
        if (loadBalancer != null) {
            loadBalancer.close();
        }
        if (operator != null) {
            operator.close();
        }
        if (api != null) {
            api.close();
        }
        if (network != null) {
            network.close();
        }
        try {
            Files.deleteIfExists(options.pidFile());
        } catch (IOException e) {
            // left behind: the next run overwrites it
        }
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            // the kernel releases it with the process
        }
    }
}
