package io.vpngw.gateway.kube;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shutting down the single thread a role keeper runs on. */
final class RoleExecutors {
    private static final Logger LOG = LoggerFactory.getLogger(RoleExecutors.class);

    private RoleExecutors() {}

    /** Runs {@code last} on the executor's thread, waits for it (bounded), then drops pending retries. */
    static void finish(ScheduledExecutorService executor, Runnable last) {
        try {
            executor.submit(last).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("stopping the role keeper did not finish cleanly", e);
        } catch (RejectedExecutionException e) {
            return; // already closed
        } finally {
            executor.shutdownNow();
        }
    }
}
