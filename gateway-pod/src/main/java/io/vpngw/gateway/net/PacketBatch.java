package io.vpngw.gateway.net;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A reusable set of packet buffers that moves through the packet path as one unit: filled by one
 * batched read (TUN, UDP), transformed in place, emptied by one batched write.
 *
 * <p>Each of the {@link #capacity()} slots owns a heap {@code byte[]} laid out as
 * <pre>
 *   [ headroom | payload area: up to maxPacketSize | tailroom ]
 * </pre>
 * Reads put a packet at the start of the payload area; the headroom lets ESP prepend its header
 * (and the tailroom append its trailer and ICV) in place, by moving the slot's {@link #offset}
 * and {@link #length} instead of copying. Every slot also has a peer {@link InetEndpoint}: the
 * sender after a UDP receive, the destination before a UDP send.
 *
 * <p>Nothing is allocated per packet. The native memory that {@code recvmmsg}/{@code sendmmsg}
 * need (message headers, iovecs, socket addresses, and one staging buffer per slot, since the
 * kernel cannot be handed addresses inside movable Java arrays) is allocated once, here, and freed
 * by {@link #close()}. TUN I/O needs none of it: it reads and writes the heap arrays directly.
 *
 * <p>A batch is used by one thread at a time; it may be handed from thread to thread (a reader
 * fills it, a worker encrypts it, a writer sends it) with the usual happens-before of the hand-off.
 */
public final class PacketBatch implements AutoCloseable {

    public static final int DEFAULT_HEADROOM = 64;
    public static final int DEFAULT_TAILROOM = 64;
    /** The kernel's limit on messages per {@code recvmmsg}/{@code sendmmsg} call (UIO_MAXIOV). */
    public static final int MAX_CAPACITY = 1024;
    /** The largest IP packet or UDP payload. */
    public static final int MAX_PACKET_SIZE = 65535;

    /** {@code struct iovec { void *iov_base; size_t iov_len; }} */
    static final StructLayout IOVEC = MemoryLayout.structLayout(ADDRESS.withName("iov_base"), JAVA_LONG.withName("iov_len"));
    /** {@code struct msghdr}, LP64 padding spelled out. */
    static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4));
    /** {@code struct mmsghdr { struct msghdr msg_hdr; unsigned int msg_len; }} */
    static final StructLayout MMSGHDR = MemoryLayout.structLayout(
            MSGHDR.withName("msg_hdr"), JAVA_INT.withName("msg_len"), MemoryLayout.paddingLayout(4));
    static final long MESSAGE_SIZE = MMSGHDR.byteSize();
    static final long MSG_NAME = offsetInMessage("msg_name");
    static final long MSG_NAMELEN = offsetInMessage("msg_namelen");
    static final long MSG_IOV = offsetInMessage("msg_iov");
    static final long MSG_IOVLEN = offsetInMessage("msg_iovlen");
    static final long MSG_CONTROL = offsetInMessage("msg_control");
    static final long MSG_CONTROLLEN = offsetInMessage("msg_controllen");
    static final long MSG_FLAGS = offsetInMessage("msg_flags");
    static final long MSG_LEN = MMSGHDR.byteOffset(MemoryLayout.PathElement.groupElement("msg_len"));
    static final long IOV_BASE = IOVEC.byteOffset(MemoryLayout.PathElement.groupElement("iov_base"));
    static final long IOV_LEN = IOVEC.byteOffset(MemoryLayout.PathElement.groupElement("iov_len"));

    /** {@code struct sockaddr_in}: family in host order, port and address in network order. */
    static final StructLayout SOCKADDR_IN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin_family"),
            JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN).withName("sin_port"),
            JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN).withName("sin_addr"),
            MemoryLayout.paddingLayout(8));
    static final int SOCKADDR_IN_SIZE = (int) SOCKADDR_IN.byteSize();
    /** Room per slot for a {@code sockaddr_in6} (28 bytes), so IPv6 peers fit without a new layout. */
    static final int NAME_STRIDE = 32;
    private static final ValueLayout.OfShort PORT = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt IPV4 = JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);
    private static final long SIN_PORT = SOCKADDR_IN.byteOffset(MemoryLayout.PathElement.groupElement("sin_port"));
    private static final long SIN_ADDR = SOCKADDR_IN.byteOffset(MemoryLayout.PathElement.groupElement("sin_addr"));
    private static final long SIN_ZERO = SIN_ADDR + 4;
    /**
     * {@code struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; }} followed by a
     * {@code uint16_t} segment size: CMSG_LEN(2) = 18 octets, CMSG_SPACE(2) = 24.
     */
    private static final long CMSG_LEN = 0;
    private static final long CMSG_LEVEL = 8;
    private static final long CMSG_TYPE = 12;
    private static final long CMSG_DATA = 16;
    private static final long CMSG_LEN_SEGMENT_SIZE = 18;
    static final int CONTROL_SPACE = 24;
    private static final int NATIVE_ALIGNMENT = 64;

    private final int capacity;
    private final int headroom;
    private final int maxPacketSize;
    private final int tailroom;
    private final byte[][] buffers;
    private final MemorySegment[] payloadAreas;
    private final HeapSegmentCache[] packetSegments;
    private final int[] offsets;
    private final int[] lengths;
    private int count;

    private final Arena arena;
    private final MemorySegment messages;
    private final MemorySegment names;
    private final MemorySegment iovecs;
    private final MemorySegment staging;
    private final long stagingStride;
    private final MemorySegment controls;
    private final int[] messageFirstSlot;
    private final int[] messageSlotCount;
    private boolean messagesSetForReceive;

    private PacketBatch(int capacity, int headroom, int maxPacketSize, int tailroom) {
        this.capacity = capacity;
        this.headroom = headroom;
        this.maxPacketSize = maxPacketSize;
        this.tailroom = tailroom;
        int bufferSize = headroom + maxPacketSize + tailroom;
        this.buffers = new byte[capacity][bufferSize];
        this.payloadAreas = new MemorySegment[capacity];
        this.packetSegments = new HeapSegmentCache[capacity];
        this.offsets = new int[capacity];
        this.lengths = new int[capacity];
        for (int slot = 0; slot < capacity; slot++) {
            payloadAreas[slot] = MemorySegment.ofArray(buffers[slot]).asSlice(headroom, maxPacketSize);
            packetSegments[slot] = new HeapSegmentCache();
            offsets[slot] = headroom;
        }

        this.arena = Arena.ofShared();
        this.stagingStride = (bufferSize + NATIVE_ALIGNMENT - 1) / NATIVE_ALIGNMENT * NATIVE_ALIGNMENT;
        this.messages = arena.allocate(MESSAGE_SIZE * capacity, NATIVE_ALIGNMENT);
        this.iovecs = arena.allocate(IOVEC.byteSize() * capacity, NATIVE_ALIGNMENT);
        this.names = arena.allocate((long) NAME_STRIDE * capacity, NATIVE_ALIGNMENT);
        this.staging = arena.allocate(stagingStride * capacity, NATIVE_ALIGNMENT);
        this.controls = arena.allocate((long) CONTROL_SPACE * capacity, NATIVE_ALIGNMENT);
        this.messageFirstSlot = new int[capacity];
        this.messageSlotCount = new int[capacity];
        for (int slot = 0; slot < capacity; slot++) {
            iovecs.set(JAVA_LONG, slot * IOVEC.byteSize() + IOV_BASE, staging.address() + slot * stagingStride);
            iovecs.set(JAVA_LONG, slot * IOVEC.byteSize() + IOV_LEN, maxPacketSize);
            long control = (long) slot * CONTROL_SPACE;
            controls.set(JAVA_LONG, control + CMSG_LEN, CMSG_LEN_SEGMENT_SIZE);
            controls.set(JAVA_INT, control + CMSG_LEVEL, LinuxSyscalls.SOL_UDP);
            controls.set(JAVA_INT, control + CMSG_TYPE, LinuxSyscalls.UDP_SEGMENT);
        }
        prepareReceive();
    }

    /** A batch with {@link #DEFAULT_HEADROOM} and {@link #DEFAULT_TAILROOM} around each payload area. */
    public static PacketBatch allocate(int capacity, int maxPacketSize) {
        return allocate(capacity, DEFAULT_HEADROOM, maxPacketSize, DEFAULT_TAILROOM);
    }

    /**
     * A batch of {@code capacity} slots (1..{@value #MAX_CAPACITY}) whose payload areas hold
     * packets of up to {@code maxPacketSize} octets (1..{@value #MAX_PACKET_SIZE}), with
     * {@code headroom} octets before and {@code tailroom} after each.
     */
    public static PacketBatch allocate(int capacity, int headroom, int maxPacketSize, int tailroom) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity " + capacity + " is outside 1.." + MAX_CAPACITY);
        }
        if (maxPacketSize < 1 || maxPacketSize > MAX_PACKET_SIZE) {
            throw new IllegalArgumentException("maxPacketSize " + maxPacketSize + " is outside 1.." + MAX_PACKET_SIZE);
        }
        if (headroom < 0 || tailroom < 0 || headroom > MAX_PACKET_SIZE || tailroom > MAX_PACKET_SIZE) {
            throw new IllegalArgumentException("headroom " + headroom + " and tailroom " + tailroom
                    + " must be within 0.." + MAX_PACKET_SIZE);
        }
        return new PacketBatch(capacity, headroom, maxPacketSize, tailroom);
    }

    public int capacity() {
        return capacity;
    }

    public int headroom() {
        return headroom;
    }

    public int maxPacketSize() {
        return maxPacketSize;
    }

    public int tailroom() {
        return tailroom;
    }

    /** How many slots, from slot 0, hold packets. */
    public int count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public boolean isFull() {
        return count == capacity;
    }

    /** Empties the batch; buffers and peers are kept for reuse. */
    public void clear() {
        count = 0;
    }

    /** Sets how many slots hold packets, after a producer has filled them with {@link #setPacket}. */
    public void setCount(int count) {
        if (count < 0 || count > capacity) {
            throw new IllegalArgumentException("count " + count + " is outside 0.." + capacity);
        }
        this.count = count;
    }

    /** The whole buffer of {@code slot}, headroom and tailroom included. */
    public byte[] buffer(int slot) {
        return buffers[slot];
    }

    /** Where the packet of {@code slot} starts in its {@link #buffer}. */
    public int offset(int slot) {
        return offsets[slot];
    }

    /** The packet length of {@code slot}. */
    public int length(int slot) {
        return lengths[slot];
    }

    /**
     * Says that {@code slot}'s packet now occupies {@code [offset, offset + length)} of its
     * buffer, e.g. after ESP prepended a header in the headroom. Refuses ranges outside the buffer.
     */
    public void setPacket(int slot, int offset, int length) {
        Objects.checkIndex(slot, capacity);
        Objects.checkFromIndexSize(offset, length, buffers[slot].length);
        offsets[slot] = offset;
        lengths[slot] = length;
    }

    /**
     * Copies a packet into the next free slot, at the start of its payload area, with no peer
     * yet; returns the slot. Refuses a full batch and packets longer than {@link #maxPacketSize()}.
     */
    public int append(byte[] source, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, source.length);
        if (length > maxPacketSize) {
            throw new IllegalArgumentException("packet of " + length + " octets exceeds maxPacketSize " + maxPacketSize);
        }
        int slot = claimNextSlot();
        System.arraycopy(source, offset, buffers[slot], headroom, length);
        lengths[slot] = length;
        clearPeer(slot);
        return slot;
    }

    /**
     * Heap memory of {@code slot}'s payload area, for a read straight into the slot's buffer
     * (TUN reads use it with a critical downcall); follow with {@link #addReceived}.
     */
    public MemorySegment payloadArea(int slot) {
        return payloadAreas[slot];
    }

    /**
     * Heap memory of {@code slot}'s buffer from where its packet starts (at least {@link
     * #length} octets), for a write straight from the slot (TUN writes use it with a critical
     * downcall). Allocates only when the slot's offset changed since the last call.
     */
    public MemorySegment packetSegment(int slot) {
        return packetSegments[slot].from(buffers[slot], offsets[slot]);
    }

    /**
     * Heap memory of {@code slot}'s buffer from {@code bufferOffset} on, for a write that puts a
     * header into the headroom just before the packet (a TUN's virtio-net header). Allocates only
     * when the offset asked for changes.
     */
    public MemorySegment bufferSegment(int slot, int bufferOffset) {
        Objects.checkIndex(bufferOffset, buffers[slot].length);
        return packetSegments[slot].from(buffers[slot], bufferOffset);
    }

    /**
     * Counts the next free slot as holding a packet of {@code length} octets that a read has put
     * at the start of its payload area; clears its peer. Returns the slot.
     */
    public int addReceived(int length) {
        if (length < 0 || length > maxPacketSize) {
            throw new IllegalArgumentException("length " + length + " is outside 0.." + maxPacketSize);
        }
        int slot = claimNextSlot();
        lengths[slot] = length;
        clearPeer(slot);
        return slot;
    }

    /** Whether {@code slot} has a peer address at all. */
    public boolean hasPeer(int slot) {
        return family(slot) != 0;
    }

    /** Whether {@code slot}'s peer is an IPv4 endpoint (then {@link #peerIpv4Address} applies). */
    public boolean hasIpv4Peer(int slot) {
        return family(slot) == LinuxSyscalls.AF_INET;
    }

    /** The IPv4 address of {@code slot}'s peer, without allocating. */
    public int peerIpv4Address(int slot) {
        requireIpv4Peer(slot);
        return names.get(IPV4, nameOffset(slot) + SIN_ADDR);
    }

    /** The port of {@code slot}'s peer, without allocating. */
    public int peerPort(int slot) {
        requireIpv4Peer(slot);
        return Short.toUnsignedInt(names.get(PORT, nameOffset(slot) + SIN_PORT));
    }

    /** {@code slot}'s peer as a value (allocates; the packet path uses the primitive accessors). */
    public InetEndpoint peer(int slot) {
        return new Ipv4Endpoint(peerIpv4Address(slot), peerPort(slot));
    }

    public void setPeer(int slot, InetEndpoint peer) {
        switch (peer) {
            case Ipv4Endpoint(int address, int port) -> setPeerIpv4(slot, address, port);
        }
    }

    /** Sets {@code slot}'s peer to an IPv4 address and port, without allocating. */
    public void setPeerIpv4(int slot, int address, int port) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
        writeIpv4Name(names, nameOffset(slot), address, port);
    }

    /** Frees the native memory; the batch must not be used afterwards. */
    @Override
    public void close() {
        arena.close();
    }

    // ---- for UdpSocket: the native message vector and its staging buffers ----

    /** The {@code mmsghdr} array, set up by {@link #prepareReceive} or {@link #buildSendMessages}. */
    MemorySegment messages() {
        return messages;
    }

    /** Points message {@code i} at name {@code i} and slot {@code i}'s staging buffer, for a {@code recvmmsg}. */
    void prepareReceive() {
        if (messagesSetForReceive) {
            // The kernel overwrote only the name lengths.
            for (int slot = 0; slot < capacity; slot++) {
                messages.set(JAVA_INT, slot * MESSAGE_SIZE + MSG_NAMELEN, NAME_STRIDE);
            }
            return;
        }
        for (int slot = 0; slot < capacity; slot++) {
            long message = slot * MESSAGE_SIZE;
            messages.set(JAVA_LONG, message + MSG_NAME, names.address() + (long) slot * NAME_STRIDE);
            messages.set(JAVA_INT, message + MSG_NAMELEN, NAME_STRIDE);
            messages.set(JAVA_LONG, message + MSG_IOV, iovecs.address() + slot * IOVEC.byteSize());
            messages.set(JAVA_LONG, message + MSG_IOVLEN, 1L);
            messages.set(JAVA_LONG, message + MSG_CONTROL, 0L);
            messages.set(JAVA_LONG, message + MSG_CONTROLLEN, 0L);
            iovecs.set(JAVA_LONG, slot * IOVEC.byteSize() + IOV_LEN, maxPacketSize);
        }
        messagesSetForReceive = true;
    }

    int receivedLength(int message) {
        return messages.get(JAVA_INT, message * MESSAGE_SIZE + MSG_LEN);
    }

    int receivedFlags(int message) {
        return messages.get(JAVA_INT, message * MESSAGE_SIZE + MSG_FLAGS);
    }

    /**
     * Moves what message {@code message} received into the next free slot: the datagram into the
     * payload area and, when an earlier message was dropped, the sender to the slot's own name.
     */
    void acceptReceived(int message, int length) {
        acceptReceived(staging, message * stagingStride, length, names, nameOffset(message));
    }

    /**
     * Copies a datagram of {@code length} octets at {@code source[sourceOffset]} into the next
     * free slot's payload area, and its sender from {@code senderNames[senderOffset]}.
     */
    void acceptReceived(MemorySegment source, long sourceOffset, int length, MemorySegment senderNames,
            long senderOffset) {
        int slot = claimNextSlot();
        MemorySegment.copy(source, JAVA_BYTE, sourceOffset, buffers[slot], headroom, length);
        lengths[slot] = length;
        if (senderNames != names || senderOffset != nameOffset(slot)) {
            MemorySegment.copy(senderNames, senderOffset, names, nameOffset(slot), NAME_STRIDE);
        }
    }

    /**
     * Copies the packets of slots {@code [first, count)} into their staging buffers and sizes
     * their iovecs; refuses, before anything is sent, a slot without a peer.
     */
    void stageForSend(int first) {
        for (int slot = first; slot < count; slot++) {
            if (!hasIpv4Peer(slot)) {
                throw new IllegalStateException("slot " + slot + " has no IPv4 peer to send to");
            }
        }
        messagesSetForReceive = false;
        for (int slot = first; slot < count; slot++) {
            MemorySegment.copy(buffers[slot], offsets[slot], staging, JAVA_BYTE, slot * stagingStride, lengths[slot]);
            iovecs.set(JAVA_LONG, slot * IOVEC.byteSize() + IOV_LEN, lengths[slot]);
        }
    }

    /**
     * Builds the {@code sendmmsg} messages for the staged slots {@code [firstSlot, count)}, from
     * message {@code firstMessage} on, and returns the message count that results.
     *
     * <p>Without segmentation a message carries one slot. With it, a message carries a run of
     * consecutive slots to the same peer whose packets have the size of the run's first (the last
     * may be shorter), at most {@code maxSegments} and {@code maxBytes} together: the kernel sends
     * them as separate datagrams (UDP_SEGMENT) after a single pass through its stack.
     */
    int buildSendMessages(int firstSlot, int firstMessage, int maxSegments, int maxBytes) {
        int message = firstMessage;
        int slot = firstSlot;
        while (slot < count) {
            int segmentSize = lengths[slot];
            int runLength = 1;
            long runBytes = segmentSize;
            while (slot + runLength < count && runLength < maxSegments && segmentSize > 0
                    && lengths[slot + runLength - 1] == segmentSize
                    && lengths[slot + runLength] <= segmentSize
                    && runBytes + lengths[slot + runLength] <= maxBytes
                    && samePeer(slot, slot + runLength)) {
                runBytes += lengths[slot + runLength];
                runLength++;
            }
            long header = message * MESSAGE_SIZE;
            messages.set(JAVA_LONG, header + MSG_NAME, names.address() + (long) slot * NAME_STRIDE);
            messages.set(JAVA_INT, header + MSG_NAMELEN, SOCKADDR_IN_SIZE);
            messages.set(JAVA_LONG, header + MSG_IOV, iovecs.address() + slot * IOVEC.byteSize());
            messages.set(JAVA_LONG, header + MSG_IOVLEN, runLength);
            if (runLength > 1) {
                long control = (long) message * CONTROL_SPACE;
                controls.set(JAVA_SHORT, control + CMSG_DATA, (short) segmentSize);
                messages.set(JAVA_LONG, header + MSG_CONTROL, controls.address() + control);
                messages.set(JAVA_LONG, header + MSG_CONTROLLEN, CONTROL_SPACE);
            } else {
                messages.set(JAVA_LONG, header + MSG_CONTROL, 0L);
                messages.set(JAVA_LONG, header + MSG_CONTROLLEN, 0L);
            }
            messageFirstSlot[message] = slot;
            messageSlotCount[message] = runLength;
            message++;
            slot += runLength;
        }
        return message;
    }

    /** The first slot that message {@code message} of the last {@link #buildSendMessages} carries. */
    int messageFirstSlot(int message) {
        return messageFirstSlot[message];
    }

    /** How many slots (datagrams) message {@code message} of the last {@link #buildSendMessages} carries. */
    int messageSlotCount(int message) {
        return messageSlotCount[message];
    }

    private boolean samePeer(int slot, int other) {
        long a = nameOffset(slot);
        long b = nameOffset(other);
        // Family and port, then the address; sin_zero is always written as zero.
        return names.get(JAVA_INT, a) == names.get(JAVA_INT, b) && names.get(JAVA_INT, a + 4) == names.get(JAVA_INT, b + 4);
    }

    /** Writes a {@code sockaddr_in} at {@code offset} of {@code segment}. */
    static void writeIpv4Name(MemorySegment segment, long offset, int address, int port) {
        segment.set(JAVA_SHORT, offset, (short) LinuxSyscalls.AF_INET);
        segment.set(PORT, offset + SIN_PORT, (short) port);
        segment.set(IPV4, offset + SIN_ADDR, address);
        segment.set(ValueLayout.JAVA_LONG_UNALIGNED, offset + SIN_ZERO, 0L);
    }

    /** Reads the {@code sockaddr_in} at {@code offset} of {@code segment}; refuses other families. */
    static Ipv4Endpoint readIpv4Name(MemorySegment segment, long offset) {
        short family = segment.get(JAVA_SHORT, offset);
        if (family != LinuxSyscalls.AF_INET) {
            throw new IllegalStateException("socket address of family " + family + " is not IPv4");
        }
        return new Ipv4Endpoint(segment.get(IPV4, offset + SIN_ADDR),
                Short.toUnsignedInt(segment.get(PORT, offset + SIN_PORT)));
    }

    private int claimNextSlot() {
        if (count == capacity) {
            throw new IllegalStateException("batch is full (" + capacity + " packets)");
        }
        int slot = count++;
        offsets[slot] = headroom;
        return slot;
    }

    private void clearPeer(int slot) {
        names.set(JAVA_SHORT, nameOffset(slot), (short) 0);
    }

    private short family(int slot) {
        return names.get(JAVA_SHORT, nameOffset(slot));
    }

    private void requireIpv4Peer(int slot) {
        if (family(slot) != LinuxSyscalls.AF_INET) {
            throw new IllegalStateException("slot " + slot + " has no IPv4 peer");
        }
    }

    private long nameOffset(int slot) {
        return (long) Objects.checkIndex(slot, capacity) * NAME_STRIDE;
    }

    private static long offsetInMessage(String field) {
        return MMSGHDR.byteOffset(MemoryLayout.PathElement.groupElement("msg_hdr"),
                MemoryLayout.PathElement.groupElement(field));
    }
}
