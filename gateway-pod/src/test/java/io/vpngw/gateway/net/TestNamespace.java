package io.vpngw.gateway.net;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network namespace of a test's own ({@code vpngw-t-<pid>-<n>}): no interface but its
 * loopback and what the test creates, so test traffic cannot reach any real interface, and names
 * and addresses cannot collide with the host's. Deleted by {@link #close()}; namespaces left
 * behind by a test JVM that died are deleted by the next {@link #create()}.
 *
 * <p>{@link #call} runs code on a fresh thread that has entered the namespace: TUN devices and
 * sockets it opens belong to the namespace for good, and may then be used from any thread.
 */
public final class TestNamespace implements AutoCloseable {

    private static final Path NETNS_DIRECTORY = Path.of("/run/netns");
    private static final String PREFIX = "vpngw-t-";
    private static final Pattern OURS = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-\\d+");
    private static final long CALL_TIMEOUT_SECONDS = 30;

    private final String name;

    private TestNamespace(String name) {
        this.name = name;
    }

    public static TestNamespace create() {
        deleteThoseOfDeadProcesses();
        long pid = ProcessHandle.current().pid();
        for (int n = 0; n < 1000; n++) {
            String candidate = PREFIX + pid + "-" + n;
            if (Files.exists(NETNS_DIRECTORY.resolve(candidate))) {
                continue;
            }
            CommandResult added = run("ip", "netns", "add", candidate);
            if (added.exitCode() == 0) {
                TestNamespace namespace = new TestNamespace(candidate);
                try {
                    namespace.ip("link", "set", "lo", "up");
                } catch (RuntimeException e) {
                    namespace.close();
                    throw e;
                }
                return namespace;
            }
            if (!added.output().contains("File exists")) {
                throw new IllegalStateException("ip netns add " + candidate + " failed: " + added.output());
            }
        }
        throw new IllegalStateException("no free namespace name for pid " + pid);
    }

    public String name() {
        return name;
    }

    /** Runs {@code ip -n <this> arguments...}; fails with ip's message if it does. */
    public String ip(String... arguments) {
        List<String> command = new ArrayList<>(List.of("ip", "-n", name));
        command.addAll(List.of(arguments));
        CommandResult result = run(command.toArray(String[]::new));
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + result.output());
        }
        return result.output();
    }

    /** Runs {@code command} in this namespace ({@code ip netns exec}); returns its exit code and output. */
    public CommandResult exec(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        return run(full.toArray(String[]::new));
    }

    /** Runs {@code action} on a new platform thread inside this namespace and returns its result. */
    public <T> T call(Callable<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofPlatform().name("in-" + name).start(() -> {
            try {
                enterOnThisThread();
                result.complete(action.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("action in " + name + " took over " + CALL_TIMEOUT_SECONDS + " s", e);
        }
    }

    @Override
    public void close() {
        CommandResult deleted = run("ip", "netns", "del", name);
        if (deleted.exitCode() != 0 && Files.exists(NETNS_DIRECTORY.resolve(name))) {
            throw new IllegalStateException("ip netns del " + name + " failed: " + deleted.output());
        }
    }

    @Override
    public String toString() {
        return name;
    }

    public record CommandResult(int exitCode, String output) {}

    private void enterOnThisThread() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = LinuxSyscalls.allocateErrnoSlot(arena);
            String path = NETNS_DIRECTORY.resolve(name).toString();
            int fd = (int) LinuxSyscalls.check(LinuxSyscalls.open(errno, arena.allocateFrom(path),
                    LinuxSyscalls.O_RDONLY | LinuxSyscalls.O_CLOEXEC), errno, "open", path);
            try {
                LinuxSyscalls.check(LinuxSyscalls.setns(errno, fd, LinuxSyscalls.CLONE_NEWNET), errno, "setns", path);
            } finally {
                LinuxSyscalls.close(errno, fd);
            }
        }
    }

    private static void deleteThoseOfDeadProcesses() {
        String[] names = NETNS_DIRECTORY.toFile().list();
        if (names == null) {
            return;
        }
        for (String existing : names) {
            Matcher matcher = OURS.matcher(existing);
            if (matcher.matches() && ProcessHandle.of(Long.parseLong(matcher.group(1))).isEmpty()) {
                run("ip", "netns", "del", existing);
            }
        }
    }

    private static CommandResult run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            return new CommandResult(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(String.join(" ", command) + " was interrupted", e);
        }
    }
}
