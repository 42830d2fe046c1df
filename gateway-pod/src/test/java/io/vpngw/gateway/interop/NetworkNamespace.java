package io.vpngw.gateway.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A Linux network namespace made for one test, with its loopback up. Everything it starts is
 * remembered and stopped by PID on {@link #close()}, which then deletes the host ends of its veth
 * pairs and the namespace itself, which takes its other veth pairs along.
 * Instances come from {@link InteropLab#newNamespace(String)}, which picks unique names.
 */
public final class NetworkNamespace implements AutoCloseable {

    private final String name;
    private final String role;
    private final Path logDirectory;
    private final List<NamespaceProcess> processes = new CopyOnWriteArrayList<>();
    private final List<String> hostInterfaces = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private NetworkNamespace(String name, String role, Path logDirectory) {
        this.name = name;
        this.role = role;
        this.logDirectory = logDirectory;
    }

    /** Creates the namespace; fails if one of that name exists (names are never reused). */
    static NetworkNamespace create(String name, String role, Path logDirectory) {
        Commands.run("ip", "netns", "add", name).orThrow();
        NetworkNamespace namespace = new NetworkNamespace(name, role, logDirectory);
        try {
            Files.createDirectories(logDirectory);
            namespace.ip("link", "set", "lo", "up");
        } catch (IOException | RuntimeException e) {
            namespace.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        return namespace;
    }

    /** The name under /run/netns, e.g. {@code vpngw-4242-3}. */
    public String name() {
        return name;
    }

    /** What the test calls it, e.g. {@code siteA}; used for log file names. */
    public String role() {
        return role;
    }

    public Path logDirectory() {
        return logDirectory;
    }

    /** Runs {@code ip -n NAME args...} and requires success. */
    public CommandResult ip(String... arguments) {
        List<String> command = new ArrayList<>(List.of("ip", "-n", name));
        command.addAll(Arrays.asList(arguments));
        return Commands.run(command, Map.of(), Commands.DEFAULT_TIMEOUT).orThrow();
    }

    /** Runs a short command inside the namespace and returns its result, whatever the exit code. */
    public CommandResult exec(String... command) {
        return exec(List.of(command), Map.of(), Commands.DEFAULT_TIMEOUT);
    }

    public CommandResult exec(List<String> command, Map<String, String> environment, Duration timeout) {
        requireOpen();
        return Commands.run(inside(command), environment, timeout);
    }

    /**
     * Starts a long-running command inside the namespace, its output going to
     * {@code <logDirectory>/<label>.log}. It is stopped at the latest when this namespace closes.
     */
    public NamespaceProcess start(String label, List<String> command, Map<String, String> environment) {
        requireOpen();
        Path output = logDirectory.resolve(label + ".log");
        List<String> fullCommand = inside(command);
        ProcessBuilder builder = new ProcessBuilder(fullCommand)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(environment);
        try {
            NamespaceProcess process = new NamespaceProcess(label, fullCommand, builder.start(), output);
            processes.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + fullCommand, e);
        }
    }

    /** Adds an address (CIDR) to an interface of this namespace. */
    public void addAddress(String interfaceName, String cidr) {
        ip("addr", "add", Addresses.requireIpv4Cidr(cidr), "dev", Addresses.requireInterfaceName(interfaceName));
    }

    /**
     * Adds a LAN address as a /32 on {@code lo}: this kernel has no dummy link type, and a /32 on
     * lo is enough to source and sink traffic selected by a tunnel's traffic selectors.
     */
    public void addLanAddress(String address) {
        addAddress("lo", Addresses.requireIpv4(address) + "/32");
    }

    public void addRoute(String destinationCidr, String gateway) {
        ip("route", "add", Addresses.requireIpv4Cidr(destinationCidr), "via", Addresses.requireIpv4(gateway));
    }

    public void addDefaultRoute(String gateway) {
        ip("route", "add", "default", "via", Addresses.requireIpv4(gateway));
    }

    /**
     * Joins this namespace to another with a veth pair created directly inside both, so that the
     * interface names only need to be unique per namespace. Both ends get their address and go up.
     */
    public VethLink connect(String localInterface, String localCidr,
                            NetworkNamespace peer, String peerInterface, String peerCidr) {
        Addresses.requireInterfaceName(localInterface);
        Addresses.requireInterfaceName(peerInterface);
        Commands.run("ip", "link", "add", localInterface, "netns", name, "type", "veth",
                "peer", "name", peerInterface, "netns", peer.name()).orThrow();
        addAddress(localInterface, localCidr);
        peer.addAddress(peerInterface, peerCidr);
        ip("link", "set", localInterface, "up");
        peer.ip("link", "set", peerInterface, "up");
        return new VethLink(localInterface, localCidr, peerInterface, peerCidr);
    }

    /**
     * Joins this namespace to the host (root) namespace, for a peer that runs on the host, such as
     * the gateway under test. The host end's name must be unique on the host: take it from
     * {@link InteropLab#hostInterfaceName()}. Use only documentation or private test ranges: the
     * host end is a real host interface.
     */
    public VethLink connectToHost(String localInterface, String localCidr, String hostInterface, String hostCidr) {
        Addresses.requireInterfaceName(localInterface);
        Addresses.requireInterfaceName(hostInterface);
        Addresses.requireIpv4Cidr(localCidr);
        Addresses.requireIpv4Cidr(hostCidr);
        Commands.run("ip", "link", "add", hostInterface, "type", "veth",
                "peer", "name", localInterface, "netns", name).orThrow();
        hostInterfaces.add(hostInterface);
        try {
            Commands.run("ip", "addr", "add", hostCidr, "dev", hostInterface).orThrow();
            Commands.run("ip", "link", "set", hostInterface, "up").orThrow();
            addAddress(localInterface, localCidr);
            ip("link", "set", localInterface, "up");
        } catch (RuntimeException e) {
            Commands.run("ip", "link", "del", hostInterface);
            hostInterfaces.remove(hostInterface);
            throw e;
        }
        return new VethLink(localInterface, localCidr, hostInterface, hostCidr);
    }

    /** Lets this namespace route between its interfaces (it is a router in the topology). */
    public void enableForwarding() {
        // /proc/sys/net is per network namespace, seen through the writer's namespace.
        exec("sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward").orThrow();
    }

    /**
     * Makes this namespace a NAT router: forwarding on, and traffic leaving through the interface
     * gets the interface's address as its source (iptables MASQUERADE), as a home router or a cloud
     * NAT gateway would do to an IPsec peer behind it.
     */
    public void masqueradeOutOf(String outboundInterface) {
        enableForwarding();
        exec("iptables", "-t", "nat", "-A", "POSTROUTING", "-o", Addresses.requireInterfaceName(outboundInterface),
                "-j", "MASQUERADE").orThrow();
    }

    /** PIDs of every process now in this namespace, whoever started it. */
    public List<Long> processIds() {
        CommandResult result = Commands.run("ip", "netns", "pids", name);
        if (!result.succeeded()) {
            return List.of();
        }
        return result.stdout().lines().map(String::strip).filter(line -> !line.isEmpty()).map(Long::parseLong).toList();
    }

    /** The processes this namespace started and still tracks. */
    public List<NamespaceProcess> processes() {
        return List.copyOf(processes);
    }

    /**
     * Stops what this namespace started (SIGTERM, then SIGKILL, by PID), then kills by PID whatever
     * those processes left in the namespace, then deletes it. Safe to call twice.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<RuntimeException> failures = new ArrayList<>();
        for (NamespaceProcess process : processes.reversed()) {
            try {
                process.stop();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        // Children our processes forked (none are expected) would keep the namespace's resources alive.
        for (long pid : processIds()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        // The kernel dismantles a deleted namespace asynchronously; host ends would linger a while.
        for (String hostInterface : hostInterfaces) {
            CommandResult removal = Commands.run("ip", "link", "del", hostInterface);
            if (!removal.succeeded() && Commands.run("ip", "link", "show", hostInterface).succeeded()) {
                failures.add(new IllegalStateException("cannot delete host interface " + hostInterface + ": " + removal.describe()));
            }
        }
        CommandResult deletion = Commands.run("ip", "netns", "del", name);
        if (!deletion.succeeded() && Files.exists(Path.of("/run/netns", name))) {
            failures.add(new IllegalStateException("cannot delete namespace " + name + ": " + deletion.describe()));
        }
        if (!failures.isEmpty()) {
            IllegalStateException failure = new IllegalStateException("cleaning up namespace " + name + " failed");
            failures.forEach(failure::addSuppressed);
            throw failure;
        }
    }

    public boolean isClosed() {
        return closed;
    }

    private List<String> inside(List<String> command) {
        return Stream.concat(Stream.of("ip", "netns", "exec", name), command.stream()).toList();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("namespace " + name + " (" + role + ") is closed");
        }
    }

    @Override
    public String toString() {
        return name + " (" + role + ")";
    }
}
