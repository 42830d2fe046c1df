package io.vpngw.gateway.runtime;

import io.vpngw.gateway.ike.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one thread the IKE engine runs on: received IKE datagrams, timers and commands are all
 * queued here, so the engine never sees two things at once.
 */
final class IkeEventLoop implements Scheduler, AutoCloseable {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ike");
        t.setDaemon(true);
        return t;
    });
    private final Clock clock;

    IkeEventLoop(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public Timer schedule(Duration delay, Runnable action) {
        ScheduledFuture<?> f = executor.schedule(action, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    /** Runs {@code action} on the engine's thread. */
    void execute(Runnable action) {
        if (!executor.isShutdown()) {
            executor.execute(action);
        }
    }

    /** Runs {@code action} on the engine's thread; the future completes with its result or failure. */
    <T> java.util.concurrent.CompletableFuture<T> submit(java.util.function.Supplier<T> action) {
        java.util.concurrent.CompletableFuture<T> result = new java.util.concurrent.CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(action.get());
                } catch (RuntimeException | Error e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the IKE thread has stopped", e));
        }
        return result;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
