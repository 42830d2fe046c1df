package io.vpngw.gateway.esp;

import java.time.Duration;

/** A clock that moves only when told to; it starts far from zero, as System.nanoTime may. */
final class FakeClock implements NanoClock {

    private long now = -7_000_000_000_000L;

    @Override
    public long nanoTime() {
        return now;
    }

    void advance(Duration by) {
        now += by.toNanos();
    }
}
