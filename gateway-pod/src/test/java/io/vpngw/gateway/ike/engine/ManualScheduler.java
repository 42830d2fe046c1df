package io.vpngw.gateway.ike.engine;

import io.vpngw.gateway.ike.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;

/** A clock that moves only when a test advances it, running due actions in time order. */
final class ManualScheduler implements Scheduler {

    private static final class Entry {
        final Instant at;
        final long sequence;
        final Runnable action;
        boolean cancelled;

        Entry(Instant at, long sequence, Runnable action) {
            this.at = at;
            this.sequence = sequence;
            this.action = action;
        }
    }

    private final PriorityQueue<Entry> pending = new PriorityQueue<>(
            Comparator.comparing((Entry e) -> e.at).thenComparingLong(e -> e.sequence));
    private Instant now = Instant.parse("2025-06-01T00:00:00Z");
    private long sequence;

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public Timer schedule(Duration delay, Runnable action) {
        Entry entry = new Entry(now.plus(delay), sequence++, action);
        pending.add(entry);
        return () -> entry.cancelled = true;
    }

    /** Moves the clock forward, running every action that falls due on the way. */
    void advance(Duration duration, Runnable afterEachAction) {
        Instant target = now.plus(duration);
        while (!pending.isEmpty() && !pending.peek().at.isAfter(target)) {
            Entry entry = pending.poll();
            if (entry.cancelled) {
                continue;
            }
            now = entry.at;
            entry.action.run();
            afterEachAction.run();
        }
        now = target;
    }
}
