package io.vpngw.gateway.runtime;

import io.vpngw.gateway.config.GatewayConfig;
import io.vpngw.gateway.sstp.PointToSiteSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Runs one gateway instance from files, without Kubernetes:
 * {@code --config FILE} (the configuration document), {@code --secrets DIR} (one file per key,
 * as a mounted Secret: {@code psk.<connection>}), {@code --bind ADDRESS}, {@code --tun NAME},
 * {@code --nat-keepalive-seconds N} (default 20), {@code --stats-seconds N} (default 5),
 * {@code --role-file FILE} (optional: {@code active} or {@code standby}; without it the instance
 * serves).
 *
 * <p>The configuration file, the secrets directory and the role file are watched (polled every
 * {@value #POLL_MILLIS} ms; a change is applied once it has held still for one poll, so a file
 * being written is not read half-way): a new configuration or key is applied in place, as the
 * ConfigMap and Secret are in Kubernetes, and the role switches between serving and warm standby.
 *
 * <p>Prints one line per IKE event, {@code config applied generation=N ...} or
 * {@code config rejected ...} after each change, {@code role serving|standby}, and a {@code stats}
 * line with the data plane's counters (in total and per connection) whenever they changed (at
 * most every N seconds); stops on SIGTERM. {@code --kubernetes} runs the instance from the API
 * instead (see {@link io.vpngw.gateway.kube.KubernetesGateway}).
 */
public final class GatewayMain {
    static final long POLL_MILLIS = 500;

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
        Path configFile = Path.of(options.get("config"));
        Path secretsDir = Path.of(options.get("secrets"));
        Optional<Path> roleFile = Optional.ofNullable(options.get("role-file")).map(Path::of);
        InputFiles initial = InputFiles.read(configFile, secretsDir);
        GatewayConfig config = GatewayConfig.fromJson(initial.config());
        GatewayRuntime.Settings settings = new GatewayRuntime.Settings(options.get("bind"),
                options.getOrDefault("tun", "vpngw0"), initial.secrets(),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("nat-keepalive-seconds", "20"))));
        Duration statsInterval = Duration.ofSeconds(Long.parseLong(options.getOrDefault("stats-seconds", "5")));
        CountDownLatch stop = new CountDownLatch(1);
        try (GatewayRuntime runtime = new GatewayRuntime(config, settings, e -> say("event " + e))) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "gateway-shutdown"));
            runtime.open();
            PointToSite p2s = PointToSite.start(runtime, config, initial.secrets(), options.get("bind"),
                    Integer.parseInt(options.getOrDefault("sstp-port", String.valueOf(PointToSiteSettings.SSTP_PORT))));
            boolean serve = roleFile.map(GatewayMain::readRole).orElse(true);
            if (serve) {
                runtime.startServing();
            }
            say("role " + (serve ? "serving" : "standby"));
            say("gateway ready");
            ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                    .name("gateway-files").daemon(true).unstarted(r));
            AtomicReference<String> lastStats = new AtomicReference<>("");
            AtomicReference<String> lastP2s = new AtomicReference<>("");
            background.scheduleAtFixedRate(() -> {
                String line = runtime.stats().toString();
                if (!line.equals(lastStats.getAndSet(line))) {
                    say("stats " + line);
                }
                p2s.counters().map(Object::toString).filter(l -> !l.equals(lastP2s.getAndSet(l))).ifPresent(l -> say("p2s " + l));
            }, statsInterval.toMillis(), statsInterval.toMillis(), TimeUnit.MILLISECONDS);
            FileWatch watch = new FileWatch(runtime, configFile, secretsDir, roleFile, initial, serve);
            background.scheduleWithFixedDelay(watch::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
            stop.await();
            background.shutdownNow();
            p2s.close();
        }
    }

    /** The configuration document and the secrets as read at one moment. */
    record InputFiles(String config, Map<String, String> secrets) {
        static InputFiles read(Path configFile, Path secretsDir) throws IOException {
            return new InputFiles(Files.readString(configFile), GatewayMain.secrets(secretsDir));
        }

        @Override
        public String toString() {
            return "InputFiles[" + config.length() + " characters, keys " + secrets.keySet() + "]";
        }
    }

    /**
     * Polls the inputs from one background thread: whatever changed and then held still for one
     * poll is applied; a document that does not parse is reported and the running one kept.
     */
    static final class FileWatch {
        private final GatewayRuntime runtime;
        private final Path configFile;
        private final Path secretsDir;
        private final Optional<Path> roleFile;
        private InputFiles applied;
        private InputFiles pending;
        private boolean serving;
        private Boolean pendingRole;

        FileWatch(GatewayRuntime runtime, Path configFile, Path secretsDir, Optional<Path> roleFile, InputFiles applied,
                  boolean serving) {
            this.runtime = runtime;
            this.configFile = configFile;
            this.secretsDir = secretsDir;
            this.roleFile = roleFile;
            this.applied = applied;
            this.serving = serving;
        }

        void poll() {
            try {
                pollConfiguration();
                roleFile.ifPresent(this::pollRole);
            } catch (RuntimeException e) {
                say("config rejected " + oneLine(e.getMessage()));
            }
        }

        private void pollConfiguration() {
            InputFiles now;
            try {
                now = InputFiles.read(configFile, secretsDir);
            } catch (NoSuchFileException e) {
                return; // being replaced: look again at the next poll
            } catch (IOException e) {
                say("config rejected cannot read " + oneLine(e.getMessage()));
                return;
            }
            if (now.equals(applied)) {
                pending = null;
                return;
            }
            if (!now.equals(pending)) {
                pending = now; // changed since the last poll: wait until it holds still
                return;
            }
            pending = null;
            applied = now;
            GatewayConfig next;
            try {
                next = GatewayConfig.fromJson(now.config());
            } catch (IllegalArgumentException e) {
                say("config rejected " + oneLine(e.getMessage()));
                return;
            }
            GatewayRuntime.Reload reload = runtime.apply(next, now.secrets());
            say("config applied generation=" + next.generation() + " " + reload);
        }

        private void pollRole(Path file) {
            boolean wanted = readRole(file);
            if (wanted == serving) {
                pendingRole = null;
                return;
            }
            if (!Boolean.valueOf(wanted).equals(pendingRole)) {
                pendingRole = wanted;
                return;
            }
            pendingRole = null;
            serving = wanted;
            if (wanted) {
                runtime.startServing();
            } else {
                runtime.stopServing();
            }
            say("role " + (wanted ? "serving" : "standby"));
        }
    }

    /** {@code standby} (any case, surrounding blanks ignored) keeps the instance warm; anything else serves. */
    static boolean readRole(Path file) {
        try {
            return !Files.readString(file).strip().equalsIgnoreCase("standby");
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the role file " + file, e);
        }
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replace('\n', ' ');
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
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
        System.err.println(problem + "\nusage: gateway --config FILE --secrets DIR --bind ADDRESS [--tun NAME]"
                + " [--role-file FILE] [--stats-seconds N] [--nat-keepalive-seconds N] [--sstp-port N]");
        System.exit(2);
    }
}
