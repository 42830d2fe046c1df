package io.vpngw.gateway.net;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The precondition of tests that create TUN interfaces and network namespaces: root, {@code
 * /dev/net/tun} and iproute2. Elsewhere such tests are skipped with the reason; under {@code
 * CI=true} they fail instead, so that CI cannot pass without having run them.
 */
public final class PrivilegedNetworking {

    private PrivilegedNetworking() {}

    /** Whether namespaces and TUN devices can be created here, without failing or skipping anything. */
    public static boolean available() {
        return missing().isEmpty();
    }

    public static void requireRootTunAndIp() {
        List<String> missing = missing();
        if (missing.isEmpty()) {
            return;
        }
        String reason = "TUN and network-namespace tests need " + String.join(", ", missing);
        if ("true".equals(System.getenv("CI"))) {
            fail(reason + "; CI=true, so they must not be skipped");
        }
        Assumptions.abort(reason);
    }

    private static List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (!isRoot()) {
            missing.add("root (effective uid 0)");
        }
        if (!Files.exists(Path.of("/dev/net/tun"))) {
            missing.add("/dev/net/tun");
        }
        if (!onPath("ip")) {
            missing.add("iproute2's ip command");
        }
        return missing;
    }

    /** Whether {@code command} is an executable file in a directory of PATH. */
    public static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String directory : path.split(":")) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, command))) {
                return true;
            }
        }
        return false;
    }

    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] ids = line.substring(4).trim().split("\\s+");
                    return ids.length > 1 && ids[1].equals("0");
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
