package io.vpngw.cli.p2s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vpngw.gateway.p2s.ClientCertificatePolicy;
import io.vpngw.gateway.p2s.Ipv4AddressPool;
import io.vpngw.gateway.sstp.SstpServer;
import io.vpngw.gateway.sstp.SstpTimers;
import io.vpngw.operator.pki.CertificateIssuer;
import io.vpngw.operator.pki.CertifiedKey;
import io.vpngw.operator.pki.PointToSiteCa;
import io.vpngw.operator.pki.SubjectAlternativeNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code vpngw p2s connect} against our SSTP server in-process, with certificates from {@code p2s issue-cert}. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class P2sConnectCommandTest {
    @TempDir
    Path dir;

    private PointToSiteCa ca;
    private Path caCert;
    private Path caKey;
    private SstpServer server;

    @BeforeEach
    void startGateway() throws Exception {
        ca = CliRun.newCa("Gateway P2S Root");
        Path[] files = CliRun.writeCa(ca, dir);
        caCert = files[0];
        caKey = files[1];
        CertifiedKey serverCert = ca.issueServerCertificate(CertificateIssuer.withSystemClock(),
                SubjectAlternativeNames.parse("localhost", "127.0.0.1"));
        ClientCertificatePolicy policy = new ClientCertificatePolicy(List.of(ca.certificate()), List.of(), Clock.systemUTC());
        server = SstpServer.start(new SstpServer.Settings("127.0.0.1", 0, serverCert.privateKey(), serverCert.chain(), policy,
                List.of("172.16.201.0/24"), Ipv4AddressPool.parse("172.16.201.1"),
                List.of(Ipv4AddressPool.parse("10.1.0.53"), Ipv4AddressPool.parse("10.1.0.54")), 128, "VpnGw1",
                SstpTimers.specification()), (packet, offset, length) -> { });
    }

    @AfterEach
    void stopGateway() {
        server.close();
    }

    private String target() {
        return "127.0.0.1:" + server.port();
    }

    private Path[] issue(String cn, Path password) {
        Path cert = dir.resolve(cn + ".crt");
        Path key = dir.resolve(cn + ".key");
        Path p12 = dir.resolve(cn + ".p12");
        CliRun r = password == null
                ? CliRun.run("p2s", "issue-cert", "--common-name", cn, "--ca-cert", caCert.toString(), "--ca-key", caKey.toString(),
                        "--cert-out", cert.toString(), "--key-out", key.toString())
                : CliRun.run("p2s", "issue-cert", "--common-name", cn, "--ca-cert", caCert.toString(), "--ca-key", caKey.toString(),
                        "--cert-out", cert.toString(), "--key-out", key.toString(), "--pkcs12", p12.toString(),
                        "--password-file", password.toString());
        assertThat(r.exitCode).as(r.err.toString()).isZero();
        return new Path[] {cert, key, p12};
    }

    @Test
    void connectsWithAPkcs12AndPrintsTheAssignedAddressAndDns() throws Exception {
        Path password = dir.resolve("pw");
        Files.writeString(password, "s3cret\n");
        Path[] alice = issue("alice", password);

        CliRun r = CliRun.run("p2s", "connect", "--server", target(), "--ca", caCert.toString(),
                "--pkcs12", alice[2].toString(), "--password-file", password.toString(), "--duration", "0");

        assertThat(r.exitCode).as(r.err.toString()).isZero();
        assertThat(r.out.toString()).contains("connected address=172.16.201.2 gateway=172.16.201.1 dns=10.1.0.53,10.1.0.54");
        assertThat(server.counters().establishedSessions()).isEqualTo(1);
        assertThat(r.out.toString() + r.err).doesNotContain("s3cret");
    }

    @Test
    void holdsTheSessionUntilStoppedAsCtrlCWould() throws Exception {
        Path[] bob = issue("bob", null);
        CliRun r = new CliRun();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> r.commandLine.execute("p2s", "connect",
                "--server", target(), "--ca", caCert.toString(), "--cert", bob[0].toString(), "--key", bob[1].toString()));

        await().atMost(Duration.ofSeconds(30)).until(() -> r.out.toString().contains("connected address=172.16.201.2"));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.counters().activeSessions() == 1);
        assertThat(run).isNotDone();

        r.connectCommand().stop.complete(null);
        assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(r.out.toString()).contains("ended by the user");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.counters().activeSessions() == 0);
    }

    @Test
    void loadModeEstablishesTheRequestedSessionsAndReportsSetupTimes() throws Exception {
        Path[] carol = issue("carol", null);
        CliRun r = CliRun.run("p2s", "connect", "--server", target(), "--ca", caCert.toString(),
                "--cert", carol[0].toString(), "--key", carol[1].toString(), "--sessions", "5", "--duration", "0");

        assertThat(r.exitCode).as(r.err.toString()).isZero();
        assertThat(r.out.toString()).containsPattern("sessions established=5 of 5 setup median=\\d+ ms p95=\\d+ ms");
        assertThat(server.counters().establishedSessions()).isEqualTo(5);
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedWithExitCodeOne() throws Exception {
        PointToSiteCa other = CliRun.newCa("Someone else's root");
        Path otherDir = Files.createDirectory(dir.resolve("other"));
        Path[] otherCa = CliRun.writeCa(other, otherDir);
        CliRun issued = CliRun.run("p2s", "issue-cert", "--common-name", "mallory", "--ca-cert", otherCa[0].toString(),
                "--ca-key", otherCa[1].toString(), "--cert-out", otherDir.resolve("m.crt").toString(),
                "--key-out", otherDir.resolve("m.key").toString());
        assertThat(issued.exitCode).isZero();

        CliRun r = CliRun.run("p2s", "connect", "--server", target(), "--ca", caCert.toString(),
                "--cert", otherDir.resolve("m.crt").toString(), "--key", otherDir.resolve("m.key").toString(),
                "--duration", "0", "--connect-timeout", "30s");
        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.out.toString()).doesNotContain("connected address=");
        assertThat(server.counters().establishedSessions()).isZero();
    }

    @Test
    void aGatewayNotSignedByTheGivenCaIsNotTrusted() throws Exception {
        Path[] dave = issue("dave", null);
        Path foreign = dir.resolve("foreign-ca.crt");
        Files.writeString(foreign, CliRun.newCa("Not the gateway's root").authority().certificateChainPem());
        CliRun r = CliRun.run("p2s", "connect", "--server", target(), "--ca", foreign.toString(),
                "--cert", dave[0].toString(), "--key", dave[1].toString(), "--duration", "0", "--connect-timeout", "30s");
        assertThat(r.exitCode).isEqualTo(1);
        assertThat(server.counters().establishedSessions()).isZero();
    }
}
