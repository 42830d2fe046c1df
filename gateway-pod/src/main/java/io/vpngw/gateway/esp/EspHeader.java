package io.vpngw.gateway.esp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The two fields of the ESP header (RFC 4303 §2) that the data plane reads before any crypto:
 * the SPI, to find the SA, and the low 32 bits of the sequence number, for the replay check.
 */
public final class EspHeader {

    /** SPI and Sequence Number. */
    public static final int LENGTH = 8;

    private static final VarHandle BIG_ENDIAN_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private EspHeader() {
    }

    /** The SPI of the ESP packet at {@code offset}; the caller has checked that {@link #LENGTH} octets are there. */
    public static int spi(byte[] packet, int offset) {
        return (int) BIG_ENDIAN_INT.get(packet, offset);
    }

    /** The Sequence Number field: the low 32 bits of the sequence number. */
    public static int sequenceNumber(byte[] packet, int offset) {
        return (int) BIG_ENDIAN_INT.get(packet, offset + 4);
    }
}
