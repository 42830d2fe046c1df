package io.vpngw.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.config.GatewayConfig;
import io.vpngw.gateway.p2s.TestPki;
import io.vpngw.gateway.sstp.PointToSiteSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Point-to-site through the real gateway process: the gateway (GatewayMain with its TUN) in one
 * namespace with a LAN address, our SSTP client as a process with its own TUN in another. A
 * ping and a checked TCP transfer from the client's assigned address to the gateway's LAN cross
 * TLS, SSTP, PPP, the gateway's TUN and its kernel, both ways.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SstpGatewayInteropTest {
    private static final String LAN = "10.1.0.1";
    private static final String CLIENT = "172.16.201.2";

    @BeforeAll
    static void requireLab() {
        InteropPreconditions.requireStrongSwanLab();
    }

    @Test
    void aClientPingsAndTransfersToTheGatewaysNetwork() throws Exception {
        try (InteropLab lab = InteropLab.open()) {
            NetworkNamespace gw = lab.newNamespace("gateway");
            NetworkNamespace client = lab.newNamespace("client");
            gw.connect("wan", "192.0.2.1/24", client, "wan", "192.0.2.2/24");
            gw.addLanAddress(LAN);

            TestPki.Issued ca = TestPki.ca("P2S Root CA");
            TestPki.Issued server = TestPki.server(ca, "gw.test", "192.0.2.1");
            TestPki.Issued user = TestPki.client(ca, "alice");

            GatewayConfig config = new GatewayConfig(GatewayConfig.API_VERSION, "default/p2s", 1, "VpnGw1",
                    new GatewayConfig.Limits(30, 128, 250, 650, true), "RouteBased", false, List.of("10.1.0.0/16"), null,
                    new GatewayConfig.PointToSite(List.of("172.16.201.0/24"), List.of("SSTP"),
                            List.of(Base64.getEncoder().encodeToString(ca.certificate().getEncoded())), List.of()),
                    List.of());
            Path secrets = gw.logDirectory().resolve("gateway").resolve("secrets");
            Files.createDirectories(secrets);
            Files.writeString(secrets.resolve(PointToSiteSettings.SERVER_CERT), TestPki.pem(server.chain()));
            Files.writeString(secrets.resolve(PointToSiteSettings.SERVER_KEY), TestPki.pem("PRIVATE KEY", server.key().getEncoded()));
            OurGateway.start(gw, config, "unused", "192.0.2.1", "--sstp-port", "443");

            Path files = client.logDirectory();
            Files.createDirectories(files);
            Files.writeString(files.resolve("ca.pem"), TestPki.pem(List.of(ca.certificate())));
            Files.writeString(files.resolve("client.pem"), TestPki.pem(user.chain()));
            Files.writeString(files.resolve("client.key"), TestPki.pem("PRIVATE KEY", user.key().getEncoded()));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), "io.vpngw.gateway.sstp.SstpClientMain",
                    "--server", "192.0.2.1", "--port", "443", "--ca", files.resolve("ca.pem").toString(),
                    "--cert", files.resolve("client.pem").toString(), "--key", files.resolve("client.key").toString(),
                    "--tun", "sstp0", "--route", "10.1.0.0/16"));
            NamespaceProcess sstp = client.start("sstp-client", command, Map.of());
            sstp.awaitOutput("tunnel up", Duration.ofSeconds(60));
            assertThat(sstp.output()).contains("connected address=" + CLIENT + " gateway=172.16.201.1");

            assertThat(Traffic.ping(client, CLIENT, LAN, 5).lossPercent()).isZero();
            TransferResult transfer = Traffic.tcpTransfer(client, CLIENT, gw, LAN, 5001, 4L << 20, 42);
            assertThat(transfer.intact()).as("%s", transfer).isTrue();
            TransferResult back = Traffic.tcpTransfer(gw, LAN, client, CLIENT, 5002, 4L << 20, 43);
            assertThat(back.intact()).as("%s", back).isTrue();
        }
    }
}
