package io.vpngw.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubjectAlternativeNamesTest {

    @Test
    void sortsAddressLiteralsFromDnsNamesWithoutLookingThemUp() {
        SubjectAlternativeNames names = SubjectAlternativeNames.parse("gw1.example.com", "203.0.113.7", "2001:DB8::1", "[2001:db8::2]");

        assertThat(names.dnsNames()).containsExactly("gw1.example.com");
        assertThat(names.ipAddresses()).extracting(InetAddress::getHostAddress)
                .containsExactly("203.0.113.7", "2001:db8:0:0:0:0:0:1", "2001:db8:0:0:0:0:0:2");
    }

    @Test
    void equalWhateverTheOrderCaseOrDuplicates() {
        SubjectAlternativeNames first = SubjectAlternativeNames.parse("b.example.com", "A.Example.com.", "198.51.100.2", "198.51.100.1");
        SubjectAlternativeNames second = SubjectAlternativeNames.parse("198.51.100.1", "a.example.com", "198.51.100.2", "b.example.com", "b.example.com");

        assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
        assertThat(first.dnsNames()).containsExactly("a.example.com", "b.example.com");
        assertThat(first).isNotEqualTo(SubjectAlternativeNames.parse("a.example.com", "198.51.100.1"));
    }

    @Test
    void foldsIpv4MappedAddressesIntoIpv4() throws Exception {
        SubjectAlternativeNames mapped = SubjectAlternativeNames.of(List.of(), List.of(InetAddress.getByName("::ffff:192.0.2.1")));

        assertThat(mapped).isEqualTo(SubjectAlternativeNames.parse("192.0.2.1"));
    }

    @Test
    void acceptsWildcardsAndInternationalNamesInALabelForm() {
        SubjectAlternativeNames names = SubjectAlternativeNames.parse("*.vpn.example.com", "bücher.example");

        assertThat(names.dnsNames()).containsExactly("*.vpn.example.com", "xn--bcher-kva.example");
    }

    @Test
    void refusesNamesNoClientCouldMatch() {
        assertThatThrownBy(() -> SubjectAlternativeNames.parse("under_score.example.com")).hasMessageContaining("not a valid DNS name");
        assertThatThrownBy(() -> SubjectAlternativeNames.parse("-leading.example.com")).hasMessageContaining("not a valid DNS name");
        assertThatThrownBy(() -> SubjectAlternativeNames.parse("a..example.com")).hasMessageContaining("not a valid DNS name");
        assertThatThrownBy(() -> SubjectAlternativeNames.parse("a.*.example.com")).hasMessageContaining("not a valid DNS name");
        assertThatThrownBy(() -> SubjectAlternativeNames.parse("x".repeat(64) + ".example.com")).hasMessageContaining("not a valid DNS name");
        assertThatThrownBy(() -> SubjectAlternativeNames.parse("300.1.1.1")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> SubjectAlternativeNames.of(List.of("192.0.2.1"), List.of())).hasMessageContaining("give it as an address");
    }

    @Test
    void refusesScopedIpv6Addresses() throws Exception {
        InetAddress scoped = java.net.Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1").getAddress(), 3);

        assertThatThrownBy(() -> SubjectAlternativeNames.of(List.of(), List.of(scoped))).hasMessageContaining("scoped");
    }

    @Test
    void readsBackWhatWasIssued() {
        SubjectAlternativeNames names = SubjectAlternativeNames.parse("gw1.example.com", "gw1-alt.example.com", "203.0.113.7", "2001:db8::7");
        var certificate = PointToSiteCa.createFor(TestPki.issuer(), "prod", "gw1").issueServerCertificate(TestPki.issuer(), names).certificate();

        assertThat(SubjectAlternativeNames.of(certificate)).isEqualTo(names);
    }

    @Test
    void readsAnOpenSslCertificatesNames() {
        assertThat(SubjectAlternativeNames.of(TestPki.opensslRoot())).isEqualTo(SubjectAlternativeNames.parse("fixture.example.net", "192.0.2.10"));
    }

    @Test
    void printsAsOpenSslDoesAndPrefersADnsNameAsPrimary() {
        SubjectAlternativeNames names = SubjectAlternativeNames.parse("203.0.113.7", "gw1.example.com");

        assertThat(names).hasToString("DNS:gw1.example.com, IP Address:203.0.113.7");
        assertThat(names.primaryName()).contains("gw1.example.com");
        assertThat(SubjectAlternativeNames.parse("203.0.113.7").primaryName()).contains("203.0.113.7");
        assertThat(SubjectAlternativeNames.none().primaryName()).isEmpty();
        assertThat(SubjectAlternativeNames.none()).hasToString("(none)");
    }
}
