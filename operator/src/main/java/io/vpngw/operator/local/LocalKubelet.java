package io.vpngw.operator.local;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vpngw.operator.Names;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet of local mode: each gateway pod the operator creates runs as a process of this
 * machine's JVM and classpath ({@code vpngw gateway --kubernetes}, the pod's own arguments and
 * environment), in a network namespace of its own, with a kubeconfig that reaches the local API.
 * It keeps the pod's status true — phase, podIP, container state and restarts, and readiness from
 * the pod's own {@code /readyz} probe — restarts a process that exits (with a doubling delay, as
 * restartPolicy Always does), and on deletion stops the process with SIGTERM (SIGKILL after the
 * grace period) and removes its namespace.
 */
final class LocalKubelet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalKubelet.class);
    private static final Duration PROBE_PERIOD = Duration.ofMillis(500);
    private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final LocalNetwork network;
    private final LocalLoadBalancer loadBalancer;
    private final Path stateDirectory;
    private final int apiPort;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("vpngw-local-kubelet").unstarted(r));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(400)).build();
    /** By pod uid; touched on the executor's thread only. */
    private final Map<String, RunningPod> running = new ConcurrentHashMap<>();
    private SharedIndexInformer<Pod> informer;

    /** A pod this kubelet runs. */
    private static final class RunningPod {
        final String uid;
        final String namespace;
        final String name;
        final Pod spec;
        LocalNetwork.PodNetwork net;
        Process process;
        int restarts;
        Duration backoff = Duration.ofSeconds(1);
        Instant startedAt;
        boolean ready;
        boolean stopping;
        String waitingReason;

        RunningPod(Pod pod) {
            this.uid = pod.getMetadata().getUid();
            this.namespace = pod.getMetadata().getNamespace();
            this.name = pod.getMetadata().getName();
            this.spec = pod;
        }

        String key() {
            return namespace + "/" + name;
        }
    }

    LocalKubelet(KubernetesClient client, LocalNetwork network, LocalLoadBalancer loadBalancer, Path stateDirectory, int apiPort) {
        this.client = client;
        this.network = network;
        this.loadBalancer = loadBalancer;
        this.stateDirectory = stateDirectory;
        this.apiPort = apiPort;
    }

    LocalKubelet start() {
        informer = client.pods().inAnyNamespace().withLabel(Names.LABEL_MANAGED_BY, Names.MANAGED_BY).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                executor.execute(() -> admit(pod));
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                if (newPod.getMetadata().getDeletionTimestamp() != null) {
                    executor.execute(() -> stop(newPod.getMetadata().getUid()));
                }
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                executor.execute(() -> stop(pod.getMetadata().getUid()));
            }
        }, 0);
        executor.scheduleWithFixedDelay(this::probeAll, PROBE_PERIOD.toMillis(), PROBE_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void admit(Pod pod) {
        String uid = pod.getMetadata().getUid();
        if (running.containsKey(uid) || pod.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        RunningPod p = new RunningPod(pod);
        running.put(uid, p);
        try {
            p.net = network.addPod(uid);
            for (String address : loadBalancer.addressesFor(pod)) {
                network.holdAddress(p.net, address);
            }
            vnetAddress(pod).ifPresent(a -> network.holdAddress(p.net, a));
            launch(p);
        } catch (RuntimeException | IOException e) {
            LOG.error("pod {} could not start: {}", p.key(), e.getMessage());
            p.waitingReason = "CreateContainerError";
            writeStatus(p, e.getMessage());
        }
    }

    /**
     * The first address of the gateway's virtual network: the pod holds it as the gateway VMs of
     * Azure hold addresses of their VNet, so traffic from and to the VNet can be shown from the
     * pod's namespace (every instance holds it; only the active one has tunnels).
     */
    private java.util.Optional<String> vnetAddress(Pod pod) {
        var owner = pod.getMetadata().getOwnerReferences() == null ? null : pod.getMetadata().getOwnerReferences().stream()
                .filter(o -> "VirtualNetworkGateway".equals(o.getKind())).findFirst().orElse(null);
        if (owner == null) {
            return java.util.Optional.empty();
        }
        var gw = client.resources(io.vpngw.api.v1alpha1.VirtualNetworkGateway.class)
                .inNamespace(pod.getMetadata().getNamespace()).withName(owner.getName()).get();
        if (gw == null || gw.getSpec().getVirtualNetwork() == null || gw.getSpec().getVirtualNetwork().getAddressSpace() == null
                || gw.getSpec().getVirtualNetwork().getAddressSpace().isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(firstHost(gw.getSpec().getVirtualNetwork().getAddressSpace().getFirst()));
    }

    /** 10.1.0.0/16 → 10.1.0.1. */
    static String firstHost(String prefix) {
        String[] parts = prefix.split("/")[0].split("\\.");
        long a = 0;
        for (String part : parts) {
            a = (a << 8) | Integer.parseInt(part);
        }
        int length = Integer.parseInt(prefix.split("/")[1]);
        long network = length == 0 ? 0 : a & (0xFFFFFFFFL << (32 - length)) & 0xFFFFFFFFL;
        long host = length >= 31 ? network : network + 1;
        return ((host >> 24) & 0xff) + "." + ((host >> 16) & 0xff) + "." + ((host >> 8) & 0xff) + "." + (host & 0xff);
    }

    private void launch(RunningPod p) throws IOException {
        Container c = p.spec.getSpec().getContainers().getFirst();
        Path dir = Files.createDirectories(stateDirectory.resolve("pods").resolve(p.namespace + "_" + p.name + "_" + p.uid));
        Path kubeconfig = LocalApiServer.writeKubeconfig(dir.resolve("kubeconfig"), "http://" + LocalNetwork.API_ADDRESS + ":" + apiPort);
        List<String> addresses = loadBalancer.addressesFor(p.spec);
        Map<String, String> env = new HashMap<>();
        for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
            env.put(e.getName(), value(e, p));
        }
        env.put("KUBECONFIG", kubeconfig.toString());
        if (!addresses.isEmpty()) {
            env.put("VPNGW_BIND", addresses.getFirst());
        }
        // a container runtime would confine the JVM to the pod's memory limit through its cgroup
        String limit = memoryLimit(c);
        if (limit != null) {
            env.merge("JAVA_TOOL_OPTIONS", "-XX:MaxRAM=" + limit, (a, b) -> a + " " + b);
        }
        // the pods share one class-data archive, written by the first and mapped by the rest:
        // a JVM on a busy laptop starts in a fraction of the time
        env.merge("JAVA_TOOL_OPTIONS", "-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="
                + stateDirectory.resolve("gateway-classes.jsa"), (a, b) -> a + " " + b);
        List<String> command = new ArrayList<>(List.of(HostCommands.inNamespace(p.net.namespace(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.vpngw.cli.Vpngw")));
        command.addAll(c.getArgs() == null ? List.of() : c.getArgs());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("gateway.log").toFile()));
        builder.environment().putAll(env);
        p.process = builder.start();
        // a pid file per pod, so a run that died without cleaning up can be cleaned up after
        Files.writeString(dir.resolve("pid"), String.valueOf(p.process.pid()));
        p.startedAt = Instant.now();
        p.ready = false;
        p.waitingReason = null;
        LOG.info("pod {} running as process {} in namespace {} (log {})", p.key(), p.process.pid(), p.net.namespace(),
                dir.resolve("gateway.log"));
        writeStatus(p, null);
    }

    private static String value(EnvVar e, RunningPod p) {
        if (e.getValueFrom() == null || e.getValueFrom().getFieldRef() == null) {
            return e.getValue() == null ? "" : e.getValue();
        }
        return switch (e.getValueFrom().getFieldRef().getFieldPath()) {
            case "metadata.name" -> p.name;
            case "metadata.namespace" -> p.namespace;
            case "metadata.uid" -> p.uid;
            case "status.podIP" -> p.net.podAddress();
            default -> "";
        };
    }

    private static String memoryLimit(Container c) {
        if (c.getResources() == null || c.getResources().getLimits() == null) {
            return null;
        }
        Quantity q = c.getResources().getLimits().get("memory");
        return q == null ? null : Quantity.getAmountInBytes(q).toBigInteger().toString();
    }

    /** Readiness from each pod's /readyz; a process that ended is restarted after its backoff. */
    private void probeAll() {
        for (RunningPod p : running.values()) {
            if (p.stopping || p.process == null) {
                continue;
            }
            if (!p.process.isAlive()) {
                restartLater(p);
                continue;
            }
            boolean ready = probe(p);
            if (ready != p.ready) {
                p.ready = ready;
                writeStatus(p, null);
                if (ready) {
                    p.backoff = Duration.ofSeconds(1);
                }
            }
        }
    }

    private boolean probe(RunningPod p) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://" + p.net.podAddress() + ":9090/readyz"))
                    .timeout(Duration.ofMillis(400)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void restartLater(RunningPod p) {
        int exit = p.process.exitValue();
        LOG.warn("pod {}: process {} exited with {}; restarting in {}", p.key(), p.process.pid(), exit, p.backoff);
        p.process = null;
        p.ready = false;
        p.restarts++;
        p.waitingReason = "CrashLoopBackOff";
        writeStatus(p, "process exited with " + exit);
        Duration delay = p.backoff;
        p.backoff = p.backoff.multipliedBy(2).compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF : p.backoff.multipliedBy(2);
        executor.schedule(() -> {
            if (!p.stopping && running.get(p.uid) == p) {
                try {
                    launch(p);
                } catch (IOException | RuntimeException e) {
                    LOG.error("pod {} could not restart: {}", p.key(), e.getMessage());
                }
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void stop(String uid) {
        RunningPod p = running.remove(uid);
        if (p == null) {
            return;
        }
        p.stopping = true;
        long grace = p.spec.getSpec().getTerminationGracePeriodSeconds() == null ? 30 : p.spec.getSpec().getTerminationGracePeriodSeconds();
        // on a thread of its own: a pod taking its grace period must not hold up the others
        Thread.ofPlatform().daemon().name("vpngw-local-stop-" + p.name).start(() -> {
            terminate(p, Duration.ofSeconds(grace));
            network.removePod(uid);
            LOG.info("pod {} stopped and its namespace removed", p.key());
        });
    }

    private static void terminate(RunningPod p, Duration grace) {
        Process process = p.process;
        if (process == null) {
            return;
        }
        // ip netns exec replaces itself with java, so the PID is the gateway's own
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void writeStatus(RunningPod p, String message) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String started = p.startedAt == null ? now : p.startedAt.truncatedTo(ChronoUnit.SECONDS).toString();
        String ready = p.ready ? "True" : "False";
        String containerName = p.spec.getSpec().getContainers().getFirst().getName();
        var container = new ContainerStatusBuilder().withName(containerName).withImage(p.spec.getSpec().getContainers().getFirst().getImage())
                .withReady(p.ready).withRestartCount(p.restarts).withStarted(p.process != null);
        if (p.process != null) {
            container.withNewState().withNewRunning().withStartedAt(started).endRunning().endState();
        } else {
            container.withNewState().withNewWaiting().withReason(p.waitingReason).withMessage(message).endWaiting().endState();
        }
        try {
            client.pods().inNamespace(p.namespace).withName(p.name).editStatus(pod -> {
                if (!p.uid.equals(pod.getMetadata().getUid())) {
                    return pod; // a new pod of the same name: its own admit writes its status
                }
                return new PodBuilder(pod).editOrNewStatus()
                        .withPhase(p.process != null || p.restarts > 0 ? "Running" : "Pending")
                        .withPodIP(p.net == null ? null : p.net.podAddress())
                        .withHostIP(LocalNetwork.API_ADDRESS)
                        .withStartTime(started)
                        .withConditions(
                                new PodConditionBuilder().withType("Ready").withStatus(ready).withLastTransitionTime(now).build(),
                                new PodConditionBuilder().withType("ContainersReady").withStatus(ready).withLastTransitionTime(now).build())
                        .withContainerStatuses(container.build())
                        .endStatus().build();
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.warn("status of pod {}: {}", p.key(), e.getMessage());
            }
        }
    }

    /**
     * Ends the pod processes a run that died without cleaning up left running (found by their
     * pid files, and only if the process is still one of ours).
     */
    static void endLeftovers(Path stateDirectory) {
        Path pods = stateDirectory.resolve("pods");
        if (!Files.isDirectory(pods)) {
            return;
        }
        try (var dirs = Files.list(pods)) {
            for (Path dir : dirs.toList()) {
                Path pidFile = dir.resolve("pid");
                if (!Files.exists(pidFile)) {
                    continue;
                }
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                ProcessHandle.of(pid).filter(h -> h.info().commandLine().orElse("").contains("io.vpngw.cli.Vpngw"))
                        .ifPresent(h -> {
                            LOG.warn("ending process {} left by an earlier local mode", pid);
                            h.destroyForcibly();
                        });
                Files.delete(pidFile);
            }
        } catch (IOException | NumberFormatException e) {
            LOG.warn("cleaning up after an earlier local mode: {}", e.getMessage());
        }
    }

    /** Namespaces of the running pods, for status output. */
    Map<String, String> namespaces() {
        Map<String, String> out = new HashMap<>();
        running.values().forEach(p -> {
            if (p.net != null) {
                out.put(p.key(), p.net.namespace());
            }
        });
        return out;
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
        executor.shutdownNow();
        for (RunningPod p : List.copyOf(running.values())) {
            p.stopping = true;
            terminate(p, Duration.ofSeconds(5));
            network.removePod(p.uid);
        }
        running.clear();
    }
}
