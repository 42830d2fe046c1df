package io.vpngw.operator.local;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

/**
 * A TCP transfer with its bytes checked, run as a process inside a network namespace:
 * {@code serve ADDRESS PORT} accepts one connection and prints the SHA-256 of what it received;
 * {@code send SOURCE DESTINATION PORT BYTES SEED} sends that many seeded pseudo-random bytes and
 * prints their SHA-256.
 */
public final class TcpCheck {
    private TcpCheck() {}

    public static void main(String[] args) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        if (args[0].equals("serve")) {
            try (ServerSocket server = new ServerSocket()) {
                server.bind(new InetSocketAddress(InetAddress.getByName(args[1]), Integer.parseInt(args[2])));
                System.out.println("listening");
                System.out.flush();
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    long total = 0;
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        sha.update(buffer, 0, n);
                        total += n;
                    }
                    System.out.println("received " + total + " " + HexFormat.of().formatHex(sha.digest()));
                }
            }
        } else {
            long bytes = Long.parseLong(args[4]);
            Random random = new Random(Long.parseLong(args[5]));
            try (Socket s = new Socket()) {
                s.bind(new InetSocketAddress(InetAddress.getByName(args[1]), 0));
                s.connect(new InetSocketAddress(InetAddress.getByName(args[2]), Integer.parseInt(args[3])), 10_000);
                OutputStream out = s.getOutputStream();
                for (long sent = 0; sent < bytes; ) {
                    int n = (int) Math.min(buffer.length, bytes - sent);
                    random.nextBytes(buffer);
                    out.write(buffer, 0, n);
                    sha.update(buffer, 0, n);
                    sent += n;
                }
                s.shutdownOutput();
            }
            System.out.println("sent " + bytes + " " + HexFormat.of().formatHex(sha.digest()));
        }
    }
}
