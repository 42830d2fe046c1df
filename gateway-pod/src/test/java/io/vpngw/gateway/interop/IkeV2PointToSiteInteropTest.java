package io.vpngw.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.config.GatewayConfig;
import io.vpngw.gateway.p2s.ClientCertificatePolicy;
import io.vpngw.gateway.p2s.TestPki;
import io.vpngw.gateway.sstp.PointToSiteSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * IKEv2 point-to-site through the real gateway process: strongSwan as a road warrior with an ECDSA
 * client certificate from the P2S CA and {@code vips = 0.0.0.0} gets an address from the pool by
 * CP, authenticates the gateway by its server certificate (RFC 7427 signatures, both ends), and
 * pings the gateway's LAN from its virtual address; then the same with an RSA client certificate. A client whose certificate's thumbprint is
 * listed as revoked is refused.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class IkeV2PointToSiteInteropTest {
    private static final String LAN = "10.1.0.1";
    private static final String GATEWAY = "192.0.2.1";
    private static final String CLIENT_WAN = "192.0.2.2";

    @BeforeAll
    static void requireLab() {
        InteropPreconditions.requireStrongSwanLab();
    }

    /**
     * A strongSwan road warrior's swanctl.conf: certificate auth both ways, a virtual IP by CP.
     * swanctl takes credentials from x509/, x509ca/ and private/ beside the file.
     */
    private static String roadWarriorConf(String clientName) {
        return roadWarriorConf(clientName, CLIENT_WAN);
    }

    private static String roadWarriorConf(String clientName, String localAddress) {
        return """
                connections {
                    rw {
                        version = 2
                        local_addrs = %s
                        remote_addrs = %s
                        vips = 0.0.0.0
                        proposals = aes256gcm16-prfsha256-ecp256
                        encap = yes
                        mobike = no
                        rekey_time = 0s
                        reauth_time = 0s
                        local {
                            auth = pubkey
                            certs = %s
                            id = "CN=%s"
                        }
                        remote {
                            auth = pubkey
                            id = "CN=gw.test"
                            cacerts = %s
                        }
                        children {
                            net {
                                remote_ts = 10.1.0.0/16
                                esp_proposals = aes256gcm16
                                start_action = none
                            }
                        }
                    }
                }
                """.formatted(localAddress, GATEWAY, "client.pem", clientName, "ca.pem");
    }

    @Test
    void aRoadWarriorGetsAPoolAddressAndPingsTheGatewaysNetworkAndARevokedOneIsRefused() throws Exception {
        try (InteropLab lab = InteropLab.open()) {
            NetworkNamespace gw = lab.newNamespace("gateway");
            NetworkNamespace client = lab.newNamespace("client");
            gw.connect("wan", GATEWAY + "/24", client, "wan", CLIENT_WAN + "/24");
            gw.addLanAddress(LAN);

            TestPki.Issued ca = TestPki.ca("P2S Root CA");
            TestPki.Issued server = TestPki.server(ca, "gw.test", GATEWAY);
            TestPki.Issued alice = TestPki.client(ca, "alice");
            TestPki.Issued mallory = TestPki.client(ca, "mallory");

            GatewayConfig config = new GatewayConfig(GatewayConfig.API_VERSION, "default/p2s", 1, "VpnGw1",
                    new GatewayConfig.Limits(30, 128, 250, 650, true), "RouteBased", false, List.of("10.1.0.0/16"), null,
                    new GatewayConfig.PointToSite(List.of("172.16.201.0/24"), List.of("IkeV2"),
                            List.of(Base64.getEncoder().encodeToString(ca.certificate().getEncoded())),
                            List.of(ClientCertificatePolicy.thumbprint(mallory.certificate()))),
                    List.of());
            Path secrets = gw.logDirectory().resolve("gateway").resolve("secrets");
            Files.createDirectories(secrets);
            Files.writeString(secrets.resolve(PointToSiteSettings.SERVER_CERT), TestPki.pem(server.chain()));
            Files.writeString(secrets.resolve(PointToSiteSettings.SERVER_KEY), TestPki.pem("PRIVATE KEY", server.key().getEncoded()));
            OurGateway gateway = OurGateway.start(gw, config, "unused", GATEWAY);

            // refused: the revoked certificate
            StrongSwanSite refused = lab.strongSwanSite("mallory", client, List.of());
            write(refused.directory(), ca, mallory);
            refused.roadWarrior(roadWarriorConf("mallory")).startAndLoad();
            CommandResult attempt = refused.swanctl("--initiate", "--ike", "rw", "--child", "net", "--timeout", "15");
            assertThat(attempt.succeeded()).as("%s", attempt.describe()).isFalse();
            assertThat(refused.log()).contains("AUTHENTICATION_FAILED");
            refused.stop();

            // accepted, ECDSA and then RSA: a pool address each, then traffic from it
            String aliceAddress = connectAndPing(lab, client, ca, alice, "alice", "ECDSA_WITH_SHA256_DER");
            assertThat(gateway.output()).contains("IKEv2 point-to-site client p2s-ikev2/" + aliceAddress);
            TestPki.Issued bob = TestPki.rsaClient(ca, "bob");
            String bobAddress = connectAndPing(lab, client, ca, bob, "bob", "RSA_EMSA_PKCS1_SHA2_256");
            assertThat(gateway.output()).contains("IKEv2 point-to-site client p2s-ikev2/" + bobAddress);
        }
    }

    @Test
    void theSkusSessionLimitRefusesOneClientTooMany() throws Exception {
        try (InteropLab lab = InteropLab.open()) {
            NetworkNamespace gw = lab.newNamespace("gateway");
            NetworkNamespace first = lab.newNamespace("first");
            NetworkNamespace second = lab.newNamespace("second");
            gw.connect("wan", GATEWAY + "/24", first, "wan", CLIENT_WAN + "/24");
            gw.connect("wan2", "198.51.100.1/24", second, "wan", "198.51.100.2/24");
            second.addRoute("192.0.2.0/24", "198.51.100.1");
            gw.addLanAddress(LAN);

            TestPki.Issued ca = TestPki.ca("P2S Root CA");
            TestPki.Issued server = TestPki.server(ca, "gw.test", GATEWAY);
            GatewayConfig config = new GatewayConfig(GatewayConfig.API_VERSION, "default/p2s", 1, "VpnGw1",
                    new GatewayConfig.Limits(30, 128, 1, 650, true), "RouteBased", false, List.of("10.1.0.0/16"), null,
                    new GatewayConfig.PointToSite(List.of("172.16.201.0/24"), List.of("IkeV2"),
                            List.of(Base64.getEncoder().encodeToString(ca.certificate().getEncoded())), List.of()),
                    List.of());
            Path secrets = gw.logDirectory().resolve("gateway").resolve("secrets");
            Files.createDirectories(secrets);
            Files.writeString(secrets.resolve(PointToSiteSettings.SERVER_CERT), TestPki.pem(server.chain()));
            Files.writeString(secrets.resolve(PointToSiteSettings.SERVER_KEY), TestPki.pem("PRIVATE KEY", server.key().getEncoded()));
            OurGateway.start(gw, config, "unused", GATEWAY);

            StrongSwanSite alice = lab.strongSwanSite("alice", first, List.of());
            write(alice.directory(), ca, TestPki.client(ca, "alice"));
            alice.roadWarrior(roadWarriorConf("alice")).startAndLoad();
            CommandResult up = alice.swanctl("--initiate", "--ike", "rw", "--child", "net", "--timeout", "15");
            assertThat(up.succeeded()).as("%s\n%s", up.describe(), alice.logTail(80)).isTrue();

            StrongSwanSite carol = lab.strongSwanSite("carol", second, List.of());
            write(carol.directory(), ca, TestPki.client(ca, "carol"));
            carol.roadWarrior(roadWarriorConf("carol", "198.51.100.2")).startAndLoad();
            CommandResult refused = carol.swanctl("--initiate", "--ike", "rw", "--child", "net", "--timeout", "15");
            assertThat(refused.succeeded()).as("%s", refused.describe()).isFalse();
            assertThat(carol.log()).as(carol.logTail(40)).contains("N(NO_ADD_SAS)"); // strongSwan's name for NO_ADDITIONAL_SAS
        }
    }

    /** Starts a road warrior for {@code user}, brings its tunnel up, pings the LAN from its virtual IP; returns the IP. */
    private static String connectAndPing(InteropLab lab, NetworkNamespace client, TestPki.Issued ca, TestPki.Issued user,
                                         String name, String signatureScheme) throws Exception {
        StrongSwanSite site = lab.strongSwanSite(name, client, List.of());
        write(site.directory(), ca, user);
        site.roadWarrior(roadWarriorConf(name)).startAndLoad();
        try {
            CommandResult up = site.swanctl("--initiate", "--ike", "rw", "--child", "net", "--timeout", "15");
            assertThat(up.succeeded()).as("%s\n%s", up.describe(), site.logTail(80)).isTrue();
            assertThat(site.log()).contains("authentication of 'CN=" + name + "' (myself) with " + signatureScheme + " successful");
            String vip = site.log().lines().filter(l -> l.contains("installing new virtual IP"))
                    .map(l -> l.substring(l.lastIndexOf(' ') + 1).strip()).findFirst().orElse("");
            assertThat(vip).as(site.logTail(80)).startsWith("172.16.201.");
            assertThat(vip).isNotEqualTo("172.16.201.1"); // the gateway's own end of the pool
            PingResult ping = Traffic.ping(client, vip, LAN, 5);
            assertThat(ping.lossPercent()).as("%s\n%s", ping, site.logTail(40)).isZero();
            site.swanctl("--terminate", "--ike", "rw", "--timeout", "10");
            return vip;
        } finally {
            site.stop();
        }
    }

    private static void write(Path directory, TestPki.Issued ca, TestPki.Issued user) throws Exception {
        for (String sub : List.of("x509", "x509ca", "private")) {
            Files.createDirectories(directory.resolve(sub));
        }
        Files.writeString(directory.resolve("x509ca").resolve("ca.pem"), TestPki.pem(List.of(ca.certificate())));
        Files.writeString(directory.resolve("x509").resolve("client.pem"), TestPki.pem(user.chain()));
        Files.writeString(directory.resolve("private").resolve("client.key"), TestPki.pem("PRIVATE KEY", user.key().getEncoded()));
    }
}
