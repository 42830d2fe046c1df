package io.vpngw.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4AddressAndPrefixTest {

    @Test
    void addressesParseToNetworkOrderAndFormatBack() {
        assertThat(Ipv4Address.parse("10.1.2.3")).isEqualTo(0x0A01_0203);
        assertThat(Ipv4Address.parse("255.255.255.255")).isEqualTo(-1);
        assertThat(Ipv4Address.parse("0.0.0.0")).isZero();
        assertThat(Ipv4Address.format(0xC0A8_0101)).isEqualTo("192.168.1.1");
        assertThat(Ipv4Address.format(-1)).isEqualTo("255.255.255.255");
        assertThat(Ipv4Address.compare(Ipv4Address.parse("128.0.0.0"), Ipv4Address.parse("127.255.255.255"))).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ", " 1.2.3.4", "1..3.4",
        "a.b.c.d", "1.2.3.-4", "1.2.3.4/", "::1", "1234.1.1.1", "1.2.3.04"})
    void anythingButADottedQuadIsRefused(String text) {
        assertThatThrownBy(() -> Ipv4Address.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void prefixesParseAndKnowTheirRange() {
        Ipv4Prefix prefix = Ipv4Prefix.parse("10.1.0.0/16");
        assertThat(prefix.network()).isEqualTo(0x0A01_0000);
        assertThat(prefix.length()).isEqualTo(16);
        assertThat(Ipv4Address.format(prefix.last())).isEqualTo("10.1.255.255");
        assertThat(prefix.size()).isEqualTo(65_536);
        assertThat(prefix.contains(Ipv4Address.parse("10.1.200.3"))).isTrue();
        assertThat(prefix.contains(Ipv4Address.parse("10.2.0.0"))).isFalse();
        assertThat(prefix.contains(Ipv4Prefix.parse("10.1.4.0/24"))).isTrue();
        assertThat(prefix.contains(Ipv4Prefix.parse("10.0.0.0/8"))).isFalse();
        assertThat(prefix).hasToString("10.1.0.0/16");
        assertThat(Ipv4Prefix.parse("192.0.2.7")).isEqualTo(new Ipv4Prefix(0xC000_0207, 32));
        assertThat(Ipv4Prefix.parse("0.0.0.0/0").size()).isEqualTo(1L << 32);
        assertThat(Ipv4Prefix.all().contains(-1)).isTrue();
        assertThat(Ipv4Prefix.containing(Ipv4Address.parse("10.9.8.7"), 8)).hasToString("10.0.0.0/8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.2.3/16", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "10.0.0.0/0x8", "10.0.0.0/008", "fd00::/8"})
    void malformedPrefixesAndHostBitsAreRefused(String text) {
        assertThatThrownBy(() -> Ipv4Prefix.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHostBitsMessageSaysWhatThePrefixWouldBe() {
        assertThatThrownBy(() -> Ipv4Prefix.parse("10.1.2.3/16")).hasMessageContaining("10.1.0.0/16");
    }

    @Test
    void prefixesSortByStartThenContainersFirst() {
        assertThat(Ipv4Prefix.parse("10.0.0.0/8")).isLessThan(Ipv4Prefix.parse("10.0.0.0/16"));
        assertThat(Ipv4Prefix.parse("10.0.0.0/16")).isLessThan(Ipv4Prefix.parse("10.1.0.0/16"));
        assertThat(Ipv4Prefix.parse("127.0.0.0/8")).isLessThan(Ipv4Prefix.parse("128.0.0.0/8"));
        assertThat(Ipv4Prefix.isIpv4("2001:db8::/32")).isFalse();
        assertThat(Ipv4Prefix.isIpv4("10.0.0.0/8")).isTrue();
    }
}
