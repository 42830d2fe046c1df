package io.vpngw.gateway.interop;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A steady stream of echo requests ({@code ping -D -O -i 0.01}: every 10 ms, each reply stamped
 * with the time it arrived) running in a namespace for as long as a test needs, and the arithmetic
 * on its replies: the longest silence around an event, whether it has answered since an instant,
 * which requests went unanswered. Reply times are the kernel's wall clock, the same clock as
 * {@link Instant#now()} in the test JVM on this machine.
 */
final class PingProbe implements AutoCloseable {
    /** The interval between echo requests. */
    static final Duration INTERVAL = Duration.ofMillis(10);
    private static final Pattern REPLY = Pattern.compile("^\\[(\\d+)\\.(\\d{6})\\] \\d+ bytes from [0-9.]+: icmp_seq=(\\d+) ");

    /** One echo reply: which request it answers and when it arrived. */
    record Reply(int sequence, Instant arrived) {}

    private final NamespaceProcess ping;
    private final Instant started;

    private PingProbe(NamespaceProcess ping, Instant started) {
        this.ping = ping;
        this.started = started;
    }

    /** Starts pinging {@code destination} from {@code source} in {@code namespace} (line-buffered output). */
    static PingProbe start(NetworkNamespace namespace, String label, String source, String destination) {
        Instant started = Instant.now();
        NamespaceProcess ping = namespace.start(label, List.of("stdbuf", "-oL", "ping", "-n", "-D", "-O",
                "-i", "0.01", "-W", "1", "-I", Addresses.requireIpv4(source), Addresses.requireIpv4(destination)), Map.of());
        return new PingProbe(ping, started);
    }

    /** The replies so far, in arrival order. */
    List<Reply> replies() {
        return parse(ping.output());
    }

    static List<Reply> parse(String output) {
        List<Reply> replies = new ArrayList<>();
        for (String line : output.lines().toList()) {
            Matcher m = REPLY.matcher(line);
            if (m.find()) {
                replies.add(new Reply(Integer.parseInt(m.group(3)),
                        Instant.ofEpochSecond(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)) * 1000)));
            }
        }
        return replies;
    }

    /** Waits (bounded) for a reply that arrived after {@code after}; its arrival, or empty. */
    Optional<Instant> awaitReplyAfter(Instant after, Duration timeout) {
        return BoundedWait.poll(timeout, () -> {
            if (!ping.isAlive()) {
                throw new IllegalStateException("ping exited: " + ping.output());
            }
            List<Reply> replies = replies();
            return replies.isEmpty() || !replies.getLast().arrived().isAfter(after)
                    ? Optional.empty() : Optional.of(replies.getLast().arrived());
        });
    }

    /** Waits (bounded) until {@code count} consecutive replies arrived after {@code after}. */
    boolean awaitSteady(Instant after, int count, Duration timeout) {
        return BoundedWait.until(timeout, () -> {
            List<Reply> recent = replies().stream().filter(r -> r.arrived().isAfter(after)).toList();
            if (recent.size() < count) {
                return false;
            }
            List<Reply> tail = recent.subList(recent.size() - count, recent.size());
            return tail.getLast().sequence() - tail.getFirst().sequence() == count - 1;
        });
    }

    /**
     * The longest time between two consecutive replies, among the pairs whose silence overlaps
     * [{@code from}, {@code to}]: the outage a user of the tunnel would have seen around an event
     * (it includes one request interval of 10 ms even without any loss).
     */
    static Duration longestGap(List<Reply> replies, Instant from, Instant to) {
        Duration longest = Duration.ZERO;
        for (int i = 1; i < replies.size(); i++) {
            Instant before = replies.get(i - 1).arrived();
            Instant after = replies.get(i).arrived();
            if (after.isAfter(from) && before.isBefore(to)) {
                Duration gap = Duration.between(before, after);
                if (gap.compareTo(longest) > 0) {
                    longest = gap;
                }
            }
        }
        return longest;
    }

    /**
     * The requests between the first and the last one answered within [{@code from}, {@code to}]
     * that got no reply.
     */
    static List<Integer> unanswered(List<Reply> replies, Instant from, Instant to) {
        List<Integer> window = replies.stream().filter(r -> !r.arrived().isBefore(from) && !r.arrived().isAfter(to))
                .map(Reply::sequence).sorted().distinct().toList();
        List<Integer> missing = new ArrayList<>();
        for (int i = 1; i < window.size(); i++) {
            for (int s = window.get(i - 1) + 1; s < window.get(i); s++) {
                missing.add(s);
            }
        }
        return missing;
    }

    Instant started() {
        return started;
    }

    String output() {
        return ping.output();
    }

    @Override
    public void close() {
        ping.stop();
    }
}
