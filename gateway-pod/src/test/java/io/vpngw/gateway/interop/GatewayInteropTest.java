package io.vpngw.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.config.ConnectionConfig;
import io.vpngw.gateway.config.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import io.vpngw.api.v1alpha1.DhGroup;
import io.vpngw.api.v1alpha1.IkeEncryption;
import io.vpngw.api.v1alpha1.IkeIntegrity;
import io.vpngw.api.v1alpha1.IpsecEncryption;
import io.vpngw.api.v1alpha1.IpsecIntegrity;
import io.vpngw.api.v1alpha1.PfsGroup;

/**
 * Our gateway against a real strongSwan site: the gateway process runs in its own namespace from
 * a configuration document (as {@code vpngw gateway} does outside Kubernetes), strongSwan in
 * another, joined by a veth. IKEv2 with a pre-shared key, ESP in UDP, traffic through our TUN.
 */
@Timeout(180)
class GatewayInteropTest {
    private static final String PSK = "interop-test-psk-not-secret-0123456789";
    private static final long HUNDRED_MEGABYTES = 100_000_000L;

    @BeforeAll
    static void machineCanRunStrongSwanLabs() {
        InteropPreconditions.requireStrongSwanLab();
    }

    /** The configuration the operator would render for one site-to-site connection. */
    private static GatewayConfig config(String mode, String peerAddress, ConnectionConfig.Policy policy) {
        ConnectionConfig connection = new ConnectionConfig("interop/to-site", "IPsec", "IKEv2", mode,
                new ConnectionConfig.Peer(List.of(peerAddress), null, List.of("10.1.0.0/16")), "psk.to-site",
                45, 0, false, List.of(), policy);
        return new GatewayConfig(GatewayConfig.API_VERSION, "interop/gw", 1, "VpnGw1",
                new GatewayConfig.Limits(30, 128, 250, 650, true), "RouteBased", false, List.of("10.2.0.0/16"), null, null,
                List.of(connection));
    }

