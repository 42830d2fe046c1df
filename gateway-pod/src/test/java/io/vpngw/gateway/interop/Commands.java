package io.vpngw.gateway.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs short-lived host commands (ip, iptables, swanctl, ping) with a bound on how long they may take. */
public final class Commands {

    /** Long enough for any ip/iptables/swanctl call; a command that takes longer is stuck. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private Commands() {
    }

    public static CommandResult run(String... command) {
        return run(List.of(command), Map.of(), DEFAULT_TIMEOUT);
    }

    /** Runs a command to completion; a command still running at the timeout is killed and reported. */
    public static CommandResult run(List<String> command, Map<String, String> environment, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        try {
            process.getOutputStream().close();
            // Both pipes are drained concurrently so a chatty command cannot block on a full pipe.
            Future<String> stdout = drain(process.getInputStream());
            Future<String> stderr = drain(process.getErrorStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("`" + String.join(" ", command) + "` did not finish within "
                        + timeout + "; killed pid " + process.pid());
            }
            return new CommandResult(command, process.exitValue(),
                    stdout.get(timeout.toMillis(), TimeUnit.MILLISECONDS),
                    stderr.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } catch (IOException | ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("cannot collect the output of " + command, e);
        }
    }

    private static Future<String> drain(InputStream stream) {
        FutureTask<String> task = new FutureTask<>(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            }
        });
        Thread.ofVirtual().start(task);
        return task;
    }
}
