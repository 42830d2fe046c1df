package io.vpngw.gateway.tun;

import io.vpngw.gateway.net.Ipv4Prefix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Configures a network interface (MTU, state, addresses, routes) with iproute2's {@code ip}.
 *
 * <p>This is set-up, done once per interface, not the packet path, so a child process is fine,
 * and {@code ip} reports errors in words an operator recognises. Arguments are passed as a list,
 * never through a shell, and every name and address is validated first, so nothing a caller
 * passes can become an option or a second command.
 */
public final class LinkConfigurator {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final int MIN_IPV4_MTU = 68;
    private static final int MAX_MTU = 65535;
    /** A namespace name is a file name under /run/netns. */
    private static final int MAX_NAMESPACE_NAME = 255;

    private final List<String> ipCommand;

    private LinkConfigurator(List<String> ipCommand) {
        this.ipCommand = List.copyOf(ipCommand);
    }

    /** Configures interfaces in this process's network namespace. */
    public static LinkConfigurator inCurrentNamespace() {
        return new LinkConfigurator(List.of("ip"));
    }

    /** Configures interfaces in the named network namespace ({@code ip -n name}, i.e. {@code /run/netns/name}). */
    public static LinkConfigurator inNamespace(String namespace) {
        Objects.requireNonNull(namespace, "namespace");
        boolean plain = namespace.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-');
        if (namespace.isEmpty() || namespace.length() > MAX_NAMESPACE_NAME || !plain || namespace.startsWith("-")
                || namespace.startsWith(".")) {
            throw new IllegalArgumentException("'" + namespace + "' is not a valid namespace name: 1.."
                    + MAX_NAMESPACE_NAME + " letters, digits, '.', '_' or '-', not starting with '-' or '.'");
        }
        return new LinkConfigurator(List.of("ip", "-n", namespace));
    }

    /** Sets the MTU of {@code link} (68..65535). */
    public void setMtu(String link, int mtu) {
        if (mtu < MIN_IPV4_MTU || mtu > MAX_MTU) {
            throw new IllegalArgumentException("MTU " + mtu + " is outside " + MIN_IPV4_MTU + ".." + MAX_MTU);
        }
        run("link", "set", "dev", validLink(link), "mtu", Integer.toString(mtu));
    }

    /** Brings {@code link} up; for a TUN, packets start to flow once a queue is attached. */
    public void bringUp(String link) {
        run("link", "set", "dev", validLink(link), "up");
    }

    /** Takes {@code link} down. */
    public void bringDown(String link) {
        run("link", "set", "dev", validLink(link), "down");
    }

    /**
     * Adds an address with its prefix to {@code link}, e.g. {@code 10.200.0.1/30}; the kernel
     * then routes the prefix to the link once it is up.
     */
    public void addAddress(String link, Ipv4Prefix address) {
        run("-4", "address", "add", address.toString(), "dev", validLink(link));
    }

    /** Routes {@code destination} (host bits ignored) to {@code link}. */
    public void addRoute(Ipv4Prefix destination, String link) {
        run("-4", "route", "add", destination.network().toString(), "dev", validLink(link));
    }

    /** Routes {@code destination} to {@code link}, replacing a route to it that exists (idempotent). */
    public void replaceRoute(Ipv4Prefix destination, String link) {
        run("-4", "route", "replace", destination.network().toString(), "dev", validLink(link));
    }

    /** Removes the route to {@code destination} through {@code link}. */
    public void removeRoute(Ipv4Prefix destination, String link) {
        run("-4", "route", "del", destination.network().toString(), "dev", validLink(link));
    }

    /**
     * The usual set-up of a gateway's TUN in one call: MTU, addresses, up, then routes (which
     * need the link up).
     */
    public void configure(String link, int mtu, List<Ipv4Prefix> addresses, List<Ipv4Prefix> routes) {
        setMtu(link, mtu);
        addresses.forEach(address -> addAddress(link, address));
        bringUp(link);
        routes.forEach(route -> addRoute(route, link));
    }

    private static String validLink(String link) {
        return TunSettings.requireValidName(Objects.requireNonNull(link, "link"), false);
    }

    private void run(String... arguments) {
        List<String> command = new ArrayList<>(ipCommand);
        command.addAll(List.of(arguments));
        String commandLine = String.join(" ", command);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new LinkConfigurationException(commandLine + " could not start (is iproute2 installed?): "
                    + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close();
            if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new LinkConfigurationException(commandLine + " did not finish within " + COMMAND_TIMEOUT, null);
            }
            // ip writes a line or two at most, so the pipe cannot fill up while we wait.
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw new LinkConfigurationException(commandLine + " failed with exit code " + process.exitValue()
                        + (output.isEmpty() ? "" : ": " + output), null);
            }
        } catch (IOException e) {
            throw new LinkConfigurationException(commandLine + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LinkConfigurationException(commandLine + " was interrupted", e);
        }
    }
}
