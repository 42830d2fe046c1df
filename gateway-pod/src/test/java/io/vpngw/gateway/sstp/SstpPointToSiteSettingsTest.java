package io.vpngw.gateway.sstp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vpngw.gateway.config.GatewayConfig;
import io.vpngw.gateway.p2s.Ipv4AddressPool;
import io.vpngw.gateway.p2s.TestPki;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SSTP server's settings from the operator's configuration document and Secret. */
class SstpPointToSiteSettingsTest {
    private final TestPki.Issued ca = TestPki.ca("root");
    private final TestPki.Issued server = TestPki.server(ca, "gw.example", "192.0.2.1");

    private GatewayConfig config(List<String> protocols) throws Exception {
        return new GatewayConfig(GatewayConfig.API_VERSION, "ns/gw", 1, "VpnGw2", new GatewayConfig.Limits(30, 128, 500, 1000, true),
                "RouteBased", false, List.of("10.1.0.0/16"), null,
                new GatewayConfig.PointToSite(List.of("172.16.201.0/24", "172.16.202.0/24"), protocols,
                        List.of(Base64.getEncoder().encodeToString(ca.certificate().getEncoded())), List.of("AA BB")),
                List.of());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private Map<String, String> secrets() throws Exception {
        return Map.of(PointToSiteSettings.SERVER_CERT, pem("CERTIFICATE", server.certificate().getEncoded())
                        + pem("CERTIFICATE", ca.certificate().getEncoded()),
                PointToSiteSettings.SERVER_KEY, pem("PRIVATE KEY", server.key().getEncoded()),
                "psk.site", "not for us");
    }

    @Test
    void readsPoolLimitCertificatesAndKey() throws Exception {
        SstpServer.Settings s = PointToSiteSettings.from(config(List.of("IkeV2", "SSTP")), secrets(), "0.0.0.0", 443,
                Clock.systemUTC()).orElseThrow();
        assertThat(s.sessionLimit()).isEqualTo(128);
        assertThat(s.sku()).isEqualTo("VpnGw2");
        assertThat(s.addressPool()).containsExactly("172.16.201.0/24", "172.16.202.0/24");
        assertThat(Ipv4AddressPool.format(s.gatewayAddress())).isEqualTo("172.16.201.1");
        assertThat(s.chain()).containsExactly(server.certificate(), ca.certificate());
        assertThat(s.key().getEncoded()).isEqualTo(server.key().getEncoded());
        assertThat(s.clients().roots()).containsExactly(ca.certificate());
        assertThat(s.toString()).doesNotContain(Base64.getEncoder().encodeToString(server.key().getEncoded()).substring(0, 20));
    }

    @Test
    void noSstpMeansNoServer() throws Exception {
        assertThat(PointToSiteSettings.from(config(List.of("IkeV2")), secrets(), "0.0.0.0", 443, Clock.systemUTC())).isEmpty();
    }

    @Test
    void aMissingServerCertificateSaysWhatToFix() throws Exception {
        assertThatThrownBy(() -> PointToSiteSettings.from(config(List.of("SSTP")), Map.of(), "0.0.0.0", 443, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(PointToSiteSettings.SERVER_CERT);
    }
}
