package io.vpngw.gateway.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class Ipv4AddressesTest {

    @Test
    void dottedQuadsRoundTrip() {
        assertThat(Ipv4Endpoint.parseAddress("10.200.0.1")).isEqualTo(0x0AC80001);
        assertThat(Ipv4Endpoint.parseAddress("255.255.255.255")).isEqualTo(-1);
        assertThat(Ipv4Endpoint.formatAddress(0xC0000201)).isEqualTo("192.0.2.1");
        assertThat(Ipv4Endpoint.of("203.0.113.9", 500)).hasToString("203.0.113.9:500");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0", "10.0.0.1.2", "256.0.0.1", "01.0.0.1", "10.0.0.-1", "10.0.0.1 ",
            "localhost", "1e1.0.0.1", "10..0.1"})
    void anythingButAStrictDottedQuadIsRefused(String text) {
        assertThatThrownBy(() -> Ipv4Endpoint.parseAddress(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void portsOutsideTheirRangeAreRefused() {
        assertThatThrownBy(() -> new Ipv4Endpoint(0, 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv4Endpoint(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void endpointsConvertToAndFromTheJdkType() {
        Ipv4Endpoint endpoint = Ipv4Endpoint.of("192.0.2.7", 4500);
        InetSocketAddress jdk = endpoint.toSocketAddress();
        assertThat(jdk.getAddress().getHostAddress()).isEqualTo("192.0.2.7");
        assertThat(InetEndpoint.of(jdk)).isEqualTo(endpoint);
        assertThatThrownBy(() -> InetEndpoint.of(new InetSocketAddress("::1", 500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only IPv4");
        assertThatThrownBy(() -> InetEndpoint.of(InetSocketAddress.createUnresolved("gateway.example", 500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unresolved");
    }

    @Test
    void prefixesKeepHostBitsAndKnowTheirNetwork() {
        Ipv4Prefix prefix = Ipv4Prefix.parse("10.200.0.1/30");
        assertThat(prefix.mask()).isEqualTo(0xFFFFFFFC);
        assertThat(prefix.network()).hasToString("10.200.0.0/30");
        assertThat(prefix.contains(Ipv4Endpoint.parseAddress("10.200.0.2"))).isTrue();
        assertThat(prefix.contains(Ipv4Endpoint.parseAddress("10.200.0.4"))).isFalse();
        assertThat(Ipv4Prefix.parse("0.0.0.0/0").contains(-1)).isTrue();
        assertThat(Ipv4Prefix.parse("192.0.2.1")).isEqualTo(new Ipv4Prefix(0xC0000201, 32));
        assertThatThrownBy(() -> Ipv4Prefix.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ipv4Prefix.parse("10.0.0.0/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ipv4Prefix.parse("10.0.0.0/-1")).isInstanceOf(IllegalArgumentException.class);
    }
}
