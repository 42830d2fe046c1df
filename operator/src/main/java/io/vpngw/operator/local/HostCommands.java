package io.vpngw.operator.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the host's network tools (iproute2, sysctl) and fails with what they printed. */
final class HostCommands {
    private static final long TIMEOUT_SECONDS = 20;

    private HostCommands() {}

    /** Runs the command; throws with its output when it fails. */
    static String run(String... command) {
        Result r = attempt(command);
        if (r.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + r.exit() + "): " + r.output().strip());
        }
        return r.output();
    }

    /** Runs the command; returns its exit code and output, whatever they are. */
    static Result attempt(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out + "\n(timed out)");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
        }
    }

    /** {@code ip netns exec NS command...}. */
    static String[] inNamespace(String namespace, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        return full.toArray(String[]::new);
    }

    /** Whether this process may create network namespaces, links and TUN devices (root with iproute2). */
    static boolean canBuildNetworks() {
        return "root".equals(System.getProperty("user.name")) && attempt("ip", "-V").exit() == 0;
    }

    record Result(int exit, String output) {}

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
