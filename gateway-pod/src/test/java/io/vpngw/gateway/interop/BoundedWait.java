package io.vpngw.gateway.interop;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline, checking it at short intervals. The harness waits for
 * things it cannot be told about (a socket file appearing, a line in a log), so it polls, but never
 * longer than the deadline and never a fixed time.
 */
public final class BoundedWait {

    private static final Duration FIRST_INTERVAL = Duration.ofMillis(2);
    private static final Duration LONGEST_INTERVAL = Duration.ofMillis(50);

    private BoundedWait() {
    }

    /** True as soon as the condition holds, false when the timeout passes first. */
    public static boolean until(Duration timeout, BooleanSupplier condition) {
        return poll(timeout, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty()).isPresent();
    }

    /** The first value the probe yields, or empty when the timeout passes first. */
    public static <T> Optional<T> poll(Duration timeout, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long interval = FIRST_INTERVAL.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return Optional.empty();
            }
            LockSupport.parkNanos(Math.min(interval, remaining));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting");
            }
            interval = Math.min(interval * 2, LONGEST_INTERVAL.toNanos());
        }
    }
}
