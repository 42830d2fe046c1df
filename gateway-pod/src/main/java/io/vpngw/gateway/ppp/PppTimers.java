package io.vpngw.gateway.ppp;

import java.time.Duration;

/**
 * Timers for a PPP link. The action runs on the link's own thread (the session's event loop),
 * never concurrently with the link's other work, so PPP state needs no locks.
 */
@FunctionalInterface
public interface PppTimers {

    Timer schedule(Duration delay, Runnable action);

    /** A scheduled action that can still be withdrawn. */
    @FunctionalInterface
    interface Timer {
        void cancel();
    }
}
