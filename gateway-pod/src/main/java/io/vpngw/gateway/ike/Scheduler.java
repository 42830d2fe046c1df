package io.vpngw.gateway.ike;

import java.time.Duration;
import java.time.Instant;

/**
 * Time for the engine: the current instant and delayed actions. The engine is confined to one
 * thread, so an implementation must run the actions on that same thread (an event loop in the
 * gateway, a manually advanced clock in tests).
 */
public interface Scheduler {

    Instant now();

    /** Runs {@code action} once after {@code delay} unless cancelled first. */
    Timer schedule(Duration delay, Runnable action);

    /** A pending action. */
    @FunctionalInterface
    interface Timer {
        /** Prevents the action from running; harmless if it already ran. */
        void cancel();
    }
}
