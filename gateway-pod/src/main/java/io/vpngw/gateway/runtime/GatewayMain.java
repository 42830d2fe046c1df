package io.vpngw.gateway.runtime;

import io.vpngw.gateway.config.GatewayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * Runs one gateway instance from files, without Kubernetes:
 * {@code --config FILE} (the configuration document), {@code --secrets DIR} (one file per key,
 * as a mounted Secret: {@code psk.<connection>}), {@code --bind ADDRESS}, {@code --tun NAME},
 * {@code --nat-keepalive-seconds N} (default 20), {@code --stats-seconds N} (default 5).
 * Prints one line per IKE event and a {@code stats} line with the data plane's counters whenever
 * they changed (at most every N seconds); stops on SIGTERM. {@code --kubernetes} runs the instance
 * from the API instead (see {@link io.vpngw.gateway.kube.KubernetesGateway}).
 */
public final class GatewayMain {
    private GatewayMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--kubernetes")) {
            io.vpngw.gateway.kube.KubernetesGateway.run(io.vpngw.gateway.kube.KubernetesGateway.Environment.of(System.getenv()));
            return;
        }
        Map<String, String> options = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                usage("unexpected " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        for (String required : new String[] {"config", "secrets", "bind"}) {
            if (!options.containsKey(required)) {
                usage("missing --" + required);
            }
        }
        GatewayConfig config = GatewayConfig.fromJson(Files.readString(Path.of(options.get("config"))));
        GatewayRuntime.Settings settings = new GatewayRuntime.Settings(options.get("bind"),
                options.getOrDefault("tun", "vpngw0"), secrets(Path.of(options.get("secrets"))),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("nat-keepalive-seconds", "20"))));
        Duration statsInterval = Duration.ofSeconds(Long.parseLong(options.getOrDefault("stats-seconds", "5")));
        CountDownLatch stop = new CountDownLatch(1);
        try (GatewayRuntime runtime = new GatewayRuntime(config, settings, e -> {
            System.out.println("event " + e);
            System.out.flush();
        })) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "gateway-shutdown"));
            runtime.start();
            System.out.println("gateway ready");
            System.out.flush();
            ScheduledExecutorService stats = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                    .name("stats").daemon(true).unstarted(r));
            AtomicReference<String> lastStats = new AtomicReference<>("");
            stats.scheduleAtFixedRate(() -> {
                String line = runtime.stats().toString();
                if (!line.equals(lastStats.getAndSet(line))) {
                    System.out.println("stats " + line);
                    System.out.flush();
                }
            }, statsInterval.toMillis(), statsInterval.toMillis(), TimeUnit.MILLISECONDS);
            stop.await();
            stats.shutdownNow();
        }
    }

    /** A mounted Secret: each regular file is one key, its content the value. */
    static Map<String, String> secrets(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(f.getFileName().toString(), Files.readString(f).strip());
            }
        }
        return out;
    }

    private static void usage(String problem) {
        System.err.println(problem + "\nusage: gateway --config FILE --secrets DIR --bind ADDRESS [--tun NAME]");
        System.exit(2);
    }
}
