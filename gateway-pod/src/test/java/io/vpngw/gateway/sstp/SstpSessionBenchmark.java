package io.vpngw.gateway.sstp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.p2s.ClientCertificatePolicy;
import io.vpngw.gateway.p2s.Ipv4AddressPool;
import io.vpngw.gateway.p2s.TestPki;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Concurrent SSTP sessions on one server instance, beside Azure's 128 per gateway: N of our
 * clients connect over loopback (8 at a time), each through TLS, EAP-TLS and the crypto binding;
 * per-session setup time (connect → address assigned, binding verified), the heap all sessions
 * hold after GC, and one datagram per session through the server to prove each is live.
 * Clients and server share the JVM and its 2 cores, so heap and time are for both ends.
 * Run: {@code bench/sstp-sessions.sh [sessions]}.
 */
@Tag("benchmark")
class SstpSessionBenchmark {

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void sessionsPerInstance() throws Exception {
        int sessions = Integer.getInteger("vpngw.bench.sstpSessions", 500);
        TestPki.Issued ca = TestPki.ca("bench root");
        TestPki.Issued server = TestPki.server(ca, "localhost", "127.0.0.1");
        TestPki.Issued client = TestPki.client(ca, "bench-user");
        LinkedBlockingQueue<byte[]> egress = new LinkedBlockingQueue<>();
        long before = heapAfterGc();
        try (SstpServer gateway = SstpServer.start(new SstpServer.Settings("127.0.0.1", 0, server.key(), server.chain(),
                new ClientCertificatePolicy(List.of(ca.certificate()), List.of(), Clock.systemUTC()), List.of("172.16.0.0/16"),
                Ipv4AddressPool.parse("172.16.0.1"), List.of(), sessions, "bench", SstpTimers.specification()),
                (p, o, l) -> egress.add(new byte[] {1}))) {
            ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
            SstpClient.Settings settings = new SstpClient.Settings("localhost", gateway.port(), List.of(ca.certificate()),
                    client.key(), client.chain(), "bench-user");
            List<SstpClient> clients = Collections.synchronizedList(new ArrayList<>());
            ConcurrentLinkedQueue<Long> setupMicros = new ConcurrentLinkedQueue<>();
            AtomicInteger failures = new AtomicInteger();
            Semaphore inFlight = new Semaphore(8);
            long started = System.nanoTime();
            try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < sessions; i++) {
                    inFlight.acquire();
                    executor.submit(() -> {
                        try {
                            long t0 = System.nanoTime();
                            SstpClient c = SstpClient.connect(settings, timers);
                            SstpClient.Connected up = c.awaitConnected(Duration.ofSeconds(60));
                            setupMicros.add((System.nanoTime() - t0) / 1000);
                            clients.add(c);
                            c.send(P2sLab.udp(up.address(), Ipv4AddressPool.parse("10.1.0.5"), new byte[32]));
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        } finally {
                            inFlight.release();
                        }
                        return null;
                    });
                }
            }
            double allSeconds = (System.nanoTime() - started) / 1e9;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (egress.size() < clients.size() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            long during = heapAfterGc();
            List<Long> sorted = new ArrayList<>(setupMicros);
            Collections.sort(sorted);
            System.out.printf("== sstp sessions%n");
            System.out.printf("sessions established: %d of %d (failed %d), server counts %d active; Azure allows 128 per gateway (%.1fx)%n",
                    clients.size(), sessions, failures.get(), gateway.counters().activeSessions(), clients.size() / 128.0);
            System.out.printf("setup per session (8 in parallel): median %.1f ms, p95 %.1f ms, max %.1f ms; all in %.1f s (%.0f sessions/s)%n",
                    sorted.get(sorted.size() / 2) / 1000.0, sorted.get((int) (sorted.size() * 0.95)) / 1000.0,
                    sorted.getLast() / 1000.0, allSeconds, clients.size() / allSeconds);
            System.out.printf("heap after GC: %.1f MiB for %d sessions, both ends = %.1f KiB per client+server pair%n",
                    (during - before) / 1048576.0, clients.size(), (during - before) / 1024.0 / Math.max(1, clients.size()));
            System.out.printf("datagrams through the server, one per session: %d%n", egress.size());
            assertThat(clients).hasSize(sessions);
            assertThat(egress).hasSize(sessions);
            for (SstpClient c : clients) {
                c.close();
            }
            timers.shutdown();
        }
    }
}