    private static NamespaceProcess startGateway(NetworkNamespace ns, GatewayConfig config, String bind) throws Exception {
        Path dir = ns.logDirectory().resolve("gateway");
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("gateway.json"), config.toJson());
        Files.writeString(dir.resolve("secrets").resolve("psk.to-site"), PSK);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        NamespaceProcess gateway = ns.start("gateway", List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "io.vpngw.gateway.runtime.GatewayMain",
                "--config", dir.resolve("gateway.json").toString(), "--secrets", dir.resolve("secrets").toString(),
                "--bind", bind, "--tun", "vpngw0"), Map.of());
        gateway.awaitOutput("gateway ready", Duration.ofSeconds(30));
        return gateway;
    }

    @Test
    void strongSwanInitiatesToOurGatewayAndTrafficFlowsBothWays() throws Exception {
        try (InteropLab lab = InteropLab.open()) {
            NetworkNamespace site = lab.newNamespace("site");
            NetworkNamespace gw = lab.newNamespace("gateway");
            site.connect("wan", "192.0.2.1/24", gw, "wan", "192.0.2.2/24");
            site.addLanAddress("10.1.0.1");
            gw.addLanAddress("10.2.0.1");

            NamespaceProcess gateway = startGateway(gw, config("ResponderOnly", "192.0.2.1", null), "192.0.2.2");
            StrongSwanSite strongSwan = lab.strongSwanSite("site", site, List.of(
                    StrongSwanConnection.psk("s2s", "192.0.2.1", "192.0.2.2", "192.0.2.1", "192.0.2.2", PSK,
                                    "aes256gcm16-prfsha256-x25519")
                            .withChild(StrongSwanChild.tunnel("lan", "10.1.0.0/16", "10.2.0.0/16", "aes256gcm16"))))
                    .startAndLoad();

            strongSwan.initiate("s2s", "lan");
            IkeSaStatus sa = strongSwan.ikeSa("s2s").orElseThrow(() -> new AssertionError(
                    "no IKE_SA with our gateway:\n" + strongSwan.logTail(60) + "\n--- gateway:\n" + gateway.output()));
            assertThat(sa.state()).isEqualTo("ESTABLISHED");
            assertThat(sa.algorithms()).isEqualTo("AES_GCM_16-256/PRF_HMAC_SHA2_256/CURVE_25519");
            assertThat(sa.child("lan").orElseThrow().algorithms()).isEqualTo("AES_GCM_16-256");

            awaitPath(site, "10.1.0.1", "10.2.0.1");
            PingResult ping = Traffic.ping(site, "10.1.0.1", "10.2.0.1", 20);
            assertThat(ping.lossPercent()).as(ping.output() + "\n--- gateway:\n" + gateway.output()).isZero();
            PingResult back = Traffic.ping(gw, "10.2.0.1", "10.1.0.1", 5);
            assertThat(back.lossPercent()).as(back.output()).isZero();

            TransferResult transfer = Traffic.tcpTransfer(site, "10.1.0.1", gw, "10.2.0.1", 5001, HUNDRED_MEGABYTES, 7L);
            assertThat(transfer.intact()).as("100 MB site -> gateway with bytes checked").isTrue();
            TransferResult reverse = Traffic.tcpTransfer(gw, "10.2.0.1", site, "10.1.0.1", 5002, HUNDRED_MEGABYTES, 8L);
            assertThat(reverse.intact()).as("100 MB gateway -> site with bytes checked").isTrue();
            System.out.printf("strongSwan -> vpngw: %s; vpngw -> strongSwan: %s%n",
                    Traffic.megabits(transfer.bitsPerSecond()), Traffic.megabits(reverse.bitsPerSecond()));
            assertThat(strongSwan.ikeSa("s2s").orElseThrow().child("lan").orElseThrow().bytesIn())
                    .as("the reverse transfer came through the CHILD_SA").isGreaterThanOrEqualTo(HUNDRED_MEGABYTES);
        }
    }

    @ParameterizedTest(name = "{0}/{1}/{2} + {3}/{4}/{5}")
    @CsvSource({
        "GCMAES256, GCMAES256, ECP384, GCMAES256, GCMAES256, ECP384, AES_GCM_16-256/PRF_HMAC_SHA2_384/ECP_384, AES_GCM_16-256",
        "GCMAES128, GCMAES128, ECP256, GCMAES128, GCMAES128, None, AES_GCM_16-128/PRF_HMAC_SHA2_256/ECP_256, AES_GCM_16-128",
        "AES256, SHA256, DHGroup14, AES256, SHA256, PFS2048, AES_CBC-256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048, AES_CBC-256/HMAC_SHA2_256_128",
        "AES256, SHA384, DHGroup24, AES256, SHA256, PFS24, AES_CBC-256/HMAC_SHA2_384_192/PRF_HMAC_SHA2_384/MODP_2048_256, AES_CBC-256/HMAC_SHA2_256_128",
        "AES128, SHA256, ECP256, AES128, SHA1, None, AES_CBC-128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_256, AES_CBC-128/HMAC_SHA1_96",
        "AES192, SHA256, DHGroup14, AES192, SHA256, None, AES_CBC-192/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048, AES_CBC-192/HMAC_SHA2_256_128",
        "DES3, SHA1, DHGroup2, DES3, SHA1, None, 3DES_CBC/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024, 3DES_CBC/HMAC_SHA1_96",
        "CHACHA20POLY1305, CHACHA20POLY1305, X25519, CHACHA20POLY1305, CHACHA20POLY1305, X25519, CHACHA20_POLY1305/PRF_HMAC_SHA2_256/CURVE_25519, CHACHA20_POLY1305",
        "AES256, SHA256, X25519, GCMAES256, GCMAES256, None, AES_CBC-256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519, AES_GCM_16-256",
        "GCMAES256, GCMAES256, ECP256, GCMAES192, GCMAES192, None, AES_GCM_16-256/PRF_HMAC_SHA2_384/ECP_256, AES_GCM_16-192",
        "AES256, SHA1, DHGroup2, AES256, SHA1, PFS2, AES_CBC-256/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024, AES_CBC-256/HMAC_SHA1_96",
        "AES128, SHA384, ECP384, AES128, SHA256, PFSMM, AES_CBC-128/HMAC_SHA2_384_192/PRF_HMAC_SHA2_384/ECP_384, AES_CBC-128/HMAC_SHA2_256_128",
    })
    void ourGatewayInitiatesEachCustomPolicyExactly(IkeEncryption ikeEncryption, IkeIntegrity ikeIntegrity, DhGroup dhGroup,
                                                   IpsecEncryption ipsecEncryption, IpsecIntegrity ipsecIntegrity, PfsGroup pfsGroup,
                                                   String expectedIke, String expectedChild) throws Exception {
        StrongSwanProposals proposals = AzurePolicyProposals.forPolicy(ikeEncryption, ikeIntegrity, dhGroup,
                ipsecEncryption, ipsecIntegrity, pfsGroup);
        var policy = new ConnectionConfig.Policy(ikeEncryption.name(), ikeIntegrity.name(), dhGroup.name(),
                ipsecEncryption.name(), ipsecIntegrity.name(), pfsGroup.name(), 27000, 102400000);
        try (InteropLab lab = InteropLab.open()) {
            NetworkNamespace site = lab.newNamespace("site");
            NetworkNamespace gw = lab.newNamespace("gateway");
            site.connect("wan", "192.0.2.1/24", gw, "wan", "192.0.2.2/24");
            site.addLanAddress("10.1.0.1");
            gw.addLanAddress("10.2.0.1");
            StrongSwanSite strongSwan = lab.strongSwanSite("site", site, List.of(
                    StrongSwanConnection.psk("s2s", "192.0.2.1", "192.0.2.2", "192.0.2.1", "192.0.2.2", PSK, proposals.ike())
                            .withChild(StrongSwanChild.tunnel("lan", "10.1.0.0/16", "10.2.0.0/16", proposals.esp()))))
                    .startAndLoad();
            NamespaceProcess gateway = startGateway(gw, config("Default", "192.0.2.1", policy), "192.0.2.2");

            IkeSaStatus sa;
            try {
                sa = strongSwan.awaitIkeSa("s2s", x -> x.established() && x.child("lan").map(ChildSaStatus::installed).orElse(false),
                        Duration.ofSeconds(20));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n--- gateway:\n" + gateway.output(), e);
            }
            assertThat(sa.initiator()).as("our gateway initiated").isFalse();
            assertThat(sa.algorithms()).isEqualTo(expectedIke);
            assertThat(sa.child("lan").orElseThrow().algorithms()).isEqualTo(expectedChild);
            awaitPath(gw, "10.2.0.1", "10.1.0.1");
            PingResult ping = Traffic.ping(gw, "10.2.0.1", "10.1.0.1", 5);
            assertThat(ping.lossPercent()).as(ping.output() + "\n--- gateway:\n" + gateway.output()).isZero();
            TransferResult transfer = Traffic.tcpTransfer(gw, "10.2.0.1", site, "10.1.0.1", 5001, HUNDRED_MEGABYTES, 11L);
            assertThat(transfer.intact()).as("100 MB gateway -> site with bytes checked").isTrue();
        }
    }

    /**
     * Azure's default proposals (no custom policy): a legacy peer proposing AES-256/SHA-1/MODP1024
     * is accepted, and our gateway initiating gets its modern proposal (AES-GCM-256, X25519),
     * offered first, from a peer that supports it.
     */
    @ParameterizedTest(name = "gateway initiates: {0}; peer proposes {1}")
    @CsvSource({
        "false, aes256-sha1-modp1024, aes256-sha1, AES_CBC-256/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024, AES_CBC-256/HMAC_SHA1_96",
        "true, aes256gcm16-prfsha256-x25519, aes256gcm16, AES_GCM_16-256/PRF_HMAC_SHA2_256/CURVE_25519, AES_GCM_16-256",
    })
    void azureDefaultProposals(boolean gatewayInitiates, String ikeProposal, String espProposal, String expectedIke,
                               String expectedChild) throws Exception {
        try (InteropLab lab = InteropLab.open()) {
            NetworkNamespace site = lab.newNamespace("site");
            NetworkNamespace gw = lab.newNamespace("gateway");
            site.connect("wan", "192.0.2.1/24", gw, "wan", "192.0.2.2/24");
            site.addLanAddress("10.1.0.1");
            gw.addLanAddress("10.2.0.1");
            StrongSwanSite strongSwan = lab.strongSwanSite("site", site, List.of(
                    StrongSwanConnection.psk("s2s", "192.0.2.1", "192.0.2.2", "192.0.2.1", "192.0.2.2", PSK, ikeProposal)
                            .withChild(StrongSwanChild.tunnel("lan", "10.1.0.0/16", "10.2.0.0/16", espProposal))))
                    .startAndLoad();
            NamespaceProcess gateway = startGateway(gw, config(gatewayInitiates ? "Default" : "ResponderOnly", "192.0.2.1", null), "192.0.2.2");
            if (!gatewayInitiates) {
                strongSwan.initiate("s2s", "lan");
            }
            IkeSaStatus sa;
            try {
                sa = strongSwan.awaitIkeSa("s2s", x -> x.established() && x.child("lan").map(ChildSaStatus::installed).orElse(false),
                        Duration.ofSeconds(20));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n--- gateway:\n" + gateway.output(), e);
            }
            assertThat(sa.algorithms()).isEqualTo(expectedIke);
            assertThat(sa.child("lan").orElseThrow().algorithms()).isEqualTo(expectedChild);
            awaitPath(site, "10.1.0.1", "10.2.0.1");
            assertThat(Traffic.ping(site, "10.1.0.1", "10.2.0.1", 5).lossPercent()).isZero();
            assertThat(Traffic.tcpTransfer(site, "10.1.0.1", gw, "10.2.0.1", 5001, HUNDRED_MEGABYTES, 12L).intact()).isTrue();
        }
    }

    /**
     * strongSwan reports the CHILD_SA installed a moment before libipsec routes through it: wait
     * (bounded) until one echo comes back before measuring loss.
     */
    private static void awaitPath(NetworkNamespace from, String source, String destination) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Traffic.ping(from, source, destination, 1).lossPercent() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no echo from " + destination + " within 10 s");
            }
        }
    }
}
