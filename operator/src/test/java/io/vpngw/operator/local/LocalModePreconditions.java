package io.vpngw.operator.local;

import org.junit.jupiter.api.Assumptions;

/** Local mode runs pods only as root with iproute2; CI provides both, so there it must not skip. */
final class LocalModePreconditions {
    private LocalModePreconditions() {}

    static void require() {
        boolean able = HostCommands.canBuildNetworks() && java.nio.file.Files.exists(java.nio.file.Path.of("/dev/net/tun"));
        if (!able && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI must run the local-mode tests: they need root, iproute2 and /dev/net/tun");
        }
        Assumptions.assumeTrue(able, "local mode needs root, iproute2 and /dev/net/tun");
    }
}
