package io.vpngw.gateway.interop;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Random;

/**
 * Sends hostile ESP-in-UDP datagrams at a gateway, run inside a namespace as its own JVM:
 * {@code EspJunkSender HOST PORT SPI_HEX COUNT}. Per round: a truncated datagram, one under an
 * SPI nobody owns, one reusing sequence number 1 of the real SPI (a replay), one with a fresh
 * sequence number but a forged body (tampered), and one of 9000 octets (oversized, forged too).
 */
public final class EspJunkSender {
    /** Far ahead of any sequence number a short test reaches, so the replay window lets them in. */
    private static final int FRESH_SEQUENCE_BASE = 0x40000000;
    private static final int UNOWNED_SPI = 0x0BADC0DE;
    private static final int OVERSIZED_LENGTH = 9000;

    private EspJunkSender() {}

    public static void main(String[] args) throws Exception {
        InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int spi = Integer.parseUnsignedInt(args[2], 16);
        int count = Integer.parseInt(args[3]);
        Random random = new Random(count);
        try (DatagramSocket socket = new DatagramSocket()) {
            for (int i = 0; i < count; i++) {
                send(socket, target, new byte[] {1, 2, 3, 4, 5});
                send(socket, target, esp(UNOWNED_SPI, 1 + i, 120, random));
                send(socket, target, esp(spi, 1, 120, random));
                send(socket, target, esp(spi, FRESH_SEQUENCE_BASE + 2 * i, 120, random));
                send(socket, target, esp(spi, FRESH_SEQUENCE_BASE + 2 * i + 1, OVERSIZED_LENGTH, random));
            }
        }
        System.out.println("sent " + count + " rounds");
    }

    private static byte[] esp(int spi, int sequence, int length, Random random) {
        byte[] packet = new byte[length];
        random.nextBytes(packet);
        ByteBuffer.wrap(packet).putInt(spi).putInt(sequence);
        return packet;
    }

    private static void send(DatagramSocket socket, InetSocketAddress target, byte[] payload) throws Exception {
        socket.send(new DatagramPacket(payload, payload.length, target));
    }
}
