package io.vpngw.gateway.net;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * Statistics counters for the packet path, each updated by one thread and read by any.
 *
 * <p>A counter is only ever written by the thread that owns its side (the reader or the writer of
 * a device), so an increment needs no atomic read-modify-write: an opaque load and store is enough
 * for other threads to see whole, eventually current values. Each counter sits on its own pair of
 * cache lines so that a reader and a writer thread updating different counters do not slow each
 * other down.
 */
public final class SingleWriterCounters {

    private static final VarHandle ELEMENT = MethodHandles.arrayElementVarHandle(long[].class);
    /** 16 longs = 128 bytes: adjacent-line prefetch pulls pairs of 64-byte lines together. */
    private static final int SPACING = 16;

    private final long[] values;
    private final int count;

    public SingleWriterCounters(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("need at least one counter, got " + count);
        }
        this.count = count;
        this.values = new long[(count + 1) * SPACING];
    }

    /** Adds {@code delta} to counter {@code index}; only the counter's owning thread may call this. */
    public void add(int index, long delta) {
        int slot = slot(index);
        ELEMENT.setOpaque(values, slot, (long) ELEMENT.getOpaque(values, slot) + delta);
    }

    /** The current value of counter {@code index}, from any thread. */
    public long get(int index) {
        return (long) ELEMENT.getOpaque(values, slot(index));
    }

    private int slot(int index) {
        return (Objects.checkIndex(index, count) + 1) * SPACING;
    }
}
