package io.vpngw.operator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vpngw local up | status | down} as a user runs them, each its own process: up serves an
 * API that status reads, and down ends up, which removes everything it made on the way out.
 */
@Timeout(240)
class LocalCommandLineTest {
    @TempDir
    Path state;

    @Test
    void upServesStatusReadsAndDownCleansUp() throws Exception {
        LocalModePreconditions.require();
        Path log = state.resolve("up.log");
        Process up = vpngw("local", "up", "--state-dir", state.toString(), "--api-port", "0",
                LocalModeEndToEndTest.examples("vnet-to-vnet").toString(), "--timeout", "PT3M")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> Files.readString(log).contains("every connection Connected"));
            String upOutput = Files.readString(log);
            assertThat(upOutput).contains("VirtualNetworkGateway/gw-east (vnet-east) applied")
                    .containsPattern("every connection Connected [0-9.]+ s after apply");

            Process status = vpngw("local", "status", "--state-dir", state.toString()).redirectErrorStream(true).start();
            String statusOutput = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(status.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(statusOutput).containsPattern("vnet-east/east-to-west +Connected")
                    .containsPattern("vnet-west/gw-west +VpnGw1 +Succeeded +198\\.18\\.0\\.[0-9]+");
            assertThat(LocalModeEndToEndTest.localNamespaces()).hasSize(4);

            Process down = vpngw("local", "down", "--state-dir", state.toString()).redirectErrorStream(true).start();
            String downOutput = new String(down.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(down.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(downOutput).contains("stopped");
            assertThat(up.waitFor(30, TimeUnit.SECONDS)).as("up ended").isTrue();
            assertThat(Files.readString(log)).contains("stopping: removing every process and namespace local mode made");
            assertThat(LocalModeEndToEndTest.localNamespaces()).as("namespaces left").isEmpty();
            assertThat(HostCommands.attempt("ip", "route", "show").output()).doesNotContain("198.18.0.");
            assertThat(Files.exists(state.resolve("local.pid"))).isFalse();
        } finally {
            if (up.isAlive()) {
                up.destroy();
                up.waitFor(60, TimeUnit.SECONDS);
            }
        }
    }

    private static ProcessBuilder vpngw(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "io.vpngw.cli.Vpngw"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }
}
