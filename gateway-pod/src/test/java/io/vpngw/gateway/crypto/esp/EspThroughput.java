package io.vpngw.gateway.crypto.esp;

import io.vpngw.gateway.crypto.EncryptionTransform;
import io.vpngw.gateway.crypto.IntegrityAlgorithm;
import io.vpngw.gateway.crypto.ProtectionSuite;
import io.vpngw.gateway.crypto.Suites;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * Single-thread seal and open throughput per suite, with the heap allocated per packet. Not a
 * test; run by hand after {@code test-compile}:
 * <pre>
 *   java -cp gateway-pod/target/classes:gateway-pod/target/test-classes \
 *        io.vpngw.gateway.crypto.esp.EspThroughput [payload bytes...]
 * </pre>
 */
public final class EspThroughput {

    private static final int SPI = 0x0a0b0c0d;
    private static final long WARMUP_PACKETS = 200_000;
    private static final long MEASURED_PACKETS = 400_000;

    private EspThroughput() {
    }

    public static void main(String[] arguments) throws Exception {
        int[] payloadLengths = arguments.length == 0
                ? new int[] {64, 1400}
                : Arrays.stream(arguments).mapToInt(Integer::parseInt).toArray();
        List<ProtectionSuite> suites = List.of(
                new ProtectionSuite.Aead(EncryptionTransform.aesGcm16(128)),
                new ProtectionSuite.Aead(EncryptionTransform.aesGcm16(256)),
                new ProtectionSuite.Aead(EncryptionTransform.chaCha20Poly1305()),
                new ProtectionSuite.EncryptThenMac(EncryptionTransform.aesCbc(128), IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128),
                new ProtectionSuite.EncryptThenMac(EncryptionTransform.nullEncryption(), IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128));
        System.out.printf("%-42s %8s %10s %9s %10s %9s %12s%n",
                "suite", "payload", "seal ns", "Gbit/s", "open ns", "Gbit/s", "alloc B/op");
        for (ProtectionSuite suite : suites) {
            for (int payloadLength : payloadLengths) {
                measure(suite, payloadLength);
            }
        }
    }

    private static void measure(ProtectionSuite suite, int payloadLength) throws Exception {
        SecureRandom random = new SecureRandom();
        EspCipher sender = EspCipher.create(suite, Suites.keys(suite, 1), SPI, false, random);
        EspCipher receiver = EspCipher.create(suite, Suites.keys(suite, 1), SPI, false, random);
        byte[] buffer = new byte[sender.sealedLength(payloadLength)];
        byte[] pristine = buffer.clone();
        OpenedPacket opened = new OpenedPacket();
        long sequence = 1;

        for (long i = 0; i < WARMUP_PACKETS; i++) {
            int length = sender.seal(buffer, 0, payloadLength, 4, sequence++);
            receiver.open(buffer, 0, length, 0, opened);
        }

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long sealNanos = 0;
        long openNanos = 0;
        for (long i = 0; i < MEASURED_PACKETS; i++) {
            System.arraycopy(pristine, 0, buffer, 0, sender.headerLength() + payloadLength);
            long start = System.nanoTime();
            int length = sender.seal(buffer, 0, payloadLength, 4, sequence++);
            long sealed = System.nanoTime();
            EspVerdict verdict = receiver.open(buffer, 0, length, 0, opened);
            openNanos += System.nanoTime() - sealed;
            sealNanos += sealed - start;
            if (verdict != EspVerdict.OPENED) {
                throw new IllegalStateException("round trip failed: " + verdict);
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;

        double sealPerPacket = (double) sealNanos / MEASURED_PACKETS;
        double openPerPacket = (double) openNanos / MEASURED_PACKETS;
        System.out.printf("%-42s %8d %10.0f %9.2f %10.0f %9.2f %12.0f%n", label(suite), payloadLength,
                sealPerPacket, payloadLength * 8 / sealPerPacket, openPerPacket, payloadLength * 8 / openPerPacket,
                (double) allocated / MEASURED_PACKETS / 2);
    }

    private static String label(ProtectionSuite suite) {
        EncryptionTransform encryption = suite.encryption();
        String cipher = encryption.algorithm() + (encryption.keyBits() > 0 ? "-" + encryption.keyBits() : "");
        return switch (suite) {
            case ProtectionSuite.Aead aead -> cipher;
            case ProtectionSuite.EncryptThenMac etm -> cipher + " + " + etm.integrity();
        };
    }
}
