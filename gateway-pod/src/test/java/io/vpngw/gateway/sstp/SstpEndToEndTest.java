package io.vpngw.gateway.sstp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vpngw.gateway.p2s.ClientCertificatePolicy;
import io.vpngw.gateway.p2s.Ipv4AddressPool;
import io.vpngw.gateway.p2s.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Our SSTP client against our SSTP server, in one process over loopback TLS. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SstpEndToEndTest {
    private static final int LAN_HOST = Ipv4AddressPool.parse("10.1.0.5");

    @Test
    void clientGetsAnAddressAndDatagramsFlowBothWays() throws Exception {
        try (P2sLab lab = new P2sLab()) {
            TestPki.Issued alice = TestPki.client(lab.ca, "alice");
            try (SstpClient client = SstpClient.connect(lab.clientSettings(alice))) {
                SstpClient.Connected c = lab.connect(client);
                assertThat(Ipv4AddressPool.format(c.address())).isEqualTo("172.16.201.2");
                assertThat(c.gatewayAddress()).isEqualTo(P2sLab.GATEWAY);
                assertThat(c.primaryDns()).isEqualTo(P2sLab.DNS1);
                assertThat(c.secondaryDns()).isEqualTo(P2sLab.DNS2);
                await().atMost(Duration.ofSeconds(10)).until(() -> lab.server.counters().activeSessions() == 1);

                // client → gateway's network, in order and intact (a transfer of 2,000 datagrams)
                for (int i = 0; i < 2000; i++) {
                    byte[] payload = ("up " + i).getBytes(StandardCharsets.US_ASCII);
                    byte[] sent = P2sLab.udp(c.address(), LAN_HOST, Arrays.copyOf(payload, 1000));
                    assertThat(client.send(sent)).isTrue();
                    assertThat(lab.egress.poll(10, TimeUnit.SECONDS)).isEqualTo(sent);
                }
                // gateway's network → client
                for (int i = 0; i < 2000; i++) {
                    byte[] down = P2sLab.udp(LAN_HOST, c.address(), ("down " + i).getBytes(StandardCharsets.US_ASCII));
                    assertThat(lab.server.deliver(down, 0, down.length)).isTrue();
                    assertThat(client.receive(Duration.ofSeconds(10))).isEqualTo(down);
                }
                // what crossed is counted, each way, in IPv4 bytes
                long up = 2000L * P2sLab.udp(c.address(), LAN_HOST, new byte[1000]).length;
                long down = 0;
                for (int i = 0; i < 2000; i++) {
                    down += P2sLab.udp(LAN_HOST, c.address(), ("down " + i).getBytes(StandardCharsets.US_ASCII)).length;
                }
                assertThat(lab.server.counters().bytesFromClients()).isEqualTo(up);
                assertThat(lab.server.counters().bytesToClients()).isEqualTo(down);
                // nobody owns another address of the pool
                byte[] stray = P2sLab.udp(LAN_HOST, c.address() + 1, new byte[8]);
                assertThat(lab.server.deliver(stray, 0, stray.length)).isFalse();
                // a client may not send from an address it was not given
                client.send(P2sLab.udp(c.address() + 7, LAN_HOST, new byte[8]));
                await().atMost(Duration.ofSeconds(5)).until(() -> lab.server.counters().dropped("ipv4_bad_source") == 1);
                assertThat(lab.egress).isEmpty();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> lab.server.counters().activeSessions() == 0);
            // the address went back to the pool: the next client gets it again
            try (SstpClient again = SstpClient.connect(lab.clientSettings(alice))) {
                assertThat(Ipv4AddressPool.format(lab.connect(again).address())).isEqualTo("172.16.201.2");
            }
        }
    }

    @Test
    void sha1CryptoBindingIsAcceptedToo() throws Exception {
        try (P2sLab lab = new P2sLab();
             SstpClient client = SstpClient.connect(lab.clientSettings(TestPki.client(lab.ca, "bob")).withHash(HashProtocol.SHA1))) {
            assertThat(lab.connect(client).address()).isNotZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> lab.server.counters().activeSessions() == 1);
        }
    }

    @Test
    void aWrongCryptoBindingTearsTheSessionDown() throws Exception {
        try (P2sLab lab = new P2sLab();
             SstpClient client = SstpClient.connect(lab.clientSettings(TestPki.client(lab.ca, "eve")).withCorruptBinding())) {
            String reason = client.ended().get(20, TimeUnit.SECONDS);
            assertThat(reason).contains("aborted");
            assertThat(lab.server.counters().refused("crypto_binding")).isEqualTo(1);
            assertThat(lab.server.counters().activeSessions()).isZero();
            assertThat(lab.server.owns(Ipv4AddressPool.parse("172.16.201.2"))).isFalse();
        }
    }

    @Test
    void aForeignCaCertificateIsRefusedWithItsReasonCounted() throws Exception {
        try (P2sLab lab = new P2sLab()) {
            TestPki.Issued mallory = TestPki.client(TestPki.ca("Some Other CA"), "mallory");
            try (SstpClient client = SstpClient.connect(lab.clientSettings(mallory))) {
                assertThatThrownBy(() -> lab.connect(client)).isInstanceOf(IOException.class);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> lab.server.counters().refused("certificate_untrusted_issuer") == 1);
            assertThat(lab.server.counters().establishedSessions()).isZero();
        }
    }

    @Test
    void aRevokedCertificateIsRefusedWithItsReasonCounted() throws Exception {
        TestPki.Issued ca = TestPki.ca("P2S Root CA");
        TestPki.Issued revoked = TestPki.client(ca, "former-employee");
        String thumbprint = ClientCertificatePolicy.thumbprint(revoked.certificate());
        try (P2sLab lab = new P2sLab(ca, 128, List.of(thumbprint), SstpTimers.specification())) {
            try (SstpClient client = SstpClient.connect(lab.clientSettings(revoked))) {
                assertThatThrownBy(() -> lab.connect(client)).isInstanceOf(IOException.class);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> lab.server.counters().refused("certificate_revoked") == 1);
            try (SstpClient other = SstpClient.connect(lab.clientSettings(TestPki.client(ca, "still-employed")))) {
                assertThat(lab.connect(other).address()).isNotZero();
            }
        }
    }

    @Test
    void theSessionLimitRefusesTheNextClientWithAReason() throws Exception {
        try (P2sLab lab = new P2sLab(1, List.of(), SstpTimers.specification());
             SstpClient first = SstpClient.connect(lab.clientSettings(TestPki.client(lab.ca, "first")))) {
            lab.connect(first);
            try (SstpClient second = SstpClient.connect(lab.clientSettings(TestPki.client(lab.ca, "second")))) {
                assertThatThrownBy(() -> lab.connect(second)).isInstanceOf(IOException.class).hasMessageContaining("aborted");
            }
            assertThat(lab.server.counters().refused("session_limit")).isEqualTo(1);
            assertThat(lab.server.counters().activeSessions()).isEqualTo(1);
        }
    }
}
