package io.vpngw.gateway.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The two ends of a checked TCP transfer, run as their own JVMs inside network namespaces
 * ({@code ip netns exec NS java -cp <test-classes> ...TcpStreamEndpoint ...}): sockets belong to
 * the namespace of the process that opens them, so the ends cannot be threads of the test JVM.
 *
 * <pre>
 * receive BIND_ADDRESS PORT            prints "LISTENING", then "RECEIVED &lt;bytes&gt; &lt;sha256&gt;"
 * send SOURCE DESTINATION PORT BYTES SEED  prints "SENT &lt;bytes&gt; &lt;sha256&gt;"
 * </pre>
 */
public final class TcpStreamEndpoint {

    static final String LISTENING = "LISTENING";
    private static final int TIMEOUT_MILLIS = 60_000;
    private static final int CHUNK = 64 * 1024;

    private TcpStreamEndpoint() {
    }

    public static void main(String[] args) throws IOException {
        switch (args.length > 0 ? args[0] : "") {
            case "receive" -> receive(InetAddress.getByName(args[1]), Integer.parseInt(args[2]));
            case "send" -> send(InetAddress.getByName(args[1]), InetAddress.getByName(args[2]),
                    Integer.parseInt(args[3]), Long.parseLong(args[4]), Long.parseLong(args[5]));
            default -> {
                System.err.println("usage: receive BIND PORT | send SOURCE DESTINATION PORT BYTES SEED");
                System.exit(2);
            }
        }
    }

    private static void receive(InetAddress bind, int port) throws IOException {
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.setSoTimeout(TIMEOUT_MILLIS);
            server.bind(new InetSocketAddress(bind, port), 1);
            System.out.println(LISTENING);
            System.out.flush();
            try (Socket connection = server.accept(); InputStream in = connection.getInputStream()) {
                connection.setSoTimeout(TIMEOUT_MILLIS);
                MessageDigest digest = DeterministicStream.newSha256();
                byte[] buffer = new byte[CHUNK];
                long total = 0;
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    digest.update(buffer, 0, n);
                    total += n;
                }
                System.out.println("RECEIVED " + total + " " + HexFormat.of().formatHex(digest.digest()));
            }
        }
    }

    private static void send(InetAddress source, InetAddress destination, int port, long bytes, long seed) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress(destination, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            DeterministicStream stream = new DeterministicStream(seed);
            MessageDigest digest = DeterministicStream.newSha256();
            byte[] buffer = new byte[CHUNK];
            OutputStream out = socket.getOutputStream();
            for (long remaining = bytes; remaining > 0; ) {
                int n = (int) Math.min(buffer.length, remaining);
                stream.fill(buffer, n);
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
                remaining -= n;
            }
            out.flush();
            socket.shutdownOutput();
            // Wait for the receiver's close so that "SENT" means the receiver has read everything.
            socket.getInputStream().read();
            System.out.println("SENT " + bytes + " " + HexFormat.of().formatHex(digest.digest()));
        }
    }
}
