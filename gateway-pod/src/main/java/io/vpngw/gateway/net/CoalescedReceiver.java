package io.vpngw.gateway.net;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;

/**
 * The receive side of a {@link UdpSocket} with {@code UDP_GRO}: the kernel may deliver a run of
 * datagrams from one sender as one message of up to 64 KB, with their common size in a control
 * message, and this cuts it back into datagrams, one per batch slot.
 *
 * <p>Coalesced messages need receive buffers of 64 KB, too large to give every batch slot, so
 * the socket owns {@value #MESSAGES} of them (1 MiB of native memory); a message's datagrams that
 * do not fit the batch wait here for the next receive, in order. Read side only, one thread.
 */
final class CoalescedReceiver {

    static final int MESSAGES = 16;
    private static final int MESSAGE_BUFFER = 65536;
    /** CMSG_SPACE(sizeof(int)): a 16-octet {@code cmsghdr} and the segment size, padded to 8. */
    private static final int CONTROL_SPACE = 24;
    private static final long CMSG_LEVEL = 8;
    private static final long CMSG_TYPE = 12;
    private static final long CMSG_DATA = 16;

    private final MemorySegment messages;
    private final MemorySegment names;
    private final MemorySegment controls;
    private final MemorySegment buffers;

    private int received;
    private int message;
    private int offset;

    // What the last fill did, for the socket's counters.
    long bytes;
    int datagrams;
    int truncated;
    int coalescedMessages;

    CoalescedReceiver(NonBlockingDescriptor descriptor) {
        messages = descriptor.allocateScratch(PacketBatch.MESSAGE_SIZE * MESSAGES);
        MemorySegment iovecs = descriptor.allocateScratch(PacketBatch.IOVEC.byteSize() * MESSAGES);
        names = descriptor.allocateScratch((long) PacketBatch.NAME_STRIDE * MESSAGES);
        controls = descriptor.allocateScratch((long) CONTROL_SPACE * MESSAGES);
        buffers = descriptor.allocateScratch((long) MESSAGE_BUFFER * MESSAGES);
        for (int i = 0; i < MESSAGES; i++) {
            long iovec = i * PacketBatch.IOVEC.byteSize();
            iovecs.set(JAVA_LONG, iovec + PacketBatch.IOV_BASE, buffers.address() + (long) i * MESSAGE_BUFFER);
            iovecs.set(JAVA_LONG, iovec + PacketBatch.IOV_LEN, MESSAGE_BUFFER);
            long header = i * PacketBatch.MESSAGE_SIZE;
            messages.set(JAVA_LONG, header + PacketBatch.MSG_NAME, names.address() + (long) i * PacketBatch.NAME_STRIDE);
            messages.set(JAVA_LONG, header + PacketBatch.MSG_IOV, iovecs.address() + iovec);
            messages.set(JAVA_LONG, header + PacketBatch.MSG_IOVLEN, 1L);
            messages.set(JAVA_LONG, header + PacketBatch.MSG_CONTROL, controls.address() + (long) i * CONTROL_SPACE);
        }
    }

    /**
     * Adds datagrams to {@code batch} until it is full or the kernel has no more: first those
     * left from earlier messages, then from new {@code recvmmsg} calls.
     *
     * @return 0, or the errno of a failed {@code recvmmsg} that is not "nothing now"
     */
    int fill(MemorySegment errno, int fd, PacketBatch batch) {
        bytes = 0;
        datagrams = 0;
        truncated = 0;
        coalescedMessages = 0;
        // Bounded: each call either fills the batch or finds the kernel queue empty.
        for (int calls = 0; !batch.isFull() && calls <= batch.capacity(); ) {
            if (message < received) {
                takeNextDatagram(batch);
                continue;
            }
            for (int i = 0; i < MESSAGES; i++) {
                long header = i * PacketBatch.MESSAGE_SIZE;
                messages.set(JAVA_INT, header + PacketBatch.MSG_NAMELEN, PacketBatch.NAME_STRIDE);
                messages.set(JAVA_LONG, header + PacketBatch.MSG_CONTROLLEN, CONTROL_SPACE);
            }
            calls++;
            int count = LinuxSyscalls.recvmmsg(errno, fd, messages, MESSAGES, LinuxSyscalls.MSG_DONTWAIT);
            if (count < 0) {
                int error = LinuxSyscalls.errno(errno);
                return UdpSocket.isNothingNow(error) ? 0 : error;
            }
            received = count;
            message = 0;
            offset = 0;
        }
        return 0;
    }

    private void takeNextDatagram(PacketBatch batch) {
        long header = message * PacketBatch.MESSAGE_SIZE;
        int total = messages.get(JAVA_INT, header + PacketBatch.MSG_LEN);
        int segmentSize = segmentSize(message, total);
        if (offset == 0 && segmentSize < total) {
            coalescedMessages++;
        }
        if ((messages.get(JAVA_INT, header + PacketBatch.MSG_FLAGS) & LinuxSyscalls.MSG_TRUNC) != 0
                || segmentSize > batch.maxPacketSize()) {
            truncated += Math.max(1, (total - offset + segmentSize - 1) / segmentSize);
            nextMessage();
            return;
        }
        int length = Math.min(segmentSize, total - offset);
        batch.acceptReceived(buffers, (long) message * MESSAGE_BUFFER + offset, length, names,
                (long) message * PacketBatch.NAME_STRIDE);
        bytes += length;
        datagrams++;
        offset += length;
        if (offset >= total) {
            nextMessage();
        }
    }

    /** The size of the datagrams in message {@code index}: from its UDP_GRO control message, else all of it. */
    private int segmentSize(int index, int total) {
        long header = index * PacketBatch.MESSAGE_SIZE;
        long control = (long) index * CONTROL_SPACE;
        boolean hasSegmentSize = messages.get(JAVA_LONG, header + PacketBatch.MSG_CONTROLLEN) >= CMSG_DATA + 4
                && controls.get(JAVA_INT, control + CMSG_LEVEL) == LinuxSyscalls.SOL_UDP
                && controls.get(JAVA_INT, control + CMSG_TYPE) == LinuxSyscalls.UDP_GRO;
        int segmentSize = hasSegmentSize ? controls.get(JAVA_INT, control + CMSG_DATA) : total;
        return segmentSize > 0 ? segmentSize : Math.max(total, 1);
    }

    private void nextMessage() {
        message++;
        offset = 0;
    }
}
