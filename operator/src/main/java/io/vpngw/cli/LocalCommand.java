package io.vpngw.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vpngw.api.v1alpha1.Connection;
import io.vpngw.api.v1alpha1.ConnectionState;
import io.vpngw.operator.local.LocalCluster;
import io.vpngw.operator.local.LocalStatus;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vpngw local}: the whole system on this machine, without a cluster. */
@Command(name = "local", description = "Run vpngw on this machine without a cluster: a local Kubernetes API, the operator and the gateway pods as processes.",
        subcommands = {LocalCommand.Up.class, LocalCommand.Status.class, LocalCommand.Down.class})
final class LocalCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class StateOptions {
        @Option(names = "--state-dir", description = "Where the kubeconfig, pid file and pod logs live (default: ~/.vpngw/local).")
        Path stateDirectory = LocalCluster.Options.defaults().stateDirectory();

        @Option(names = "--api-port", description = "Port of the local Kubernetes API (default: ${DEFAULT-VALUE}).")
        int apiPort = LocalCluster.Options.DEFAULT_API_PORT;

        LocalCluster.Options options() {
            return new LocalCluster.Options(stateDirectory, apiPort);
        }

        KubernetesClient client() throws java.io.IOException {
            Path kubeconfig = options().kubeconfig();
            if (!Files.exists(kubeconfig)) {
                throw new CommandLine.ParameterException(new CommandLine(this), "no local mode is running (no " + kubeconfig + "); start one with: vpngw local up");
            }
            return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        }
    }

    @Command(name = "up", description = "Start local mode, apply the manifests given, show the gateways coming up, and run until Ctrl-C or `vpngw local down`.")
    static final class Up implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        StateOptions state = new StateOptions();

        @Parameters(description = "Manifest files or folders to apply (e.g. examples/vnet-to-vnet/).")
        List<Path> manifests = new ArrayList<>();

        @Option(names = "--timeout", description = "How long to wait for every connection to be Connected (default: ${DEFAULT-VALUE}).")
        Duration timeout = Duration.ofMinutes(2);

        @Option(names = "--exit-when-connected", description = "Stop (and clean up) once every connection is Connected, instead of running on.")
        boolean exitWhenConnected;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            CountDownLatch stop = new CountDownLatch(1);
            CountDownLatch cleanedUp = new CountDownLatch(1);
            // on SIGTERM or Ctrl-C the JVM ends when its hooks return: hold it until the pods'
            // processes, namespaces and routes are gone
            Thread hook = new Thread(() -> {
                stop.countDown();
                try {
                    cleanedUp.await(90, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "vpngw-local-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try (LocalCluster cluster = LocalCluster.start(state.options())) {
                out.printf("local Kubernetes API on %s%n  export KUBECONFIG=%s%n", cluster.apiUrl(), state.options().kubeconfig());
                if (!cluster.runsPods()) {
                    out.println("not root: the operator renders every gateway, but no gateway pod can run"
                            + " (TUN devices and network namespaces need root)");
                }
                out.flush();
                int result = 0;
                if (!manifests.isEmpty()) {
                    long applied = System.nanoTime();
                    List<HasMetadata> objects = cluster.apply(manifests);
                    objects.forEach(o -> out.printf("%s/%s %s applied%n", o.getKind(), o.getMetadata().getName(),
                            o.getMetadata().getNamespace() == null ? "" : "(" + o.getMetadata().getNamespace() + ")"));
                    out.flush();
                    List<String> connections = objects.stream().filter(o -> o instanceof Connection || "Connection".equals(o.getKind()))
                            .map(o -> o.getMetadata().getNamespace() + "/" + o.getMetadata().getName()).toList();
                    result = follow(cluster.client(), connections, applied, out, stop) ? 0 : 1;
                    LocalStatus.print(cluster.client(), out);
                }
                if (!exitWhenConnected) {
                    out.println("running; stop with Ctrl-C or `vpngw local down`");
                    out.flush();
                    stop.await();
                }
                out.println("stopping: removing every process and namespace local mode made");
                out.flush();
                return result;
            } finally {
                cleanedUp.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down already
                }
            }
        }

        /** Prints each connection's changes and its time from apply to Connected; true when all connected in time. */
        private boolean follow(KubernetesClient client, List<String> connections, long applied, PrintWriter out, CountDownLatch stop)
                throws InterruptedException {
            Map<String, ConnectionState> seen = new HashMap<>();
            long deadline = applied + timeout.toNanos();
            while (System.nanoTime() < deadline && stop.getCount() > 0) {
                Map<String, ConnectionState> now = LocalStatus.connectionStates(client);
                boolean all = !connections.isEmpty();
                for (String c : connections) {
                    ConnectionState state = now.getOrDefault(c, ConnectionState.Unknown);
                    if (state != seen.put(c, state)) {
                        double seconds = (System.nanoTime() - applied) / 1e9;
                        out.printf("%6.1f s  connection %s: %s%n", seconds, c, state);
                        out.flush();
                    }
                    all &= state == ConnectionState.Connected;
                }
                if (all) {
                    out.printf("every connection Connected %.1f s after apply%n", (System.nanoTime() - applied) / 1e9);
                    out.flush();
                    return true;
                }
                stop.await(250, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            out.printf("not every connection Connected within %s%n", timeout);
            return connections.isEmpty();
        }
    }

    @Command(name = "status", description = "Show the gateways and connections of the running local mode.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        StateOptions state = new StateOptions();

        @Override
        public Integer call() throws Exception {
            try (KubernetesClient client = state.client()) {
                LocalStatus.print(client, spec.commandLine().getOut());
            }
            return 0;
        }
    }

    @Command(name = "down", description = "Stop the running local mode; it removes every process and namespace it made.")
    static final class Down implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        StateOptions state = new StateOptions();

        @Override
        public Integer call() throws Exception {
            Path pidFile = state.options().pidFile();
            if (!Files.exists(pidFile)) {
                spec.commandLine().getOut().println("no local mode is running");
                return 0;
            }
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            var process = ProcessHandle.of(pid);
            if (process.isEmpty()) {
                Files.deleteIfExists(pidFile);
                spec.commandLine().getOut().println("local mode (pid " + pid + ") had already ended");
                return 0;
            }
            process.get().destroy();
            process.get().onExit().get(90, java.util.concurrent.TimeUnit.SECONDS);
            spec.commandLine().getOut().println("local mode (pid " + pid + ") stopped");
            return 0;
        }
    }
}
