package io.vpngw.gateway.p2s;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SstpClientCertificatePolicyTest {
    private final TestPki.Issued ca = TestPki.ca("P2S Root");

    private ClientCertificatePolicy policy(List<String> revoked) {
        return new ClientCertificatePolicy(List.of(ca.certificate()), revoked, Clock.systemUTC());
    }

    @Test
    void acceptsAClientOfTheRoot() {
        TestPki.Issued client = TestPki.client(ca, "alice");
        assertThat(policy(List.of()).check(client.chain())).isInstanceOf(ClientCertificatePolicy.Verdict.Accepted.class);
    }

    @Test
    void refusesAForeignIssuer() {
        TestPki.Issued mallory = TestPki.client(TestPki.ca("Elsewhere"), "mallory");
        assertThat(policy(List.of()).check(mallory.chain()))
                .isInstanceOfSatisfying(ClientCertificatePolicy.Verdict.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(CertificateRefusal.UNTRUSTED_ISSUER));
    }

    @Test
    void refusesARevokedThumbprintInAzuresSpelling() {
        TestPki.Issued client = TestPki.client(ca, "bob");
        String thumbprint = ClientCertificatePolicy.thumbprint(client.certificate()).toLowerCase().replaceAll("(..)", "$1 ");
        assertThat(policy(List.of(thumbprint)).check(client.chain()))
                .isInstanceOfSatisfying(ClientCertificatePolicy.Verdict.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(CertificateRefusal.REVOKED));
    }

    @Test
    void refusesAnExpiredClient() {
        TestPki.Issued old = TestPki.client(ca, "carol", Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(1)));
        assertThat(policy(List.of()).check(old.chain()))
                .isInstanceOfSatisfying(ClientCertificatePolicy.Verdict.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(CertificateRefusal.EXPIRED));
    }

    @Test
    void refusesAServerCertificateAsAClient() {
        TestPki.Issued server = TestPki.server(ca, "gw.example", "192.0.2.1");
        assertThat(policy(List.of()).check(server.chain().subList(0, 1)))
                .isInstanceOfSatisfying(ClientCertificatePolicy.Verdict.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(CertificateRefusal.MISSING_CLIENT_AUTH));
    }

    @Test
    void poolHandsOutLowestFreeAddressesAndTakesThemBack() {
        Ipv4AddressPool pool = new Ipv4AddressPool(List.of("172.16.201.0/30"), List.of(Ipv4AddressPool.parse("172.16.201.1")));
        assertThat(pool.available()).isEqualTo(1);
        int a = pool.allocate().orElseThrow();
        assertThat(Ipv4AddressPool.format(a)).isEqualTo("172.16.201.2");
        assertThat(pool.allocate()).isEmpty();
        pool.release(a);
        assertThat(pool.allocate()).hasValue(a);
    }
}
