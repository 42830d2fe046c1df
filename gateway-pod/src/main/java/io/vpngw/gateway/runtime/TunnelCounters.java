package io.vpngw.gateway.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Inner packets and bytes per tunnel for one direction, written by that direction's one packet
 * thread and read by status from any thread.
 *
 * <p>Single writer, so an increment is a plain read of its own last write and an opaque store:
 * no atomic read-modify-write, no allocation, no contention on the packet path. Readers load with
 * opaque semantics: a value they see is one the writer stored (never torn), and it only grows.
 * A direction with more than one writer thread needs one instance per thread, summed when read.
 */
final class TunnelCounters {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int PACKETS = 0;
    private static final int BYTES = 1;
    private static final int FIELDS = 2;

    private final long[] slots;

    TunnelCounters(int capacity) {
        this.slots = new long[capacity * FIELDS];
    }

    int capacity() {
        return slots.length / FIELDS;
    }

    /** One packet of {@code innerBytes} through {@code tunnel}; call only from the owning thread. */
    void count(int tunnel, int innerBytes) {
        int base = tunnel * FIELDS;
        SLOT.setOpaque(slots, base + PACKETS, slots[base + PACKETS] + 1);
        SLOT.setOpaque(slots, base + BYTES, slots[base + BYTES] + innerBytes);
    }

    long packets(int tunnel) {
        return (long) SLOT.getOpaque(slots, tunnel * FIELDS + PACKETS);
    }

    long bytes(int tunnel) {
        return (long) SLOT.getOpaque(slots, tunnel * FIELDS + BYTES);
    }
}
