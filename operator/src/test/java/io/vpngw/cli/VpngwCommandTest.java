package io.vpngw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.api.validation.CrdCatalog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VpngwCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Vpngw.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void versionNamesTheBuildAndTheApi() {
        assertThat(run("version")).isZero();
        assertThat(out.toString()).containsPattern("vpngw \\d+\\.\\d+\\.\\d+").contains("vpngw.io/v1alpha1");
    }

    @Test
    void crdsPrintsTheThreeDefinitions() {
        assertThat(run("crds")).isZero();
        assertThat(out.toString())
                .contains("name: virtualnetworkgateways.vpngw.io", "name: localnetworkgateways.vpngw.io", "name: connections.vpngw.io")
                .isEqualTo(CrdCatalog.allAsYaml());
    }

    @Test
    void validateAcceptsTheExamples() {
        assertThat(run("validate", System.getProperty("vpngw.examples.dir") + "/site-to-site")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("valid    VirtualNetworkGateway/").contains("0 refused");
    }

    @Test
    void validateRefusesABadObjectWithTheApiServersMessage(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, """
                apiVersion: vpngw.io/v1alpha1
                kind: Connection
                metadata: {name: broken}
                spec:
                  connectionType: IPsec
                  virtualNetworkGateway1: {name: gw}
                  sharedKeySecretRef: {name: psk}
                  dpdTimeoutSeconds: 2
                """);
        assertThat(run("validate", f.toString())).isEqualTo(1);
        assertThat(err.toString())
                .contains("invalid  Connection/broken")
                .contains("spec.dpdTimeoutSeconds: Invalid value: 2")
                .contains("connectionType IPsec needs localNetworkGateway2");
    }
}
