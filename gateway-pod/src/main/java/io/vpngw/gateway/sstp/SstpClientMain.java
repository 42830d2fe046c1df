package io.vpngw.gateway.sstp;

import io.vpngw.gateway.net.Ipv4Prefix;
import io.vpngw.gateway.p2s.Ipv4AddressPool;
import io.vpngw.gateway.p2s.Pem;
import io.vpngw.gateway.tun.LinkConfigurator;
import io.vpngw.gateway.tun.TunDevice;
import io.vpngw.gateway.tun.TunSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The SSTP client as a process ({@code vpngw p2s connect} runs it): connects with a client
 * certificate, prints the address it was given, and with {@code --tun NAME} bridges a TUN device
 * (the address on it, {@code --route} prefixes through it) so that ordinary programs reach the
 * gateway's networks. Arguments: {@code --server HOST --port N --ca FILE --cert FILE --key FILE
 * [--tun NAME] [--route PREFIX]... [--no-hostname-check]}.
 */
public final class SstpClientMain {
    private SstpClientMain() {}

    public static void main(String[] args) throws Exception {
        String server = null;
        int port = PointToSiteSettings.SSTP_PORT;
        Path ca = null;
        Path cert = null;
        Path key = null;
        String tunName = null;
        boolean hostnameCheck = true;
        List<Ipv4Prefix> routes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--server" -> server = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--ca" -> ca = Path.of(args[++i]);
                case "--cert" -> cert = Path.of(args[++i]);
                case "--key" -> key = Path.of(args[++i]);
                case "--tun" -> tunName = args[++i];
                case "--route" -> routes.add(Ipv4Prefix.parse(args[++i]));
                case "--no-hostname-check" -> hostnameCheck = false;
                default -> usage("unexpected " + args[i]);
            }
        }
        if (server == null || ca == null || cert == null || key == null) {
            usage("--server, --ca, --cert and --key are required");
        }
        var chain = Pem.certificates(Files.readString(cert));
        SstpClient.Settings settings = new SstpClient.Settings(server, port, Pem.certificates(Files.readString(ca)),
                hostnameCheck, Pem.privateKey(Files.readString(key)), chain,
                chain.getFirst().getSubjectX500Principal().getName(), HashProtocol.SHA256, false);
        try (SstpClient client = SstpClient.connect(settings)) {
            SstpClient.Connected c = client.awaitConnected(Duration.ofSeconds(60));
            say("connected address=" + Ipv4AddressPool.format(c.address()) + " gateway=" + Ipv4AddressPool.format(c.gatewayAddress())
                    + " dns=" + Ipv4AddressPool.format(c.primaryDns()));
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            client.ended().thenRun(stop::countDown);
            if (tunName != null) {
                try (TunDevice tun = TunDevice.open(TunSettings.named(tunName))) {
                    LinkConfigurator.inCurrentNamespace().configure(tun.name(), 1400,
                            List.of(new Ipv4Prefix(c.address(), 32)), routes);
                    Thread up = Thread.ofPlatform().name("tun-to-sstp").daemon(true).start(() -> tunToTunnel(tun, client));
                    Thread down = Thread.ofPlatform().name("sstp-to-tun").daemon(true).start(() -> tunnelToTun(tun, client));
                    say("tunnel up on " + tun.name());
                    stop.await();
                    up.interrupt();
                    down.interrupt();
                }
            } else {
                stop.await();
            }
            say("ended " + client.ended().getNow("closed"));
        }
    }

    private static void tunToTunnel(TunDevice tun, SstpClient client) {
        byte[] buffer = new byte[TunDevice.MAX_PACKET_SIZE];
        while (tun.isOpen() && !client.ended().isDone()) {
            int n = tun.read(buffer, 0, buffer.length);
            if (n < 0) {
                return;
            }
            if (n == 0) {
                tun.poll(200);
                continue;
            }
            if ((buffer[0] >> 4 & 0x0F) == 4) { // IPv6 router solicitations arrive as soon as the TUN is up
                client.send(Arrays.copyOf(buffer, n));
            }
        }
    }

    private static void tunnelToTun(TunDevice tun, SstpClient client) {
        try {
            while (tun.isOpen() && !client.ended().isDone()) {
                byte[] packet = client.receive(Duration.ofMillis(200));
                if (packet != null) {
                    tun.write(packet, 0, packet.length);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void usage(String problem) {
        System.err.println(problem + "\nusage: sstp-client --server HOST [--port N] --ca FILE --cert FILE --key FILE"
                + " [--tun NAME] [--route PREFIX]... [--no-hostname-check]");
        System.exit(2);
    }
}
