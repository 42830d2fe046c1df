package io.vpngw.gateway.sstp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vpngw.gateway.p2s.TestPki;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hostile bytes at the server over real TLS: dropped and counted; the server goes on serving. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SstpHostileInputTest {

    private SSLSocket open(P2sLab lab) throws Exception {
        SSLContext tls = TlsMaterial.context(null, TlsMaterial.trustManagers(List.of(lab.ca.certificate())));
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", lab.server.port());
        socket.startHandshake();
        return socket;
    }

    @Test
    void randomPacketsAreDroppedAndAGoodClientStillConnects() throws Exception {
        try (P2sLab lab = new P2sLab(); SSLSocket socket = open(lab)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            SstpHttp.writeRequest(out, "localhost", UUID.randomUUID());
            assertThat(SstpHttp.readHead(in).status()).isEqualTo(200);
            out.write(SstpCodec.encode(new SstpPacket.Control(SstpMessageType.CALL_CONNECT_REQUEST,
                    new SstpAttribute.EncapsulatedProtocol(SstpAttribute.EncapsulatedProtocol.PPP))));
            Random random = new Random(5);
            for (int i = 0; i < 3000; i++) {
                byte[] body = new byte[4 + random.nextInt(120)];
                random.nextBytes(body);
                byte[] packet = new byte[4 + body.length];
                packet[0] = 0x10;
                packet[1] = (byte) (random.nextBoolean() ? 1 : 0);
                packet[2] = (byte) (packet.length >>> 8);
                packet[3] = (byte) packet.length;
                System.arraycopy(body, 0, packet, 4, body.length);
                if (packet[1] == 1 && random.nextBoolean()) { // a control packet that claims an attribute it lacks or overruns
                    packet[4] = 0;
                    packet[5] = (byte) (1 + random.nextInt(9));
                }
                out.write(packet);
            }
            out.flush();
            await().atMost(Duration.ofSeconds(20)).until(() -> lab.server.counters().dropped("sstp_malformed") > 100);
            assertThat(lab.server.counters().drops()).containsKey("ppp_malformed");

            try (SstpClient good = SstpClient.connect(lab.clientSettings(TestPki.client(lab.ca, "good")))) {
                assertThat(lab.connect(good).address()).isNotZero();
            }
        }
    }

    @Test
    void aBrokenHeaderAbortsThatSessionOnly() throws Exception {
        try (P2sLab lab = new P2sLab(); SSLSocket socket = open(lab)) {
            OutputStream out = socket.getOutputStream();
            SstpHttp.writeRequest(out, "localhost", UUID.randomUUID());
            assertThat(SstpHttp.readHead(socket.getInputStream()).status()).isEqualTo(200);
            out.write(new byte[] {0x20, 0x01, 0x00, 0x08, 0, 1, 0, 0}); // SSTP version 2.0: the framing is lost
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> lab.server.counters().dropped("sstp_bad_header") == 1);
            byte[] answer = socket.getInputStream().readNBytes(4);
            assertThat(answer).hasSize(4);
            assertThat(SstpCodec.packetLength(answer, 0)).isPositive(); // the Call Abort, before the close
        }
    }

    @Test
    void somethingOtherThanSstpGetsA404() throws Exception {
        try (P2sLab lab = new P2sLab(); SSLSocket socket = open(lab)) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            assertThat(SstpHttp.readHead(socket.getInputStream()).status()).isEqualTo(404);
            await().atMost(Duration.ofSeconds(10)).until(() -> lab.server.sessions().isEmpty());
        }
    }
}
