package io.vpngw.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Kubernetes CEL IP/CIDR semantics (Go netip parsing) that the CRD rules rely on. */
class IpPrefixTest {

    @Test
    void maskingClearsHostBits() {
        assertThat(IpPrefix.parse("10.1.2.3/16").masked()).hasToString("10.1.0.0/16");
        assertThat(IpPrefix.parse("10.1.2.3/0").masked()).hasToString("0.0.0.0/0");
        assertThat(IpPrefix.parse("2001:db8::1/32").masked().ip().family()).isEqualTo(6);
    }

    @Test
    void containmentFollowsPrefixLengths() {
        IpPrefix p = IpPrefix.parse("10.1.0.0/16");
        assertThat(p.containsPrefix(IpPrefix.parse("10.1.255.0/27"))).isTrue();
        assertThat(p.containsPrefix(IpPrefix.parse("10.0.0.0/8"))).isFalse();
        assertThat(p.containsIp(IpAddress.parse("10.1.200.7"))).isTrue();
        assertThat(p.containsIp(IpAddress.parse("10.2.0.1"))).isFalse();
        assertThat(p.containsIp(IpAddress.parse("::1"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.0.0/33", "10.1.0/16", "010.1.0.0/16", "10.1.0.0/016", "10.1.0.0", "::ffff:10.1.0.0/112", "fe80::1%eth0/64"})
    void refusesWhatGoRefuses(String text) {
        assertThat(IpPrefix.isValid(text)).isFalse();
        assertThatThrownBy(() -> IpPrefix.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
