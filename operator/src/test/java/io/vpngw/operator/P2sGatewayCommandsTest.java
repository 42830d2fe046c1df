package io.vpngw.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import io.vpngw.api.v1alpha1.VirtualNetworkGatewayStatus;
import io.vpngw.cli.p2s.CliRun;
import io.vpngw.cli.p2s.SwanctlSnippet;
import io.vpngw.operator.gateway.GatewayIdentityIssuer;
import io.vpngw.operator.gateway.PkiGatewayIdentityIssuer;
import io.vpngw.operator.pki.CertificateIssuer;
import io.vpngw.operator.pki.Pem;
import io.vpngw.operator.pki.PointToSiteCa;
import io.vpngw.operator.pki.Thumbprint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vpngw p2s issue-cert --gateway} and {@code p2s profile --gateway} against the mock API server. */
class P2sGatewayCommandsTest {
    private static final String GATEWAY = "gw-p2s";

    @TempDir
    Path dir;

    private static String p2sGateway(String rootCertData) {
        return """
                {"apiVersion":"vpngw.io/v1alpha1","kind":"VirtualNetworkGateway","metadata":{"name":"%s"},
                 "spec":{"sku":"VpnGw1","virtualNetwork":{"addressSpace":["10.1.0.0/16","10.9.0.0/24"]},
                         "vpnClientConfiguration":{"vpnClientAddressPool":{"addressPrefixes":["172.16.201.0/24"]},
                            "vpnClientProtocols":["SSTP","IkeV2"],
                            "vpnClientRootCertificates":[{"name":"users","publicCertData":"%s"}]}}}""".formatted(GATEWAY, rootCertData);
    }

    private static String rootCertData() {
        return CliRun.newCa("Users Root").publicCertData();
    }

