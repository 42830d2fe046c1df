package io.vpngw.gateway.ppp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Timers a test fires by hand: nothing runs unless the test says so. */
final class ManualTimers implements PppTimers {
    private final List<Runnable> pending = new ArrayList<>();

    @Override
    public Timer schedule(Duration delay, Runnable action) {
        Runnable[] slot = {action};
        pending.add(() -> {
            if (slot[0] != null) {
                slot[0].run();
            }
        });
        return () -> slot[0] = null;
    }

    /** Runs every timer armed so far (those they arm wait for the next call). */
    void fireAll() {
        List<Runnable> due = new ArrayList<>(pending);
        pending.clear();
        due.forEach(Runnable::run);
    }
}
