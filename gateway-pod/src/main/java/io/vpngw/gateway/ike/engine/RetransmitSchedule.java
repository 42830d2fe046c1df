package io.vpngw.gateway.ike.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * When to retransmit an unanswered request (RFC 7296 §2.4): after {@code initial}, then doubling,
 * each wait capped at {@code maxInterval}; the request is given up once {@code giveUpAfter} has
 * passed since it was first sent.
 */
record RetransmitSchedule(Duration initial, Duration maxInterval, Duration giveUpAfter) {

    RetransmitSchedule {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(maxInterval, "maxInterval");
        Objects.requireNonNull(giveUpAfter, "giveUpAfter");
    }

    /** The wait after the {@code attempt}-th transmission (0 = first), never past the give-up point. */
    Duration waitAfter(int attempt, Duration elapsed) {
        Duration wait = initial.multipliedBy(1L << Math.min(attempt, 20));
        if (wait.compareTo(maxInterval) > 0) {
            wait = maxInterval;
        }
        Duration left = giveUpAfter.minus(elapsed);
        return wait.compareTo(left) > 0 ? left : wait;
    }
}
