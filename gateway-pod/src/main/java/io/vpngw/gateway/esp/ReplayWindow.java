package io.vpngw.gateway.esp;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
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
 * One thread at a time calls {@link #accept}, in the order packets are to be accepted: with
 * parallel decryption, the ordered stage after the workers. {@link #sequenceFor} and
 * {@link #check} may run on one other thread at the same time (the dispatcher before the
 * workers). They then see the window as it was a moment ago, which only ever lets through a
 * packet that {@code accept} will refuse, or calls a packet a duplicate when it is by then too
 * old anyway: a packet {@code accept} would take is never dropped early. That holds because
 * {@code accept} publishes a new top only after clearing the blocks the window moved into
 * (release), and readers read the top before the blocks (acquire). The drop counters may be read
 * from any thread.
 */
public final class ReplayWindow {

    /** Smallest window accepted: 64, the default RFC 4303 §3.4.3 recommends. */
    public static final int MIN_SIZE = 64;
    /** A window that tolerates the reordering parallel senders and multi-queue paths cause. */
    public static final int DEFAULT_SIZE = 4096;
    /** Largest window accepted: a ring of 256 KiB per SA, and far below the 2^31 the ESN inference assumes. */
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
    private final AtomicLongArray ring;
    private final int blockMask;
    /** T of RFC 4303 Appendix A: the highest sequence number accepted so far, 0 before the first. */
    private final AtomicLong highest = new AtomicLong();

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
        this.ring = new AtomicLongArray(blocks);
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
        long top = highest.getAcquire();
        int tl = (int) top;
        long th = top >>> 32;
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
        if (Long.compareUnsigned(sequence, highest.getPlain()) > 0) {
            advanceTo(sequence);
        }
        int block = blockOf(sequence);
        ring.setOpaque(block, ring.getPlain(block) | 1L << sequence); // the shift takes the low 6 bits: the bit in the block
        return ReplayVerdict.FRESH;
    }

    private ReplayVerdict classify(long sequence) {
        if (sequence == 0) {
            return ReplayVerdict.TOO_OLD;
        }
        long top = highest.getAcquire();
        if (Long.compareUnsigned(sequence, top) > 0) {
            return ReplayVerdict.FRESH;
        }
        if (Long.compareUnsigned(top - sequence, size) >= 0) {
            return ReplayVerdict.TOO_OLD;
        }
        return (ring.getOpaque(blockOf(sequence)) & 1L << sequence) != 0 ? ReplayVerdict.DUPLICATE : ReplayVerdict.FRESH;
    }

    private void advanceTo(long sequence) {
        long oldBlock = highest.getPlain() >>> BLOCK_SHIFT;
        long newBlock = sequence >>> BLOCK_SHIFT;
        long blocksEntered = Math.min(newBlock - oldBlock, ring.length()); // both below 2^58: no overflow
        for (long block = oldBlock + 1; block <= oldBlock + blocksEntered; block++) {
            ring.setOpaque((int) block & blockMask, 0L);
        }
        highest.setRelease(sequence); // after the clearing: a reader that sees the new top sees clean blocks
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
        return highest.getAcquire();
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
                + Long.toUnsignedString(highest.getAcquire()) + "]";
    }
}
