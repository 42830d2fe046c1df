package io.vpngw.operator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import io.vpngw.gateway.interop.InteropLab;
import io.vpngw.gateway.interop.NamespaceProcess;
import io.vpngw.gateway.interop.NetworkNamespace;
import io.vpngw.operator.pki.CertificateIssuer;
import io.vpngw.operator.pki.CertifiedKey;
import io.vpngw.operator.pki.PointToSiteCa;
import io.vpngw.operator.status.Conditions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Point-to-site end to end in local mode: the point-to-site example applied, a client
 * certificate issued by the gateway's own point-to-site CA (read from the gateway's Secret, as
 * {@code vpngw p2s issue-cert --gateway} does), and our SSTP client in a namespace of its own
 * connecting to the gateway's load balancer address on TCP 443 — TLS with the server
 * certificate the operator issued, PPP with EAP-TLS, an address from the pool — then pinging and
 * moving checked bytes to the VNet, and the session counted in the gateway's status.
 */
@Timeout(300)
class LocalModePointToSiteTest {
    @TempDir
    Path state;
    private LocalCluster cluster;

    @BeforeEach
    void start() throws Exception {
        LocalModePreconditions.require();
        cluster = LocalCluster.start(new LocalCluster.Options(state, 0, Duration.ofMinutes(5)));
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
            assertThat(LocalModeEndToEndTest.localNamespaces()).as("no namespace left after close").isEmpty();
        }
    }

    @Test
    void anSstpClientWithACertificateFromTheGatewaysCaReachesTheVnet() throws Exception {
        List<HasMetadata> objects = cluster.apply(List.of(LocalModeEndToEndTest.examples("point-to-site")));
        VirtualNetworkGateway gw = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(
                () -> cluster.client().resources(VirtualNetworkGateway.class).inNamespace("default").withName("gw-p2s").get(),
                g -> g != null && g.getStatus() != null && Conditions.isTrue(g.getStatus().getConditions(), Conditions.READY)
                        && g.getStatus().getPublicIpAddresses() != null && g.getStatus().getActiveInstance() != null);
        String server = gw.getStatus().getPublicIpAddresses().getFirst();

        Secret secret = cluster.client().secrets().inNamespace("default").withName("gw-p2s-vpngw").get();
        CertifiedKey authority = CertifiedKey.fromPem(decoded(secret, "p2s-ca.crt"), decoded(secret, "p2s-ca.key"));
        CertifiedKey client = new PointToSiteCa(authority).issueClientCertificate(CertificateIssuer.withSystemClock(), "laptop-01");
        Path files = Files.createDirectories(state.resolve("client"));
        Files.writeString(files.resolve("ca.pem"), decoded(secret, "p2s-ca.crt"));
        Files.writeString(files.resolve("client.pem"), client.certificateChainPem());
        Files.writeString(files.resolve("client.key"), client.privateKeyPem());

        try (InteropLab lab = InteropLab.open()) {
            NetworkNamespace laptop = lab.newNamespace("laptop");
            laptop.connectToHost("wan", "100.126.250.2/30", lab.hostInterfaceName(), "100.126.250.1/30");
            laptop.addDefaultRoute("100.126.250.1");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    "io.vpngw.gateway.sstp.SstpClientMain", "--server", server, "--port", "443",
                    "--ca", files.resolve("ca.pem").toString(), "--cert", files.resolve("client.pem").toString(),
                    "--key", files.resolve("client.key").toString(), "--tun", "sstp0", "--route", "10.1.0.0/16"));
            NamespaceProcess sstp = laptop.start("sstp-client", command, Map.of());
            sstp.awaitOutput("tunnel up", Duration.ofSeconds(60));
            String assigned = sstp.output().lines().filter(l -> l.contains("connected address=")).findFirst().orElseThrow()
                    .replaceAll(".*connected address=([0-9.]+).*", "$1");
            assertThat(assigned).startsWith("172.16.201.");
            assertThat(sstp.output()).as("the VNet's DNS server, by IPCP").contains("dns=10.1.0.4");

            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> HostCommands.attempt(
                    HostCommands.inNamespace(laptop.name(), "ping", "-c", "1", "-W", "1", "-I", assigned, "10.1.0.1")).exit() == 0);
            HostCommands.Result ping = HostCommands.attempt(HostCommands.inNamespace(laptop.name(),
                    "ping", "-c", "10", "-i", "0.05", "-I", assigned, "10.1.0.1"));
            assertThat(ping.output()).contains("10 received");
            String pod = cluster.podNamespaces().get("default/" + gw.getStatus().getActiveInstance());
            LocalModeEndToEndTest.assertCheckedTransfer(laptop.name(), assigned, pod, "10.1.0.1", 2L * 1024 * 1024, 5);

            // the bytes show per protocol on the serving instance's /metrics
            String podIp = cluster.client().pods().inNamespace("default").withName(gw.getStatus().getActiveInstance()).get()
                    .getStatus().getPodIP();
            String metrics = LocalModeEndToEndTest.scrape(podIp);
            assertThat(LocalModeEndToEndTest.meter(metrics, "vpngw_p2s_bytes_total{direction=\"in\",protocol=\"SSTP\"}"))
                    .isGreaterThan(2L * 1024 * 1024);
            assertThat(LocalModeEndToEndTest.meter(metrics, "vpngw_p2s_sessions{protocol=\"SSTP\"}")).isEqualTo(1);

            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).until(() -> Integer.valueOf(1).equals(
                    cluster.client().resources(VirtualNetworkGateway.class).inNamespace("default").withName("gw-p2s").get()
                            .getStatus().getP2sSessions()));
        }
        for (HasMetadata o : objects.reversed()) {
            cluster.client().resource(o).delete();
        }
    }

    private static String decoded(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
}
