package io.vpngw.cli.p2s;

import io.vpngw.cli.Vpngw;
import io.vpngw.operator.pki.CertificateIssuer;
import io.vpngw.operator.pki.KeyAlgorithm;
import io.vpngw.operator.pki.PointToSiteCa;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.security.auth.x500.X500Principal;
import picocli.CommandLine;

/** {@code vpngw} run in-process with its own writers, and test CAs written as the files users give. */
public final class CliRun {
    public final StringWriter out = new StringWriter();
    public final StringWriter err = new StringWriter();
    public final CommandLine commandLine = Vpngw.commandLine();

    public CliRun() {
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
    }

    public static CliRun run(String... args) {
        CliRun r = new CliRun();
        r.exitCode = r.commandLine.execute(args);
        return r;
    }

    public int exitCode = -1;

    /** The {@code p2s connect} command object, to end a run the way Ctrl-C would. */
    ConnectCommand connectCommand() {
        return commandLine.getSubcommands().get("p2s").getSubcommands().get("connect").getCommand();
    }

    public static PointToSiteCa newCa(String name) {
        return PointToSiteCa.create(CertificateIssuer.withSystemClock(), new X500Principal("CN=" + name + ", O=vpngw tests"),
                KeyAlgorithm.EC_P256, Duration.ofDays(30));
    }

    /** Writes the CA as {@code ca.crt} and {@code ca.key} in {@code dir}. */
    public static Path[] writeCa(PointToSiteCa ca, Path dir) throws IOException {
        Path cert = dir.resolve("ca.crt");
        Path key = dir.resolve("ca.key");
        Files.writeString(cert, ca.authority().certificateChainPem());
        Files.writeString(key, ca.authority().privateKeyPem());
        return new Path[] {cert, key};
    }

    /** The value after {@code label } on a line of its own, e.g. {@code thumbprint ABC...}. */
    public String line(String label) {
        return out.toString().lines().filter(l -> l.startsWith(label + " ")).map(l -> l.substring(label.length() + 1))
                .findFirst().orElseThrow(() -> new AssertionError("no '" + label + "' line in:\n" + out + err));
    }
}
