package io.vpngw.gateway.sstp;

import io.vpngw.gateway.ppp.PppTimers;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's event loop: a virtual thread that runs the session's work one task at a time,
 * so SSTP and PPP state are touched by one thread only. Timers live on a scheduler shared by all
 * sessions, which only hands due actions to the loop; a timer cancelled on the loop never runs,
 * even when it was already due.
 */
final class SessionLoop implements Executor, PppTimers {
    private static final Logger LOG = LoggerFactory.getLogger(SessionLoop.class);
    private static final Runnable STOP = () -> { };

    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService scheduler;
    private final Thread thread;
    private volatile boolean stopped;

    SessionLoop(String name, ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
        this.thread = Thread.ofVirtual().name(name).start(this::run);
    }

    private void run() {
        while (true) {
            Runnable task;
            try {
                task = tasks.take();
            } catch (InterruptedException e) {
                return;
            }
            if (task == STOP) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("session task failed", e); // a bug: the session goes on, the next event may end it
            }
        }
    }

    @Override
    public void execute(Runnable task) {
        if (!stopped) {
            tasks.add(task);
        }
    }

    @Override
    public Timer schedule(Duration delay, Runnable action) {
        AtomicBoolean cancelled = new AtomicBoolean();
        ScheduledFuture<?> due;
        try {
            due = scheduler.schedule(() -> execute(() -> {
                if (!cancelled.get()) {
                    action.run();
                }
            }), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            return () -> { }; // the server is stopping: the session is being ended anyway
        }
        return () -> {
            cancelled.set(true);
            due.cancel(false);
        };
    }

    boolean onLoop() {
        return Thread.currentThread() == thread;
    }

    /** Stops after the tasks already queued. */
    void stop() {
        stopped = true;
        tasks.add(STOP);
    }
}
