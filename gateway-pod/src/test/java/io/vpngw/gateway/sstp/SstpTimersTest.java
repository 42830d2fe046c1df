package io.vpngw.gateway.sstp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vpngw.gateway.p2s.TestPki;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server's timers with short periods: echo keepalive, echo timeout, negotiation timeout. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SstpTimersTest {
    private static final Duration HELLO = Duration.ofMillis(300);

    private static SSLSocket rawCall(P2sLab lab) throws Exception {
        SSLSocket socket = (SSLSocket) TlsMaterial.context(null, TlsMaterial.trustManagers(List.of(lab.ca.certificate())))
                .getSocketFactory().createSocket("127.0.0.1", lab.server.port());
        OutputStream out = socket.getOutputStream();
        SstpHttp.writeRequest(out, "localhost", UUID.randomUUID());
        assertThat(SstpHttp.readHead(socket.getInputStream()).status()).isEqualTo(200);
        out.write(SstpCodec.encode(new SstpPacket.Control(SstpMessageType.CALL_CONNECT_REQUEST,
                new SstpAttribute.EncapsulatedProtocol(SstpAttribute.EncapsulatedProtocol.PPP))));
        out.flush();
        return socket;
    }

    /** Control messages the server sends until it closes (data packets skipped). */
    private static List<SstpMessageType> controlsUntilClosed(InputStream in) throws Exception {
        DataInputStream data = new DataInputStream(in);
        List<SstpMessageType> seen = new ArrayList<>();
        byte[] header = new byte[4];
        while (true) {
            try {
                data.readFully(header);
            } catch (java.io.IOException closed) {
                return seen;
            }
            int length = SstpCodec.packetLength(header, 0);
            byte[] packet = new byte[length];
            System.arraycopy(header, 0, packet, 0, 4);
            data.readFully(packet, 4, length - 4);
            if (SstpCodec.decode(packet, 0, length) instanceof SstpPacket.Control c) {
                seen.add(c.type());
            }
        }
    }

    @Test
    void aClientThatAnswersEchoesStaysConnectedAcrossManyHelloPeriods() throws Exception {
        try (P2sLab lab = new P2sLab(128, List.of(), SstpTimers.specification().withHello(HELLO));
             SstpClient client = SstpClient.connect(lab.clientSettings(TestPki.client(lab.ca, "idle")))) {
            lab.connect(client);
            await().during(Duration.ofMillis(2000)).atMost(Duration.ofSeconds(5))
                    .until(() -> lab.server.counters().activeSessions() == 1 && !client.ended().isDone());
            assertThat(lab.server.counters().refused("echo_timeout")).isZero();
        }
    }

    @Test
    void aSilentClientIsAskedThenAborted() throws Exception {
        try (P2sLab lab = new P2sLab(128, List.of(), SstpTimers.specification().withHello(HELLO));
             SSLSocket socket = rawCall(lab)) {
            List<SstpMessageType> seen = controlsUntilClosed(socket.getInputStream());
            assertThat(seen).containsSubsequence(SstpMessageType.CALL_CONNECT_ACK, SstpMessageType.ECHO_REQUEST,
                    SstpMessageType.CALL_ABORT);
            await().atMost(Duration.ofSeconds(5)).until(() -> lab.server.counters().refused("echo_timeout") == 1);
        }
    }

    @Test
    void noCallConnectedWithinTheNegotiationTimeAborts() throws Exception {
        SstpTimers timers = SstpTimers.specification().withNegotiation(Duration.ofMillis(500));
        try (P2sLab lab = new P2sLab(128, List.of(), timers); SSLSocket socket = rawCall(lab)) {
            // the raw client answers Echo Requests (hello is 60 s here anyway) but never authenticates
            List<SstpMessageType> seen = controlsUntilClosed(socket.getInputStream());
            assertThat(seen).containsSubsequence(SstpMessageType.CALL_CONNECT_ACK, SstpMessageType.CALL_ABORT);
            await().atMost(Duration.ofSeconds(5)).until(() -> lab.server.counters().refused("negotiation_timeout") == 1);
        }
    }
}
