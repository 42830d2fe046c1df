package io.vpngw.gateway.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One test's network laboratory: it names and creates namespaces, charons and host interfaces,
 * keeps their configuration and logs in a directory of its own under the build's {@code target/},
 * and tears everything down in reverse order on {@link #close()}. The directory is left behind so
 * that logs can be read after a failure.
 *
 * <p>Names are unique per JVM and across JVMs: namespaces are {@code vpngw-<pid>-<n>}, where
 * {@code n} is the first number whose namespace does not exist yet ({@code ip netns add} refuses
 * an existing name, so two labs cannot both take one). Namespaces of JVMs that died without
 * cleaning up are removed when a lab opens.
 */
public final class InteropLab implements AutoCloseable {

    private static final Pattern OUR_NAMESPACE = Pattern.compile("vpngw-(\\d+)-(\\d+)");
    private static final Path NETNS_DIRECTORY = Path.of("/run/netns");
    /**
     * sun_path holds 107 characters; below the root come "/lab-PID-N/" (16), a site name (up to
     * 16 to stay safe) and "/charon.vici" (12).
     */
    private static final int LONGEST_RUN_ROOT = 60;

    private final long pid = ProcessHandle.current().pid();
    private final Path directory;
    private final Deque<AutoCloseable> cleanup = new ArrayDeque<>();
    private final AtomicInteger hostInterfaces = new AtomicInteger();
    private boolean closed;

    private InteropLab(Path directory) {
        this.directory = directory;
    }

    /** Opens a lab whose files live under the build's target/interop directory. */
    public static InteropLab open() {
        removeOrphanedNamespaces();
        return new InteropLab(createUniqueDirectory(runRoot()));
    }

    /** Where this lab keeps configurations and logs. */
    public Path directory() {
        return directory;
    }

    /** Creates a namespace with a fresh unique name; {@code role} names its log directory. */
    public synchronized NetworkNamespace newNamespace(String role) {
        requireOpen();
        for (int n = 1; ; n++) {
            String name = "vpngw-" + pid + "-" + n;
            if (Files.exists(NETNS_DIRECTORY.resolve(name))) {
                continue;
            }
            try {
                NetworkNamespace namespace = NetworkNamespace.create(name, role, directory.resolve(role));
                cleanup.push(namespace);
                return namespace;
            } catch (CommandResult.CommandFailedException e) {
                if (!Files.exists(NETNS_DIRECTORY.resolve(name))) {
                    throw e;
                }
                // Another lab took this name between the check and the add: try the next one.
            }
        }
    }

    /**
     * Describes a charon in {@code namespace}; call {@link StrongSwanSite#start()} on it. Its files
     * live in {@code <lab>/<siteName>/} and it is stopped when the lab closes.
     */
    public synchronized StrongSwanSite strongSwanSite(String siteName, NetworkNamespace namespace,
                                                      List<StrongSwanConnection> connections) {
        requireOpen();
        StrongSwanSite site = new StrongSwanSite(siteName, namespace, directory.resolve(siteName), connections);
        cleanup.push(site);
        return site;
    }

    /** A host interface name not used by any other lab on this host (at most 15 bytes). */
    public String hostInterfaceName() {
        // "vg" + pid in base 36 (up to 5 characters for pids below 2^25) + "x" + counter
        return Addresses.requireInterfaceName("vg" + Long.toString(pid, 36) + "x" + hostInterfaces.incrementAndGet());
    }

    /** Registers something else to close with the lab, before what was registered earlier. */
    public synchronized <T extends AutoCloseable> T closeWithLab(T resource) {
        requireOpen();
        cleanup.push(resource);
        return resource;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Exception> failures = new ArrayList<>();
        while (!cleanup.isEmpty()) {
            try {
                cleanup.pop().close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException failure = new IllegalStateException("cleaning up the lab in " + directory + " failed");
            failures.forEach(failure::addSuppressed);
            throw failure;
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the lab in " + directory + " is closed");
        }
    }

    /**
     * target/interop next to the test classes; a short directory under /tmp instead when that
     * path is too long for the unix sockets charon creates in it.
     */
    static Path runRoot() {
        Path testClasses;
        try {
            testClasses = Path.of(InteropLab.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path underTarget = testClasses.getParent().resolve("interop").toAbsolutePath();
        return underTarget.toString().length() <= LONGEST_RUN_ROOT
                ? underTarget : Path.of("/tmp", "vpngw-interop");
    }

    private static Path createUniqueDirectory(Path root) {
        long pid = ProcessHandle.current().pid();
        try {
            Files.createDirectories(root);
            for (int n = 1; ; n++) {
                try {
                    return Files.createDirectory(root.resolve("lab-" + pid + "-" + n));
                } catch (FileAlreadyExistsException taken) {
                    // Another lab of this JVM, or a previous JVM with the same pid: next number.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a lab directory under " + root, e);
        }
    }

    /** Deletes vpngw-<pid>-<n> namespaces whose JVM is gone, killing by PID what still runs in them. */
    private static void removeOrphanedNamespaces() {
        if (!Files.isDirectory(NETNS_DIRECTORY)) {
            return;
        }
        try (Stream<Path> entries = Files.list(NETNS_DIRECTORY)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                Matcher matcher = OUR_NAMESPACE.matcher(name);
                if (matcher.matches() && ProcessHandle.of(Long.parseLong(matcher.group(1))).isEmpty()) {
                    CommandResult pids = Commands.run("ip", "netns", "pids", name);
                    pids.stdout().lines().map(String::strip).filter(line -> !line.isEmpty())
                            .forEach(pid -> ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly));
                    Commands.run("ip", "netns", "del", name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + NETNS_DIRECTORY, e);
        }
    }
}
