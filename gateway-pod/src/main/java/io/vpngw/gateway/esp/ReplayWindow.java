package io.vpngw.gateway.esp;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * The anti-replay window of one inbound SA (RFC 4303 §3.4.3, Appendix A for extended sequence
 * numbers), kept as the ring of 64-bit blocks of RFC 6479 so that moving the window never shifts
 * bits: a sequence number always lives at the same bit of the ring, and advancing only clears the
 * blocks the window moves into.
 *
 * <h2>Two phases</h2>
 * <ol>
 *   <li>Before the ICV check: {@link #sequenceFor} turns the 32 bits on the wire into the full
 *       sequence number (with ESN the high half is inferred and goes into the ICV), and
 *       {@link #check} drops what is certainly a replay. Neither changes the window, so a forged
 *       packet cannot move it.</li>
 *   <li>After the ICV passed: {@link #accept} checks again (another copy of the packet may have
 *       been accepted meanwhile) and marks the number, advancing the window if it is ahead.</li>
 * </ol>
 *
 * <h2>Window</h2>
 * A window of size W accepts, besides anything ahead, the W numbers ending at the highest one
 * accepted so far: {@code [highest - W + 1, highest]}. The ring holds at least W + 63 bits so that
 * those W are always in it whatever their alignment to the blocks.
 *
 * <h2>Threads</h2>
 * Not thread-safe, by design: the window of an SA belongs to one thread at a time, which calls
 * {@code check} and {@code accept} in the order packets are to be accepted. With parallel
 * decryption, a single ordered stage per SA runs {@code accept}; handing the window between
 * threads needs a happens-before edge (a queue does). The drop counters alone may be read from
 * any thread.
 */
public final class ReplayWindow {

    /** Smallest window accepted; RFC 4303 prefers 64 as the least default. */
    public static final int MIN_SIZE = 64;
    /** A window that tolerates the reordering parallel senders and multi-queue paths cause. */
    public static final int DEFAULT_SIZE = 4096;
    /** Largest window accepted: 128 KiB of bits per SA, far below the 2^31 ESN inference assumes. */
    public static final int MAX_SIZE = 1 << 20;
    /**
     * What {@link #sequenceFor} returns when no sequence number of this SA can end in those 32
     * bits: with ESN, one from before the SA began or past 2^64 - 1. Zero is never sent (the first
     * packet carries 1), so {@link #check} calls it {@link ReplayVerdict#TOO_OLD}.
     */
    public static final long IMPOSSIBLE_SEQUENCE = 0;

    private static final int BLOCK_SHIFT = 6;
    private static final int BITS_PER_BLOCK = 1 << BLOCK_SHIFT;

    private final int size;
    private final boolean extendedSequenceNumbers;
    private final long[] ring;
    private final int blockMask;
    /** T of RFC 4303 Appendix A: the highest sequence number accepted so far, 0 before the first. */
    private long highest;

    private final LongAdder duplicates = new LongAdder();
    private final LongAdder tooOld = new LongAdder();

    /**
     * @param size                    W, the number of sequence numbers the window spans
     * @param extendedSequenceNumbers whether the SA negotiated ESN (64-bit sequence numbers)
     */
    public ReplayWindow(int size, boolean extendedSequenceNumbers) {
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new IllegalArgumentException("replay window " + size + " is outside " + MIN_SIZE + ".." + MAX_SIZE);
        }
        this.size = size;
        this.extendedSequenceNumbers = extendedSequenceNumbers;
        // W bits can touch ceil(W / 64) + 1 blocks; the ring's length must be a power of two to index by mask.
        int blocksTouched = (size + BITS_PER_BLOCK - 1) / BITS_PER_BLOCK + 1;
        int blocks = Integer.highestOneBit(blocksTouched - 1) << 1;
        this.ring = new long[blocks];
        this.blockMask = blocks - 1;
    }

    /** A window of {@link #DEFAULT_SIZE}. */
    public static ReplayWindow withDefaultSize(boolean extendedSequenceNumbers) {
        return new ReplayWindow(DEFAULT_SIZE, extendedSequenceNumbers);
    }

    /**
     * The full sequence number of a packet that carries {@code wireSequence} in its Sequence
     * Number field. Without ESN that is the field itself. With ESN the high 32 bits are inferred as
     * RFC 4303 Appendix A2.2 prescribes: from the subspace of the window, or the next one for a
     * number that lies below the window's bottom (it must then be ahead, since the window covers
     * the recent past). The guess is verified by the ICV, which covers the high half.
     *
     * @return the sequence number, or {@link #IMPOSSIBLE_SEQUENCE}
     */
    public long sequenceFor(int wireSequence) {
        long low = Integer.toUnsignedLong(wireSequence);
        if (!extendedSequenceNumbers) {
            return low;
        }
        int tl = (int) highest;
        long th = highest >>> 32;
        int bl = tl - size + 1; // Bl, modulo 2^32
        boolean atOrAboveBottom = Integer.compareUnsigned(wireSequence, bl) >= 0;
        long seqh;
        if (Integer.compareUnsigned(tl, size - 1) >= 0) {
            // Case A: the window lies within one subspace.
            if (atOrAboveBottom) {
                seqh = th;
            } else if (th == 0xFFFF_FFFFL) {
                return IMPOSSIBLE_SEQUENCE; // there is no subspace after the last
            } else {
                seqh = th + 1;
            }
        } else {
            // Case B: the window spans the end of the previous subspace and the start of this one.
            if (!atOrAboveBottom) {
                seqh = th;
            } else if (th == 0) {
                return IMPOSSIBLE_SEQUENCE; // "the previous subspace" would be before the SA began
            } else {
                seqh = th - 1;
            }
        }
        return seqh << 32 | low;
    }

    /**
     * Phase one, before the ICV is verified: whether the number may be new. Never changes the
     * window; counts the drop when it says no.
     */
    public ReplayVerdict check(long sequence) {
        ReplayVerdict verdict = classify(sequence);
        count(verdict);
        return verdict;
    }

    /**
     * Phase two, after the ICV passed: checks again and, if the number is still new, marks it and
     * moves the window up to it. Only {@link ReplayVerdict#FRESH} lets the packet through.
     */
    public ReplayVerdict accept(long sequence) {
        ReplayVerdict verdict = classify(sequence);
        if (verdict != ReplayVerdict.FRESH) {
            count(verdict);
            return verdict;
        }
        if (Long.compareUnsigned(sequence, highest) > 0) {
            advanceTo(sequence);
        }
        ring[blockOf(sequence)] |= 1L << sequence; // the shift uses the low 6 bits: the bit within the block
        return ReplayVerdict.FRESH;
    }

    private ReplayVerdict classify(long sequence) {
        if (sequence == 0) {
            return ReplayVerdict.TOO_OLD;
        }
        long top = highest;
        if (Long.compareUnsigned(sequence, top) > 0) {
            return ReplayVerdict.FRESH;
        }
        if (Long.compareUnsigned(top - sequence, size) >= 0) {
            return ReplayVerdict.TOO_OLD;
        }
        return (ring[blockOf(sequence)] & 1L << sequence) != 0 ? ReplayVerdict.DUPLICATE : ReplayVerdict.FRESH;
    }

    private void advanceTo(long sequence) {
        long oldBlock = highest >>> BLOCK_SHIFT;
        long newBlock = sequence >>> BLOCK_SHIFT;
        long blocksEntered = newBlock - oldBlock; // both below 2^58: no overflow
        if (blocksEntered >= ring.length) {
            Arrays.fill(ring, 0L);
        } else {
            for (long block = oldBlock + 1; block <= newBlock; block++) {
                ring[(int) block & blockMask] = 0L;
            }
        }
        highest = sequence;
    }

    private int blockOf(long sequence) {
        return (int) (sequence >>> BLOCK_SHIFT) & blockMask;
    }

    private void count(ReplayVerdict verdict) {
        switch (verdict) {
            case DUPLICATE -> duplicates.increment();
            case TOO_OLD -> tooOld.increment();
            case FRESH -> { }
        }
    }

    /** W. */
    public int size() {
        return size;
    }

    public boolean extendedSequenceNumbers() {
        return extendedSequenceNumbers;
    }

    /** The highest sequence number accepted so far, unsigned; 0 before the first. */
    public long highestAccepted() {
        return highest;
    }

    /** Packets dropped because their number was already accepted, by either phase. */
    public long duplicates() {
        return duplicates.sum();
    }

    /** Packets dropped because their number was left of the window (or impossible), by either phase. */
    public long tooOld() {
        return tooOld.sum();
    }

    @Override
    public String toString() {
        return "ReplayWindow[size=" + size + ", esn=" + extendedSequenceNumbers + ", highest="
                + Long.toUnsignedString(highest) + "]";
    }
}
