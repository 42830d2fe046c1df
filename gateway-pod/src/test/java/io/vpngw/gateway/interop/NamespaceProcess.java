package io.vpngw.gateway.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A long-running process started inside a network namespace (a charon, an iperf3 server, a TCP
 * endpoint). Its stdout and stderr go to one log file so that a failure can quote them. It is
 * stopped by its own PID only: `ip netns exec` execs the command in place, so the PID Java knows is
 * the PID of the program itself.
 */
public final class NamespaceProcess implements AutoCloseable {

    private static final Duration GRACE = Duration.ofSeconds(5);

    private final String label;
    private final List<String> command;
    private final Process process;
    private final Path output;

    NamespaceProcess(String label, List<String> command, Process process, Path output) {
        this.label = label;
        this.command = List.copyOf(command);
        this.process = process;
        this.output = output;
    }

    public String label() {
        return label;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path outputFile() {
        return output;
    }

    /** Everything the process printed so far. */
    public String output() {
        try {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the output contains the text; fails early, quoting the output, if the process
     * exits first.
     */
    public void awaitOutput(String text, Duration timeout) {
        boolean seen = BoundedWait.until(timeout, () -> {
            if (output().contains(text)) {
                return true;
            }
            if (!process.isAlive() && !output().contains(text)) {
                throw new IllegalStateException(label + " exited with " + process.exitValue()
                        + " before printing \"" + text + "\"; output:\n" + output());
            }
            return false;
        });
        if (!seen) {
            throw new IllegalStateException(label + " did not print \"" + text + "\" within " + timeout
                    + "; output:\n" + output());
        }
    }

    /** Waits for the process to exit by itself; empty when it is still running at the timeout. */
    public Optional<Integer> awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    ? Optional.of(process.exitValue()) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + label, e);
        }
    }

    /** SIGTERM, then SIGKILL if the process is still there after a grace period. */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (awaitExit(GRACE).isEmpty()) {
            kill();
        }
    }

    /** SIGTERM only, without waiting: the caller judges how the process stops. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL, and wait until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        if (awaitExit(GRACE).isEmpty()) {
            throw new IllegalStateException(label + " (pid " + pid() + ") survived SIGKILL");
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return label + " (pid " + pid() + ": " + String.join(" ", command) + ")";
    }
}
