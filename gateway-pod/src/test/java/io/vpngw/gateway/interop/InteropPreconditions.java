package io.vpngw.gateway.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What the interop tests need from the machine: root, network namespaces, TUN, strongSwan with
 * the plugins it loads, and the traffic tools. In CI ({@code CI=true}) a missing piece FAILS the
 * test, since CI installs them (.ci/packages.txt) and a skip there would hide a broken setup;
 * elsewhere the test is skipped with the list of what is missing and how to get it.
 *
 * <p>Call {@link #requireStrongSwanLab()} from {@code @BeforeAll}.
 */
public final class InteropPreconditions {

    private static final Path PLUGINS = Path.of("/usr/lib/ipsec/plugins");

    /** A file the harness needs and the Debian package that ships it. */
    record RequiredFile(Path path, String debianPackage) {
    }

    static final List<RequiredFile> REQUIRED_FILES = List.of(
            new RequiredFile(StrongSwanSite.CHARON, "strongswan-charon"),
            new RequiredFile(StrongSwanSite.SWANCTL, "strongswan-swanctl"),
            new RequiredFile(PLUGINS.resolve("libstrongswan-kernel-libipsec.so"), "libcharon-extra-plugins"),
            new RequiredFile(PLUGINS.resolve("libstrongswan-openssl.so"), "libstrongswan-standard-plugins"),
            new RequiredFile(PLUGINS.resolve("libstrongswan-gcm.so"), "libstrongswan-standard-plugins"),
            new RequiredFile(PLUGINS.resolve("libstrongswan-curve25519.so"), "libstrongswan-extra-plugins"),
            new RequiredFile(PLUGINS.resolve("libstrongswan-vici.so"), "strongswan-swanctl"),
            new RequiredFile(Path.of("/usr/bin/iperf3"), "iperf3"),
            new RequiredFile(Path.of("/usr/bin/ping"), "iputils-ping"),
            new RequiredFile(Path.of("/usr/sbin/iptables"), "iptables"));

    private InteropPreconditions() {
    }

    /** Fails (in CI) or skips (elsewhere) the calling test when the machine cannot run strongSwan labs. */
    public static void requireStrongSwanLab() {
        enforce(isCi(System.getenv()), missingForStrongSwanLab());
    }

    /** The decision, apart from the probing: nothing missing passes; in CI a gap fails; else it skips. */
    static void enforce(boolean ci, List<String> missing) {
        if (missing.isEmpty()) {
            return;
        }
        String message = "the strongSwan interop lab cannot run here:\n  - " + String.join("\n  - ", missing)
                + "\n(packages: apt-get install -y " + String.join(" ", debianPackages()) + ")";
        if (ci) {
            Assertions.fail("CI=true, so this is a failure, not a skip: " + message);
        }
        Assumptions.abort(message);
    }

    static boolean isCi(Map<String, String> environment) {
        String ci = environment.getOrDefault("CI", "").strip().toLowerCase(Locale.ROOT);
        return ci.equals("true") || ci.equals("1");
    }

    /** Human-readable gaps, empty when everything is in place. */
    static List<String> missingForStrongSwanLab() {
        List<String> missing = new ArrayList<>();
        boolean root = isRoot();
        if (!root) {
            missing.add("root (network namespaces, veth pairs, TUN and bind mounts need it)");
        }
        if (!Files.exists(Path.of("/dev/net/tun"))) {
            missing.add("/dev/net/tun (kernel TUN: libipsec's ipsec0 interface)");
        }
        if (Commands.run("sh", "-c", "command -v ip").exitCode() != 0) {
            missing.add("ip (package iproute2)");
        }
        for (RequiredFile file : REQUIRED_FILES) {
            if (!Files.exists(file.path())) {
                missing.add(file.path() + " (package " + file.debianPackage() + ")");
            }
        }
        if (root && missing.isEmpty()) {
            probeNamespaces().ifPresent(missing::add);
        }
        return missing;
    }

    static List<String> debianPackages() {
        return REQUIRED_FILES.stream().map(RequiredFile::debianPackage).distinct().toList();
    }

    private static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("Uid:"))
                    .map(line -> line.split("\\s+")[2]) // real, EFFECTIVE, saved, filesystem
                    .anyMatch("0"::equals);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creating and deleting a namespace is the real test of the privileges (a container may forbid it). */
    private static Optional<String> probeNamespaces() {
        String probe = "vpngw-probe-" + ProcessHandle.current().pid();
        CommandResult added = Commands.run("ip", "netns", "add", probe);
        if (!added.succeeded()) {
            return Optional.of("creating a network namespace: " + added.describe());
        }
        CommandResult deleted = Commands.run("ip", "netns", "del", probe);
        return deleted.succeeded() ? Optional.empty()
                : Optional.of("deleting a network namespace: " + deleted.describe());
    }
}
