package io.vpngw.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Failover as the site sees it, in the {@link HaLab}: the site's LAN host pings the VNet address
 * through the tunnel every 10 ms, the active instance is stopped (SIGKILL: a crash; SIGTERM: a
 * clean stop, as for a rolling update), and the figure is the longest time between two replies
 * around the event. Each round restarts the stopped instance as the new standby. Also reported:
 * event → successor labelled active (the election's share) and event → first reply again.
 * strongSwan has no Lease-based active-standby to run beside it, so Azure's documented figures
 * are printed for comparison. A benchmark: run with bench/failover.sh.
 */
@Tag("benchmark")
class FailoverBenchmark {
    private static final int ROUNDS = Integer.getInteger("vpngw.bench.failovers", 5);
    private static final Duration TAKEOVER = Duration.ofSeconds(30);

    @BeforeAll
    static void machineCanRunStrongSwanLabs() {
        InteropPreconditions.requireStrongSwanLab();
    }

    enum Kind { CRASH, CLEAN_STOP }

    record Round(Kind kind, Duration gap, Duration elected, Duration resumed) {}

    @Test
    void failoverGapsThroughTheTunnel() throws Exception {
        List<Round> rounds = new ArrayList<>();
        try (HaLab ha = HaLab.open(); PingProbe ping = ha.ping("ping-failover")) {
            assertThat(ping.awaitSteady(ping.started(), 20, Duration.ofSeconds(10))).as(ping.output()).isTrue();
            for (int i = 0; i < ROUNDS; i++) {
                for (Kind kind : Kind.values()) {
                    rounds.add(round(ha, ping, kind));
                }
            }
        }
        System.out.printf("%n== failover: ping every 10 ms site LAN -> VNet through the tunnel, %d rounds each, %d cores%n",
                ROUNDS, Runtime.getRuntime().availableProcessors());
        System.out.printf("%-30s %10s %10s %14s %14s%n", "", "gap med", "gap max", "elected med", "resumed med");
        for (Kind kind : Kind.values()) {
            List<Round> of = rounds.stream().filter(r -> r.kind() == kind).toList();
            System.out.printf("%-30s %10s %10s %14s %14s%n", kind == Kind.CRASH ? "kill -9 of the active" : "SIGTERM of the active",
                    seconds(median(of.stream().map(Round::gap).toList())), seconds(max(of.stream().map(Round::gap).toList())),
                    seconds(median(of.stream().map(Round::elected).toList())), seconds(median(of.stream().map(Round::resumed).toList())));
            System.out.printf("  gaps: %s%n", of.stream().map(r -> seconds(r.gap())).toList());
        }
        System.out.println("Azure VPN Gateway, documented: planned maintenance 10-15 s, unplanned 1-3 min");
        assertThat(rounds).allSatisfy(r -> assertThat(r.gap()).isPositive());
    }

    private static Round round(HaLab ha, PingProbe ping, Kind kind) {
        HaLab.Instance active = ha.active();
        HaLab.Instance standby = ha.other(active);
        Instant event = Instant.now();
        if (kind == Kind.CRASH) {
            active.kill();
        } else {
            active.terminate(Duration.ofSeconds(20));
        }
        ha.awaitRole(standby, "active", TAKEOVER);
        ha.awaitRouteTo(standby, TAKEOVER);
        Instant elected = ha.route.moves().getLast().at();
        Instant resumed = ping.awaitReplyAfter(elected, TAKEOVER)
                .orElseThrow(() -> new AssertionError("no reply after the takeover\n" + ha.logs()));
        if (!ping.awaitSteady(resumed, 50, TAKEOVER)) {
            throw new AssertionError("pings did not settle after the takeover\n" + ha.logs());
        }
        Duration gap = PingProbe.longestGap(ping.replies(), event, resumed);
        // the stopped instance comes back as the standby for the next round
        active.start();
        ha.awaitRole(active, "standby", TAKEOVER);
        ha.awaitTunnel(Duration.ofSeconds(10));
        return new Round(kind, gap, Duration.between(event, elected), Duration.between(event, resumed));
    }

    private static Duration median(List<Duration> values) {
        List<Duration> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static Duration max(List<Duration> values) {
        return values.stream().max(Duration::compareTo).orElseThrow();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2f s", d.toMillis() / 1000.0);
    }
}
