package io.vpngw.cli.p2s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class P2sServerArgumentTest {
    @Test
    void hostsPortsAndBracketedIpv6() {
        assertThat(ConnectCommand.HostPort.parse("vpn.example.com", 443)).isEqualTo(new ConnectCommand.HostPort("vpn.example.com", 443));
        assertThat(ConnectCommand.HostPort.parse("203.0.113.10:8443", 443)).isEqualTo(new ConnectCommand.HostPort("203.0.113.10", 8443));
        assertThat(ConnectCommand.HostPort.parse("[2001:db8::1]:444", 443)).isEqualTo(new ConnectCommand.HostPort("2001:db8::1", 444));
        assertThat(ConnectCommand.HostPort.parse("2001:db8::1", 443)).isEqualTo(new ConnectCommand.HostPort("2001:db8::1", 443));
        assertThatThrownBy(() -> ConnectCommand.HostPort.parse("host:0", 443)).hasMessageContaining("1 to 65535");
    }

    @Test
    void durations() {
        DurationConverter c = new DurationConverter();
        assertThat(c.convert("90s").toSeconds()).isEqualTo(90);
        assertThat(c.convert("5m").toMinutes()).isEqualTo(5);
        assertThat(c.convert("PT1H").toHours()).isEqualTo(1);
        assertThat(c.convert("0")).isZero();
        assertThatThrownBy(() -> c.convert("soon")).hasMessageContaining("not a duration");
    }
}
