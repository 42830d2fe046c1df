package io.vpngw.gateway.ppp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.p2s.CertificateRefusal;
import io.vpngw.gateway.p2s.TestPki;
import io.vpngw.gateway.sstp.TlsMaterial;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

/** Random and truncated frames into the gateway's PPP link: dropped and counted, never thrown. */
class PppHostileInputTest {
    private static final int[] PROTOCOLS = {PppFrame.LCP, PppFrame.EAP, PppFrame.IPCP, PppFrame.IPV4, 0x8057, 0x80FD};

    @Test
    void randomFramesNeverThrowAndAreCounted() {
        TestPki.Issued ca = TestPki.ca("ca");
        TestPki.Issued server = TestPki.server(ca, "gw", "192.0.2.1");
        SSLEngine engine = TlsMaterial.context(TlsMaterial.keyManagers(server.key(), server.chain()), null).createSSLEngine();
        engine.setUseClientMode(false);
        List<String> drops = new ArrayList<>();
        List<byte[]> sent = new ArrayList<>();
        PppLink link = PppLink.authenticator(engine, sent::add, new ManualTimers(), new Random(3), () -> 0xAC10C902,
                0xAC10C901, 0, 0, new PppLink.Events() {
                    @Override
                    public void authenticated(byte[] msk, X509Certificate client, String identity) {
                    }

                    @Override
                    public void authenticationFailed(CertificateRefusal refusal, String detail) {
                    }

                    @Override
                    public void networkUp(int localAddress, int peerAddress, int primaryDns, int secondaryDns) {
                    }

                    @Override
                    public void ipv4(byte[] packet) {
                    }

                    @Override
                    public void linkDown(String reason) {
                    }

                    @Override
                    public void dropped(String reason) {
                        drops.add(reason);
                    }
                });
        link.open();
        Random random = new Random(11);
        for (int i = 0; i < 50_000; i++) {
            byte[] body = new byte[random.nextInt(64)];
            random.nextBytes(body);
            byte[] frame;
            switch (i % 3) {
                case 0 -> frame = body; // anything at all
                case 1 -> frame = PppFrame.encode(PROTOCOLS[random.nextInt(PROTOCOLS.length)], body, 0, body.length);
                default -> { // a control packet whose length field lies
                    if (body.length >= 4) {
                        body[0] = (byte) (1 + random.nextInt(11));
                        body[2] = 0;
                        body[3] = (byte) random.nextInt(256);
                    }
                    frame = PppFrame.encode(random.nextBoolean() ? PppFrame.LCP : PppFrame.EAP, body, 0, body.length);
                }
            }
            link.receive(frame);
        }
        assertThat(drops).isNotEmpty();
        assertThat(drops).contains("ppp_malformed", "ppp_unexpected");
        assertThat(sent).isNotEmpty(); // it went on answering (Configure-Naks, Code-Rejects, Protocol-Rejects)
    }
}
