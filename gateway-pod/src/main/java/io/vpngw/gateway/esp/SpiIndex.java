package io.vpngw.gateway.esp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Inbound SAs by SPI: an open-addressing table with linear probing that packet threads read
 * without locks or boxing, while one writer at a time (the {@link SaDatabase} lock holder)
 * changes it.
 *
 * <p>Why it is safe to read while it changes: each slot holds the SA itself (whose SPI is final)
 * or a tombstone, and is written with release semantics and read with acquire, so a reader sees
 * a whole SA or none. A removal leaves a tombstone, so no probe chain is ever cut short; an
 * insertion fills a tombstone or an empty slot, which can only make a reader find more. When the
 * table must grow or shed tombstones, the writer builds a new array and publishes it; readers still
 * on the old one see the table as it was, and the old array is never written again.
 */
final class SpiIndex<T> {

    private static final Object TOMBSTONE = new Object();
    private static final int MIN_CAPACITY = 16;

    private volatile AtomicReferenceArray<Object> slots = new AtomicReferenceArray<>(MIN_CAPACITY);
    // Writer-side bookkeeping, guarded by the caller's lock.
    private int size;
    private int tombstones;

    /** The SA with this SPI, or null. Lock-free and allocation-free. */
    @SuppressWarnings("unchecked")
    InboundSa<T> get(int spi) {
        AtomicReferenceArray<Object> table = slots;
        int mask = table.length() - 1;
        for (int i = home(spi, mask); ; i = (i + 1) & mask) {
            Object entry = table.getAcquire(i);
            if (entry == null) {
                return null;
            }
            if (entry instanceof InboundSa<?> sa && sa.spi() == spi) {
                return (InboundSa<T>) sa;
            }
        }
    }

    /** Adds an SA whose SPI is not in the table. Writer only. */
    void put(InboundSa<T> sa) {
        if ((size + tombstones + 1) * 2 > slots.length()) {
            rebuild(capacityFor(size + 1));
        }
        AtomicReferenceArray<Object> table = slots;
        int mask = table.length() - 1;
        int firstTombstone = -1;
        for (int i = home(sa.spi(), mask); ; i = (i + 1) & mask) {
            Object entry = table.getPlain(i);
            if (entry == null) {
                if (firstTombstone >= 0) {
                    table.setRelease(firstTombstone, sa);
                    tombstones--;
                } else {
                    table.setRelease(i, sa);
                }
                size++;
                return;
            }
            if (entry == TOMBSTONE) {
                if (firstTombstone < 0) {
                    firstTombstone = i;
                }
            } else if (((InboundSa<?>) entry).spi() == sa.spi()) {
                throw new IllegalStateException("SPI " + Integer.toHexString(sa.spi()) + " is already in the table");
            }
        }
    }

    /** Removes and returns the SA with this SPI, or null. Writer only. */
    @SuppressWarnings("unchecked")
    InboundSa<T> remove(int spi) {
        AtomicReferenceArray<Object> table = slots;
        int mask = table.length() - 1;
        for (int i = home(spi, mask); ; i = (i + 1) & mask) {
            Object entry = table.getPlain(i);
            if (entry == null) {
                return null;
            }
            if (entry != TOMBSTONE && ((InboundSa<?>) entry).spi() == spi) {
                table.setRelease(i, TOMBSTONE);
                size--;
                tombstones++;
                if (table.length() > MIN_CAPACITY && size * 8 < table.length()) {
                    rebuild(capacityFor(size));
                }
                return (InboundSa<T>) entry;
            }
        }
    }

    /** The SAs in the table at some moment; safe from any thread. */
    @SuppressWarnings("unchecked")
    List<InboundSa<T>> snapshot() {
        AtomicReferenceArray<Object> table = slots;
        List<InboundSa<T>> all = new ArrayList<>();
        for (int i = 0; i < table.length(); i++) {
            if (table.getAcquire(i) instanceof InboundSa<?> sa) {
                all.add((InboundSa<T>) sa);
            }
        }
        return all;
    }

    /** Writer only. */
    int size() {
        return size;
    }

    /** Slots in the current array, for tests of the sizing policy. */
    int capacity() {
        return slots.length();
    }

    private void rebuild(int capacity) {
        AtomicReferenceArray<Object> old = slots;
        AtomicReferenceArray<Object> fresh = new AtomicReferenceArray<>(capacity);
        int mask = capacity - 1;
        for (int i = 0; i < old.length(); i++) {
            if (old.getPlain(i) instanceof InboundSa<?> sa) {
                int j = home(sa.spi(), mask);
                while (fresh.getPlain(j) != null) {
                    j = (j + 1) & mask;
                }
                fresh.setPlain(j, sa);
            }
        }
        tombstones = 0;
        slots = fresh; // the volatile write publishes every plain write above
    }

    /** Room for {@code entries} at a load of at most a quarter, so that a rebuild is followed by many cheap puts. */
    private static int capacityFor(int entries) {
        int wanted = Math.max(MIN_CAPACITY, entries * 4);
        return Integer.highestOneBit(wanted - 1) << 1;
    }

    private static int home(int spi, int mask) {
        // SPIs we allocate are random, but mixing keeps the table sound for any SPIs the wiring installs.
        int h = spi * 0x9E37_79B9;
        return (h ^ h >>> 16) & mask;
    }
}
