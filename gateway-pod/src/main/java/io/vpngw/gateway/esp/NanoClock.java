package io.vpngw.gateway.esp;

/**
 * Monotonic time in nanoseconds, as {@link System#nanoTime()} gives it: only differences mean
 * anything. Injected so that lifetimes and grace periods are tested without waiting.
 */
@FunctionalInterface
public interface NanoClock {

    long nanoTime();

    static NanoClock system() {
        return System::nanoTime;
    }
}
