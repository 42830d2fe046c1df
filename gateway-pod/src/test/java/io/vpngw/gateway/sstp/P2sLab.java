package io.vpngw.gateway.sstp;

import io.vpngw.gateway.p2s.ClientCertificatePolicy;
import io.vpngw.gateway.p2s.Ipv4AddressPool;
import io.vpngw.gateway.p2s.TestPki;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/** An SSTP server on loopback with a test PKI, its egress captured in a queue instead of a TUN. */
final class P2sLab implements AutoCloseable {
    static final String POOL = "172.16.201.0/24";
    static final int GATEWAY = Ipv4AddressPool.parse("172.16.201.1");
    static final int DNS1 = Ipv4AddressPool.parse("10.1.0.53");
    static final int DNS2 = Ipv4AddressPool.parse("10.1.0.54");

    final TestPki.Issued ca;
    final TestPki.Issued serverCert;
    final LinkedBlockingQueue<byte[]> egress = new LinkedBlockingQueue<>();
    final SstpServer server;

    P2sLab(int sessionLimit, List<String> revoked, SstpTimers timers) throws IOException {
        this(TestPki.ca("P2S Root CA"), sessionLimit, revoked, timers);
    }

    P2sLab(TestPki.Issued ca, int sessionLimit, List<String> revoked, SstpTimers timers) throws IOException {
        this.ca = ca;
        this.serverCert = TestPki.server(ca, "localhost", "127.0.0.1");
        ClientCertificatePolicy policy = new ClientCertificatePolicy(List.of(ca.certificate()), revoked, Clock.systemUTC());
        server = SstpServer.start(new SstpServer.Settings("127.0.0.1", 0, serverCert.key(), serverCert.chain(), policy,
                List.of(POOL), GATEWAY, List.of(DNS1, DNS2), sessionLimit, "VpnGw1", timers),
                (packet, offset, length) -> egress.add(java.util.Arrays.copyOfRange(packet, offset, offset + length)));
    }

    P2sLab() throws IOException {
        this(128, List.of(), SstpTimers.specification());
    }

    SstpClient.Settings clientSettings(TestPki.Issued client) {
        return new SstpClient.Settings("localhost", server.port(), List.of(ca.certificate()), client.key(), client.chain(),
                client.certificate().getSubjectX500Principal().getName());
    }

    SstpClient.Connected connect(SstpClient client) throws Exception {
        return client.awaitConnected(Duration.ofSeconds(20));
    }

    /** A UDP datagram in IPv4 (checksums are not this path's business). */
    static byte[] udp(int source, int destination, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(28 + payload.length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (28 + payload.length)).putShort((short) 1).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0).putInt(source).putInt(destination);
        b.putShort((short) 40000).putShort((short) 9).putShort((short) (8 + payload.length)).putShort((short) 0).put(payload);
        return b.array();
    }

    @Override
    public void close() {
        server.close();
    }
}
