package io.vpngw.gateway.sstp;

import io.vpngw.gateway.net.Ipv4Prefix;
import io.vpngw.gateway.p2s.Ipv4AddressPool;
import io.vpngw.gateway.tun.LinkConfigurator;
import io.vpngw.gateway.tun.TunDevice;
import io.vpngw.gateway.tun.TunSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@link SstpClient} the way a user does: one session that prints what the gateway gave it
 * and optionally bridges a TUN device, or many concurrent sessions as a load tool. Both run until
 * {@code stop} completes (Ctrl-C in a process, a future in tests) or the gateway ends the call.
 * Output goes to the writers given, so {@code vpngw p2s connect} and {@link SstpClientMain} share it.
 */
public final class SstpClientRunner {
    /** MTU of the bridged TUN: SSTP over TLS over TCP leaves less than 1500. */
    private static final int TUN_MTU = 1400;

    private final PrintWriter out;
    private final PrintWriter err;

    public SstpClientRunner(PrintWriter out, PrintWriter err) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
    }

    /**
     * @param tunName        a TUN device to bridge, or null to only hold the session
     * @param routes         prefixes routed through the TUN device
     * @param connectTimeout how long the whole setup (TLS, SSTP, PPP, EAP-TLS, IPCP) may take
     */
    public record Session(SstpClient.Settings settings, String tunName, List<Ipv4Prefix> routes, Duration connectTimeout) {
        public Session {
            Objects.requireNonNull(settings, "settings");
            routes = List.copyOf(routes);
            Objects.requireNonNull(connectTimeout, "connectTimeout");
        }
    }

    /** What a load run established, and how long each established session took to set up. */
    public record LoadReport(int attempted, List<Duration> setupTimes, TreeMap<String, Integer> failures) {
        public LoadReport {
            setupTimes = setupTimes.stream().sorted().toList();
            failures = new TreeMap<>(failures);
        }

        public int established() {
            return setupTimes.size();
        }

        public Duration median() {
            return percentile(50);
        }

        public Duration p95() {
            return percentile(95);
        }

        /** Nearest-rank percentile of the setup times; zero when nothing was established. */
        public Duration percentile(int percent) {
            if (setupTimes.isEmpty()) {
                return Duration.ZERO;
            }
            int rank = (int) Math.ceil(percent / 100.0 * setupTimes.size());
            return setupTimes.get(Math.max(rank, 1) - 1);
        }
    }

    /** The line a connected session prints; scripts and tests look for {@code connected address=}. */
    public static String describe(SstpClient.Connected c) {
        StringBuilder line = new StringBuilder("connected address=").append(Ipv4AddressPool.format(c.address()))
                .append(" gateway=").append(Ipv4AddressPool.format(c.gatewayAddress()))
                .append(" dns=");
        if (c.primaryDns() == 0) {
            line.append("none");
        } else {
            line.append(Ipv4AddressPool.format(c.primaryDns()));
            if (c.secondaryDns() != 0) {
                line.append(',').append(Ipv4AddressPool.format(c.secondaryDns()));
            }
        }
        return line.toString();
    }

    /** One session until {@code stop} or the gateway ends it; 0 when it was established, 1 when not. */
    public int runSession(Session session, CompletableFuture<?> stop) throws InterruptedException {
        SstpClient client;
        SstpClient.Connected c;
        try {
            client = SstpClient.connect(session.settings());
        } catch (IOException | RuntimeException e) {
            say(err, "cannot connect to " + session.settings().host() + ":" + session.settings().port() + ": " + e.getMessage());
            return 1;
        }
        try (client) {
            try {
                c = client.awaitConnected(session.connectTimeout());
            } catch (IOException e) {
                say(err, "the gateway refused the session: " + e.getMessage());
                return 1;
            } catch (TimeoutException e) {
                say(err, "no session within " + session.connectTimeout().toSeconds() + " s");
                return 1;
            }
            say(out, describe(c));
            if (session.tunName() != null) {
                bridge(client, c, session, stop);
            } else {
                CompletableFuture.anyOf(stop, client.ended()).join();
            }
            say(out, "ended " + client.ended().getNow("by the user"));
        }
        return 0;
    }

    private void bridge(SstpClient client, SstpClient.Connected c, Session session, CompletableFuture<?> stop) {
        try (TunDevice tun = TunDevice.open(TunSettings.named(session.tunName()))) {
            LinkConfigurator.inCurrentNamespace().configure(tun.name(), TUN_MTU, List.of(new Ipv4Prefix(c.address(), 32)), session.routes());
            Thread up = Thread.ofPlatform().name("tun-to-sstp").daemon(true).start(() -> tunToTunnel(tun, client));
            Thread down = Thread.ofPlatform().name("sstp-to-tun").daemon(true).start(() -> tunnelToTun(tun, client));
            say(out, "tunnel up on " + tun.name());
            CompletableFuture.anyOf(stop, client.ended()).join();
            up.interrupt();
            down.interrupt();
        } catch (RuntimeException e) {
            say(err, "cannot bridge TUN " + session.tunName() + " (needs NET_ADMIN and /dev/net/tun): " + e.getMessage());
        }
    }

    /**
     * {@code sessions} concurrent sessions with the same settings: prints how many were
     * established and the median and p95 of their setup times, holds them until {@code stop},
     * then closes them. Returns the report (printed already).
     */
    public LoadReport runLoad(SstpClient.Settings settings, int sessions, Duration connectTimeout, CompletableFuture<?> stop)
            throws InterruptedException {
        if (sessions < 1) {
            throw new IllegalArgumentException("at least one session, not " + sessions);
        }
        List<SstpClient> clients = new ArrayList<>();
        List<Duration> setupTimes = new ArrayList<>();
        TreeMap<String, Integer> failures = new TreeMap<>();
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sstp-load-timers");
            t.setDaemon(true);
            return t;
        });
        try (ExecutorService starters = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Attempt>> attempts = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                attempts.add(starters.submit(() -> attempt(settings, timers, connectTimeout)));
            }
            for (Future<Attempt> f : attempts) {
                Attempt a = join(f);
                if (a.client() != null) {
                    clients.add(a.client());
                }
                if (a.failure() == null) {
                    setupTimes.add(a.setupTime());
                } else {
                    failures.merge(a.failure(), 1, Integer::sum);
                }
            }
            LoadReport report = new LoadReport(sessions, setupTimes, failures);
            say(out, String.format("sessions established=%d of %d setup median=%d ms p95=%d ms", report.established(), sessions,
                    report.median().toMillis(), report.p95().toMillis()));
            report.failures().forEach((reason, n) -> say(out, "failed " + n + ": " + reason));
            if (report.established() > 0) {
                List<CompletableFuture<String>> ends = clients.stream().map(SstpClient::ended).toList();
                CompletableFuture.anyOf(stop, CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new))).join();
                long stillUp = ends.stream().filter(e -> !e.isDone()).count();
                say(out, "closing " + stillUp + " sessions");
            }
            return report;
        } finally {
            clients.forEach(SstpClient::close);
            timers.shutdownNow();
        }
    }

    private record Attempt(SstpClient client, Duration setupTime, String failure) {}

    private static Attempt attempt(SstpClient.Settings settings, ScheduledExecutorService timers, Duration timeout) {
        long started = System.nanoTime();
        SstpClient client;
        try {
            client = SstpClient.connect(settings, timers);
        } catch (IOException | RuntimeException e) {
            return new Attempt(null, null, "connect: " + e.getMessage());
        }
        try {
            client.awaitConnected(timeout);
            return new Attempt(client, Duration.ofNanos(System.nanoTime() - started), null);
        } catch (IOException e) {
            return new Attempt(client, null, "refused: " + e.getMessage());
        } catch (TimeoutException e) {
            return new Attempt(client, null, "no session within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(client, null, "interrupted");
        }
    }

    private static Attempt join(Future<Attempt> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            return new Attempt(null, null, String.valueOf(e.getCause()));
        }
    }

    private static void tunToTunnel(TunDevice tun, SstpClient client) {
        byte[] buffer = new byte[TunDevice.MAX_PACKET_SIZE];
        while (tun.isOpen() && !client.ended().isDone()) {
            int n = tun.read(buffer, 0, buffer.length);
            if (n < 0) {
                return;
            }
            if (n == 0) {
                tun.poll(200);
                continue;
            }
            if ((buffer[0] >> 4 & 0x0F) == 4) { // IPv6 router solicitations arrive as soon as the TUN is up
                client.send(Arrays.copyOf(buffer, n));
            }
        }
    }

    private static void tunnelToTun(TunDevice tun, SstpClient client) {
        try {
            while (tun.isOpen() && !client.ended().isDone()) {
                byte[] packet = client.receive(Duration.ofMillis(200));
                if (packet != null) {
                    tun.write(packet, 0, packet.length);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void say(PrintWriter w, String line) {
        synchronized (w) {
            w.println(line);
            w.flush();
        }
    }
}
