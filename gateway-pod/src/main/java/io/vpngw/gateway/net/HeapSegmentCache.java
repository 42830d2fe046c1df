package io.vpngw.gateway.net;

import java.lang.foreign.MemorySegment;

/**
 * The heap segment a critical downcall needs to read or write a Java array from an offset,
 * kept while the caller passes the same array and offset again.
 *
 * <p>{@code MemorySegment.ofArray(array).asSlice(offset)} costs two objects, and the JIT does not
 * remove them around a downcall; per packet that is over 100 bytes of garbage. Packet loops reuse
 * their buffers, so remembering the last slice makes the common case allocation-free. One cache
 * serves one thread.
 */
public final class HeapSegmentCache {

    private byte[] array;
    private int offset = -1;
    private MemorySegment segment;

    /** A segment over {@code array} from {@code offset} to its end. */
    public MemorySegment from(byte[] array, int offset) {
        if (array != this.array || offset != this.offset) {
            segment = MemorySegment.ofArray(array).asSlice(offset);
            this.array = array;
            this.offset = offset;
        }
        return segment;
    }
}