    private Path kubeconfig(TestCluster cluster) throws Exception {
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster: {server: "%s", insecure-skip-tls-verify: true}
                users:
                - name: tester
                  user: {token: not-checked}
                contexts:
                - name: mock
                  context: {cluster: mock, user: tester, namespace: default}
                current-context: mock
                """.formatted(cluster.client.getMasterUrl()));
        return file;
    }

    /**
     * The gateway's P2S CA from its Secret. While the operator refuses point-to-site it writes no
     * Secret for such a gateway; then the test writes what {@link PkiGatewayIdentityIssuer} would.
     */
    private static PointToSiteCa gatewayCa(TestCluster cluster) {
        Secret secret = cluster.client.secrets().inNamespace("default").withName(Names.secret(GATEWAY)).get();
        Map<String, String> data = secret == null || secret.getData() == null ? Map.of() : secret.getData();
        if (!data.containsKey(GatewayIdentityIssuer.P2S_CA_CERT)) {
            VirtualNetworkGateway gw = cluster.client.resources(VirtualNetworkGateway.class).inNamespace("default").withName(GATEWAY).get();
            Map<String, String> existing = new HashMap<>();
            data.forEach((k, v) -> existing.put(k, decode(v)));
            Map<String, String> identity = new PkiGatewayIdentityIssuer(CertificateIssuer.withSystemClock())
                    .identity(gw, existing, List.of(), List.of("203.0.113.10"));
            Map<String, String> encoded = new HashMap<>(data);
            identity.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
            cluster.client.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata()
                    .withName(Names.secret(GATEWAY)).withNamespace("default").endMetadata().withType("Opaque").withData(encoded).build())
                    .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
            data = encoded;
        }
        return new PointToSiteCa(io.vpngw.operator.pki.CertifiedKey.fromPem(decode(data.get(GatewayIdentityIssuer.P2S_CA_CERT)),
                decode(data.get(GatewayIdentityIssuer.P2S_CA_KEY))));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    @Test
    void issueCertSignsWithTheGatewaysP2sCaFromItsSecret() throws Exception {
        try (TestCluster cluster = new TestCluster().startOperator()) {
            cluster.apply(p2sGateway(rootCertData()), "default");
            // the operator has looked at the gateway
            TestCluster.eventually(() -> cluster.client.resources(VirtualNetworkGateway.class).inNamespace("default").withName(GATEWAY).get(),
                    g -> g.getStatus() != null && g.getStatus().getConditions() != null && !g.getStatus().getConditions().isEmpty());
            PointToSiteCa ca = gatewayCa(cluster);
            Path password = dir.resolve("pw");
            Files.writeString(password, "pfx-password\n");

            CliRun r = CliRun.run("p2s", "issue-cert", "--common-name", "erin", "--gateway", GATEWAY, "-n", "default",
                    "--kubeconfig", kubeconfig(cluster).toString(), "--cert-out", dir.resolve("erin.crt").toString(),
                    "--key-out", dir.resolve("erin.key").toString(), "--pkcs12", dir.resolve("erin.p12").toString(),
                    "--password-file", password.toString());

            assertThat(r.exitCode).as(r.err.toString()).isZero();
            X509Certificate leaf = Pem.decodeCertificates(Files.readString(dir.resolve("erin.crt"))).getFirst();
            assertThat(leaf.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
            leaf.verify(ca.certificate().getPublicKey());
            assertThat(leaf.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.2");
            assertThat(r.line("thumbprint")).isEqualTo(Thumbprint.of(leaf).hex());
            assertThat(r.out.toString() + r.err).doesNotContain("PRIVATE KEY");
        }
    }

    @Test
    void issueCertExplainsAGatewayWithoutP2sCa() throws Exception {
        try (TestCluster cluster = new TestCluster()) {
            cluster.apply(Fixtures.gateway("plain", "VpnGw1", "10.1.0.0/16"), "default");
            CliRun r = CliRun.run("p2s", "issue-cert", "--common-name", "frank", "--gateway", "plain",
                    "--kubeconfig", kubeconfig(cluster).toString(), "--cert-out", dir.resolve("f.crt").toString(),
                    "--key-out", dir.resolve("f.key").toString());
            assertThat(r.exitCode).isEqualTo(1);
            assertThat(r.err.toString()).contains("no Secret default/" + Names.secret("plain"));
            assertThat(dir.resolve("f.key")).doesNotExist();
        }
    }

    @Test
    void profileReadsTheGatewaysAddressesAddressSpaceProtocolsAndCa() throws Exception {
        try (TestCluster cluster = new TestCluster()) {
            cluster.apply(p2sGateway(rootCertData()), "default");
            VirtualNetworkGateway gw = cluster.client.resources(VirtualNetworkGateway.class).inNamespace("default").withName(GATEWAY).get();
            VirtualNetworkGatewayStatus status = new VirtualNetworkGatewayStatus();
            status.setPublicIpAddresses(List.of("198.51.100.7", "198.51.100.8"));
            gw.setStatus(status);
            cluster.client.resource(gw).updateStatus();
            PointToSiteCa ca = gatewayCa(cluster);
            Path out = dir.resolve("profile");

            CliRun r = CliRun.run("p2s", "profile", "--gateway", GATEWAY, "--kubeconfig", kubeconfig(cluster).toString(),
                    "-o", out.toString());

            assertThat(r.exitCode).as(r.err.toString()).isZero();
            SwanctlSnippet swan = SwanctlSnippet.parse(Files.readString(out.resolve(GATEWAY + ".swanctl.conf")));
            assertThat(swan.one("remote_addrs")).isEqualTo("198.51.100.7,198.51.100.8");
            assertThat(swan.one("remote_ts")).isEqualTo("10.1.0.0/16,10.9.0.0/24");
            assertThat(swan.one("vips")).isEqualTo("0.0.0.0");
            String ps1 = Files.readString(out.resolve(GATEWAY + ".ps1"));
            assertThat(ps1).contains("-ServerAddress '198.51.100.7' -TunnelType Sstp", "-ServerAddress '198.51.100.7' -TunnelType Ikev2",
                    "-DestinationPrefix '10.9.0.0/24'");
            assertThat(Pem.decodeCertificates(Files.readString(out.resolve(GATEWAY + "-ca.pem")))).containsExactly(ca.certificate());
        }
    }

    @Test
    void profileRefusesAGatewayWithoutPointToSite() throws Exception {
        try (TestCluster cluster = new TestCluster()) {
            cluster.apply(Fixtures.gateway("plain", "VpnGw1", "10.1.0.0/16"), "default");
            CliRun r = CliRun.run("p2s", "profile", "--gateway", "plain", "--kubeconfig", kubeconfig(cluster).toString(),
                    "-o", dir.toString());
            assertThat(r.exitCode).isEqualTo(1);
            assertThat(r.err.toString()).contains("has no vpnClientConfiguration");
        }
    }
}
