package io.vpngw.gateway.tun;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.vpngw.gateway.net.HeapSegmentCache;
import io.vpngw.gateway.net.LinuxSyscalls;
import io.vpngw.gateway.net.NonBlockingDescriptor;
import io.vpngw.gateway.net.PacketBatch;
import io.vpngw.gateway.net.SingleWriterCounters;
import io.vpngw.gateway.net.SyscallException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One queue (one file descriptor) of a Linux TUN interface: inner IPv4 packets leave the host's
 * IP stack through {@link #read} and enter it through {@link #write}, with no link-layer or
 * packet-information header ({@code IFF_TUN | IFF_NO_PI}).
 *
 * <p><b>Non-blocking.</b> Reads return 0 when nothing is waiting and {@link #poll} waits, with
 * a timeout, for the next packet; a blocking read would never return on an idle interface, and
 * the thread could not be stopped. {@link #close()} wakes a thread waiting in {@link #poll}, and
 * every later call returns -1.
 *
 * <p><b>No copies.</b> Packets are read into and written from Java arrays directly (critical
 * downcalls on heap memory); {@link #readBatch} fills a {@link PacketBatch} with as many packets
 * as are waiting, one {@code read} each, until the kernel has no more or the batch is full.
 * (With offload, below, reads trade one copy per packet for far fewer system calls.)
 *
 * <p><b>IPv4 only.</b> What is read and is not a well-formed IPv4 packet (IPv6 router
 * solicitations arrive as soon as the interface is up) is dropped and counted, never returned;
 * so is a packet longer than the buffer offered. {@link #statistics()} has the counts.
 *
 * <p><b>Threads.</b> One thread may read (and poll) while another writes; each side is for one
 * thread at a time. For more threads, open a multi-queue interface ({@link #openQueues}): the
 * kernel spreads flows over the queues, and each queue is a {@code TunDevice} of its own. The
 * interface disappears when its last queue is closed.
 *
 * <p>The interface is created down and without addresses; {@link LinkConfigurator} sets its MTU,
 * addresses and routes and brings it up.
 *
 * <p><b>Offload</b> ({@link TunSettings#offload()}): with {@code IFF_VNET_HDR} and TSO/USO the
 * kernel hands over a TCP or UDP flow's data as super-packets of up to 64 KB, about 45 packets
 * per system call; {@link #readBatch} and {@link #read} cut them into the packets the kernel
 * would have sent, and finish the checksums it left undone. Such reads go through a buffer of
 * the device's, so each packet is copied once into the batch. Writes carry an all-zero
 * virtio-net header in the 10 octets of headroom before each packet. A later lever: coalescing
 * the segments of a flow on writes into super-packets for the kernel.
 */
public final class TunDevice implements AutoCloseable {

    /** The largest IPv4 packet. */
    public static final int MAX_PACKET_SIZE = 65535;

    private static final String CLONE_DEVICE = "/dev/net/tun";
    private static final long TUNSETIFF = 0x400454caL;
    private static final short IFF_TUN = 0x0001;
    private static final short IFF_NO_PI = 0x1000;
    private static final short IFF_MULTI_QUEUE = 0x0100;
    private static final short IFF_VNET_HDR = 0x4000;
    private static final long TUNSETOFFLOAD = 0x400454d0L;
    private static final long TUNSETVNETHDRSZ = 0x400454d8L;
    private static final int TUN_F_CSUM = 0x01;
    private static final int TUN_F_TSO4 = 0x02;
    private static final int TUN_F_TSO_ECN = 0x08;
    private static final int TUN_F_USO4 = 0x20;
    private static final int TUN_F_USO6 = 0x40;
    /** A super-packet: the largest IPv4 packet behind its virtio-net header. */
    private static final int OFFLOAD_READ_SIZE = OffloadedPacket.VNET_HEADER_SIZE + 65535;
    /** {@code struct ifreq}: 16-octet name, then a union whose first member here is the 16-bit flags. */
    private static final int IFREQ_SIZE = 40;
    private static final int IFREQ_FLAGS = 16;
    private static final int MIN_IPV4_HEADER = 20;
    /** A queue may be attached at most this many times (the kernel's MAX_TAP_QUEUES). */
    private static final int MAX_QUEUES = 256;

    private static final int PACKETS_READ = 0;
    private static final int BYTES_READ = 1;
    private static final int READ_DROPPED_NOT_IPV4 = 2;
    private static final int READ_DROPPED_OVERSIZE = 3;
    private static final int READ_DROPPED_MALFORMED = 4;
    private static final int PACKETS_WRITTEN = 5;
    private static final int BYTES_WRITTEN = 6;
    private static final int WRITE_DROPPED_NOT_IPV4 = 7;
    private static final int WRITE_FAILED = 8;
    private static final int SUPER_PACKETS_READ = 9;
    private static final int COUNTER_COUNT = 10;

    // What the internal read and write steps return instead of a packet length.
    private static final int NOTHING_WAITING = -1;
    private static final int DROPPED = -2;
    private static final int WRITE_NOT_IPV4 = -2;
    private static final int WRITE_REFUSED = -3;
    /** A read skips at most this many packets to drop before it reports "nothing", so a flood cannot hold it. */
    private static final int MAX_DROPS_PER_READ = 64;

    /** What a packet read from the TUN turns out to be. */
    enum ReadVerdict { DELIVER, NOT_IPV4, OVERSIZE, MALFORMED }

    private final String name;
    private final NonBlockingDescriptor descriptor;
    private final int fd;
    private final SingleWriterCounters counters = new SingleWriterCounters(COUNTER_COUNT);
    private final HeapSegmentCache readSegments = new HeapSegmentCache();
    private final HeapSegmentCache writeSegments = new HeapSegmentCache();

    /** Offload only: the read side's super-packet buffer and what was parsed from it. */
    private final boolean offload;
    private final byte[] superPacket;
    private final MemorySegment superPacketSegment;
    private final OffloadedPacket offloaded;
    private int nextSegment;
    private int segmentsPending;
    /** Offload only: the write side's buffer for packets without room for a header before them. */
    private final byte[] writeScratch;

    private TunDevice(String name, NonBlockingDescriptor descriptor, boolean offload) {
        this.name = name;
        this.descriptor = descriptor;
        this.fd = descriptor.fd();
        this.offload = offload;
        this.superPacket = offload ? new byte[OFFLOAD_READ_SIZE] : null;
        this.superPacketSegment = offload ? MemorySegment.ofArray(superPacket) : null;
        this.offloaded = offload ? new OffloadedPacket() : null;
        this.writeScratch = offload ? new byte[OFFLOAD_READ_SIZE] : null;
    }

    /**
     * Creates the interface {@code settings.name()} in the calling thread's network namespace, or
     * attaches to it if it exists with the same flags (a multi-queue interface gets one more queue).
     *
     * @throws SyscallException if {@code /dev/net/tun} is missing, the process lacks CAP_NET_ADMIN,
     *     or the name belongs to an interface of another kind or with other flags
     */
    public static TunDevice open(TunSettings settings) {
        short flags = (short) (IFF_TUN | IFF_NO_PI | (settings.multiQueue() ? IFF_MULTI_QUEUE : 0)
                | (settings.offload() ? IFF_VNET_HDR : 0));
        return attach(settings.name(), flags);
    }

    /**
     * Creates a multi-queue interface with {@code queueCount} queues (1..256), one per thread
     * that will read and write it. If one queue cannot be attached, those already open are closed.
     */
    public static List<TunDevice> openQueues(TunSettings settings, int queueCount) {
        if (queueCount < 1 || queueCount > MAX_QUEUES) {
            throw new IllegalArgumentException("queue count " + queueCount + " is outside 1.." + MAX_QUEUES);
        }
        short flags = (short) (IFF_TUN | IFF_NO_PI | IFF_MULTI_QUEUE | (settings.offload() ? IFF_VNET_HDR : 0));
        List<TunDevice> queues = new ArrayList<>(queueCount);
        try {
            queues.add(attach(settings.name(), flags));
            // A %d pattern is resolved by the first attach; the others must join that interface.
            String resolved = queues.getFirst().name();
            while (queues.size() < queueCount) {
                queues.add(attach(resolved, flags));
            }
            return List.copyOf(queues);
        } catch (RuntimeException | Error e) {
            queues.forEach(TunDevice::close);
            throw e;
        }
    }

    /** The interface name, with any {@code %d} resolved. */
    public String name() {
        return name;
    }

    /**
     * Reads one IPv4 packet into {@code buffer[offset, offset + length)}, skipping (and counting)
     * whatever is not IPv4 or does not fit.
     *
     * @return the packet length; 0 if none is waiting; -1 if the device is closed
     */
    public int read(byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            throw new IllegalArgumentException("a read needs room for a packet, got 0 octets");
        }
        if (!descriptor.enterRead()) {
            return -1;
        }
        try {
            MemorySegment errno = descriptor.readErrno();
            if (offload) {
                return readOneOffloaded(errno, buffer, offset, length);
            }
            MemorySegment target = readSegments.from(buffer, offset);
            // Bounded, so that a flood of packets to drop cannot keep the caller here forever.
            for (int attempt = 0; attempt < MAX_DROPS_PER_READ; attempt++) {
                long read = LinuxSyscalls.read(errno, fd, target, length);
                if (read < 0) {
                    return nothingNowOrThrow(LinuxSyscalls.errno(errno));
                }
                ReadVerdict verdict = verdict(buffer, offset, read, length);
                if (verdict == ReadVerdict.DELIVER) {
                    counters.add(PACKETS_READ, 1);
                    counters.add(BYTES_READ, read);
                    return (int) read;
                }
                countDrop(verdict, 1);
            }
            return 0;
        } finally {
            descriptor.exitRead();
        }
    }

    /**
     * Clears {@code batch}, then reads packets into its slots until none is waiting or the batch
     * is full: each at the start of its slot's payload area, at most {@code maxPacketSize} long.
     * Packets that are not IPv4 or do not fit are dropped and counted.
     *
     * @return packets in the batch (0 if none was waiting); -1 if the device is closed
     */
    public int readBatch(PacketBatch batch) {
        if (!descriptor.enterRead()) {
            return -1;
        }
        try {
            batch.clear();
            MemorySegment errno = descriptor.readErrno();
            if (offload) {
                return readBatchOffloaded(errno, batch);
            }
            int capacity = batch.capacity();
            int maxPacketSize = batch.maxPacketSize();
            int headroom = batch.headroom();
            long bytes = 0;
            int notIpv4 = 0;
            int oversize = 0;
            int malformed = 0;
            int readsLeft = 2 * capacity;
            while (batch.count() < capacity && readsLeft-- > 0) {
                int slot = batch.count();
                long read = LinuxSyscalls.read(errno, fd, batch.payloadArea(slot), maxPacketSize);
                if (read < 0) {
                    nothingNowOrThrow(LinuxSyscalls.errno(errno));
                    break;
                }
                switch (verdict(batch.buffer(slot), headroom, read, maxPacketSize)) {
                    case DELIVER -> {
                        batch.addReceived((int) read);
                        bytes += read;
                    }
                    case NOT_IPV4 -> notIpv4++;
                    case OVERSIZE -> oversize++;
                    case MALFORMED -> malformed++;
                }
            }
            counters.add(PACKETS_READ, batch.count());
            counters.add(BYTES_READ, bytes);
            if ((notIpv4 | oversize | malformed) != 0) {
                counters.add(READ_DROPPED_NOT_IPV4, notIpv4);
                counters.add(READ_DROPPED_OVERSIZE, oversize);
                counters.add(READ_DROPPED_MALFORMED, malformed);
            }
            return batch.count();
        } finally {
            descriptor.exitRead();
        }
    }

    /**
     * Hands one IPv4 packet, {@code buffer[offset, offset + length)}, to the host's IP stack.
     * Something that is not IPv4 is not written, and counted; so is a packet the kernel refuses.
     *
     * @return {@code length} if written; 0 if dropped; -1 if the device is closed
     * @throws IllegalArgumentException if {@code length} exceeds {@value #MAX_PACKET_SIZE}
     */
    public int write(byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        requirePacketSize(length);
        if (!descriptor.enterWrite()) {
            return -1;
        }
        try {
            int written;
            if (offload) {
                // The caller's octets before the packet are not ours to overwrite with the header.
                Arrays.fill(writeScratch, 0, OffloadedPacket.VNET_HEADER_SIZE, (byte) 0);
                System.arraycopy(buffer, offset, writeScratch, OffloadedPacket.VNET_HEADER_SIZE, length);
                written = writeOne(descriptor.writeErrno(), writeScratch, OffloadedPacket.VNET_HEADER_SIZE, length,
                        writeSegments.from(writeScratch, 0), OffloadedPacket.VNET_HEADER_SIZE);
            } else {
                written = writeOne(descriptor.writeErrno(), buffer, offset, length, writeSegments.from(buffer, offset), 0);
            }
            if (written >= 0) {
                counters.add(PACKETS_WRITTEN, 1);
                counters.add(BYTES_WRITTEN, written);
                return written;
            }
            counters.add(written == WRITE_NOT_IPV4 ? WRITE_DROPPED_NOT_IPV4 : WRITE_FAILED, 1);
            return 0;
        } finally {
            descriptor.exitWrite();
        }
    }

    /**
     * Writes every packet of {@code batch} (slots {@code 0 .. count-1}), one {@code write} each;
     * packets that are not IPv4 or that the kernel refuses are skipped and counted.
     *
     * @return packets written; -1 if the device is closed
     */
    public int writeBatch(PacketBatch batch) {
        int count = batch.count();
        for (int slot = 0; slot < count; slot++) {
            requirePacketSize(batch.length(slot));
        }
        if (!descriptor.enterWrite()) {
            return -1;
        }
        try {
            MemorySegment errno = descriptor.writeErrno();
            int written = 0;
            long bytes = 0;
            int notIpv4 = 0;
            int refused = 0;
            for (int slot = 0; slot < count; slot++) {
                int result = offload
                        ? writeWithVnetHeader(errno, batch, slot)
                        : writeOne(errno, batch.buffer(slot), batch.offset(slot), batch.length(slot),
                                batch.packetSegment(slot), 0);
                if (result >= 0) {
                    written++;
                    bytes += result;
                } else if (result == WRITE_NOT_IPV4) {
                    notIpv4++;
                } else {
                    refused++;
                }
            }
            counters.add(PACKETS_WRITTEN, written);
            counters.add(BYTES_WRITTEN, bytes);
            if ((notIpv4 | refused) != 0) {
                counters.add(WRITE_DROPPED_NOT_IPV4, notIpv4);
                counters.add(WRITE_FAILED, refused);
            }
            return written;
        } finally {
            descriptor.exitWrite();
        }
    }

    /**
     * Waits until a packet is waiting, the device is closed, or {@code timeoutMillis} pass
     * (negative: no limit). True means the next read will not wait (it may still find only
     * packets to drop); false means the time ran out.
     */
    public boolean poll(long timeoutMillis) {
        return descriptor.awaitReadable(timeoutMillis);
    }

    public boolean isOpen() {
        return descriptor.isOpen();
    }

    public TunStatistics statistics() {
        return new TunStatistics(counters.get(PACKETS_READ), counters.get(BYTES_READ),
                counters.get(READ_DROPPED_NOT_IPV4), counters.get(READ_DROPPED_OVERSIZE),
                counters.get(READ_DROPPED_MALFORMED), counters.get(PACKETS_WRITTEN), counters.get(BYTES_WRITTEN),
                counters.get(WRITE_DROPPED_NOT_IPV4), counters.get(WRITE_FAILED), counters.get(SUPER_PACKETS_READ));
    }

    /**
     * Detaches this queue: a thread waiting in {@link #poll} returns at once, later calls return
     * -1. The interface goes away with its last queue. Idempotent.
     */
    @Override
    public void close() {
        descriptor.close();
    }

    @Override
    public String toString() {
        return descriptor.toString();
    }

    /**
     * Whether {@code read} octets at {@code buffer[offset]}, from a read that offered {@code
     * offered}, are one whole IPv4 packet. A packet longer than the offer is truncated by the
     * kernel, which returns either the offer (then the IPv4 total length exceeds it) or the full
     * length, depending on the kernel; both count as oversize.
     */
    static ReadVerdict verdict(byte[] buffer, int offset, long read, int offered) {
        if (read > offered) {
            return ReadVerdict.OVERSIZE;
        }
        if (read < 1) {
            return ReadVerdict.MALFORMED;
        }
        if ((buffer[offset] & 0xF0) != 0x40) {
            return ReadVerdict.NOT_IPV4;
        }
        int headerLength = (buffer[offset] & 0x0F) * 4;
        if (read < MIN_IPV4_HEADER || headerLength < MIN_IPV4_HEADER || headerLength > read) {
            return ReadVerdict.MALFORMED;
        }
        int totalLength = (buffer[offset + 2] & 0xFF) << 8 | (buffer[offset + 3] & 0xFF);
        if (totalLength > read) {
            return read == offered ? ReadVerdict.OVERSIZE : ReadVerdict.MALFORMED;
        }
        return totalLength == read ? ReadVerdict.DELIVER : ReadVerdict.MALFORMED;
    }

    private static TunDevice attach(String name, short flags) {
        try (Arena setup = Arena.ofConfined()) {
            MemorySegment errno = LinuxSyscalls.allocateErrnoSlot(setup);
            int fd = (int) LinuxSyscalls.check(
                    LinuxSyscalls.open(errno, setup.allocateFrom(CLONE_DEVICE),
                            LinuxSyscalls.O_RDWR | LinuxSyscalls.O_NONBLOCK | LinuxSyscalls.O_CLOEXEC),
                    errno, "open", CLONE_DEVICE);
            try {
                MemorySegment request = setup.allocate(IFREQ_SIZE, 8);
                byte[] nameOctets = name.getBytes(StandardCharsets.US_ASCII);
                MemorySegment.copy(MemorySegment.ofArray(nameOctets), 0, request, 0, nameOctets.length);
                request.set(JAVA_SHORT, IFREQ_FLAGS, flags);
                LinuxSyscalls.check(LinuxSyscalls.ioctl(errno, fd, TUNSETIFF, request), errno, "ioctl(TUNSETIFF)",
                        "tun " + name);
                String resolved = request.getString(0, StandardCharsets.US_ASCII);
                boolean offload = (flags & IFF_VNET_HDR) != 0;
                if (offload) {
                    enableOffloads(setup, errno, fd, resolved);
                }
                return new TunDevice(resolved, NonBlockingDescriptor.adopt(fd, "tun " + resolved), offload);
            } catch (RuntimeException | Error e) {
                LinuxSyscalls.close(errno, fd);
                throw e;
            }
        }
    }

    /**
     * Sets the virtio-net header size and asks for checksum, TCP and UDP segmentation offload.
     * TCP only for IPv4 (IPv6 is dropped anyway); UDP the kernel grants only for both versions
     * together, and kernels before 6.2 not at all, so it is asked for separately.
     */
    private static void enableOffloads(Arena setup, MemorySegment errno, int fd, String name) {
        MemorySegment headerSize = setup.allocate(JAVA_INT);
        headerSize.set(JAVA_INT, 0, OffloadedPacket.VNET_HEADER_SIZE);
        LinuxSyscalls.check(LinuxSyscalls.ioctl(errno, fd, TUNSETVNETHDRSZ, headerSize), errno,
                "ioctl(TUNSETVNETHDRSZ)", "tun " + name);
        int offloads = TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO_ECN;
        if (LinuxSyscalls.ioctlValue(errno, fd, TUNSETOFFLOAD, offloads | TUN_F_USO4 | TUN_F_USO6) < 0) {
            LinuxSyscalls.check(LinuxSyscalls.ioctlValue(errno, fd, TUNSETOFFLOAD, offloads), errno,
                    "ioctl(TUNSETOFFLOAD)", "tun " + name);
        }
    }

    /**
     * Writes the packet {@code buffer[offset, offset + length)} behind a {@code headerLength}-octet
     * header, both of which {@code headerAndPacket} views from the header's start; returns the
     * packet's length, or {@link #WRITE_NOT_IPV4} or {@link #WRITE_REFUSED}.
     */
    private int writeOne(MemorySegment errno, byte[] buffer, int offset, int length, MemorySegment headerAndPacket,
            int headerLength) {
        if (length < MIN_IPV4_HEADER || (buffer[offset] & 0xF0) != 0x40) {
            return WRITE_NOT_IPV4;
        }
        long written = LinuxSyscalls.write(errno, fd, headerAndPacket, length + headerLength);
        if (written >= 0) {
            return (int) written - headerLength;
        }
        int error = LinuxSyscalls.errno(errno);
        return switch (error) {
            // Interface down (EIO), a packet the stack will not take (EINVAL), memory or queue
            // pressure: the packet is lost, as on a wire; the next one may go through.
            case LinuxSyscalls.EAGAIN, LinuxSyscalls.EINTR, LinuxSyscalls.EIO, LinuxSyscalls.EINVAL,
                    LinuxSyscalls.ENOMEM, LinuxSyscalls.ENOBUFS -> WRITE_REFUSED;
            default -> throw new SyscallException("write", descriptor.toString(), error);
        };
    }

    /**
     * Writes a batch slot behind an all-zero virtio-net header (a whole packet, checksums done),
     * put into the slot's headroom where there is room, else into the write scratch buffer.
     */
    private int writeWithVnetHeader(MemorySegment errno, PacketBatch batch, int slot) {
        byte[] buffer = batch.buffer(slot);
        int offset = batch.offset(slot);
        int length = batch.length(slot);
        int header = OffloadedPacket.VNET_HEADER_SIZE;
        if (offset >= header) {
            Arrays.fill(buffer, offset - header, offset, (byte) 0);
            return writeOne(errno, buffer, offset, length, batch.bufferSegment(slot, offset - header), header);
        }
        Arrays.fill(writeScratch, 0, header, (byte) 0);
        System.arraycopy(buffer, offset, writeScratch, header, length);
        return writeOne(errno, writeScratch, header, length, writeSegments.from(writeScratch, 0), header);
    }

    /** {@link #readBatch} with offload: packets and the segments of super-packets fill the slots. */
    private int readBatchOffloaded(MemorySegment errno, PacketBatch batch) {
        int capacity = batch.capacity();
        int headroom = batch.headroom();
        int maxPacketSize = batch.maxPacketSize();
        long bytes = 0;
        int attemptsLeft = 2 * capacity;
        while (batch.count() < capacity && attemptsLeft-- > 0) {
            int length = nextOffloadedPacket(errno, batch.buffer(batch.count()), headroom, maxPacketSize);
            if (length == NOTHING_WAITING) {
                break;
            }
            if (length != DROPPED) {
                batch.addReceived(length);
                bytes += length;
            }
        }
        counters.add(PACKETS_READ, batch.count());
        counters.add(BYTES_READ, bytes);
        return batch.count();
    }

    /** {@link #read} with offload: one packet, possibly a segment of a super-packet read earlier. */
    private int readOneOffloaded(MemorySegment errno, byte[] buffer, int offset, int capacity) {
        for (int attempt = 0; attempt < MAX_DROPS_PER_READ; attempt++) {
            int length = nextOffloadedPacket(errno, buffer, offset, capacity);
            if (length == NOTHING_WAITING) {
                return 0;
            }
            if (length != DROPPED) {
                counters.add(PACKETS_READ, 1);
                counters.add(BYTES_READ, length);
                return length;
            }
        }
        return 0;
    }

    /**
     * Puts the next IPv4 packet into {@code out[offset, offset + capacity)}: the next segment of
     * the super-packet in hand, else whatever one read brings. Returns its length, {@link
     * #NOTHING_WAITING}, or {@link #DROPPED} (counted) for something not to hand over.
     */
    private int nextOffloadedPacket(MemorySegment errno, byte[] out, int offset, int capacity) {
        if (nextSegment < segmentsPending) {
            return nextSegment(out, offset, capacity);
        }
        long read = LinuxSyscalls.read(errno, fd, superPacketSegment, OFFLOAD_READ_SIZE);
        if (read < 0) {
            nothingNowOrThrow(LinuxSyscalls.errno(errno));
            return NOTHING_WAITING;
        }
        switch (offloaded.parse(superPacket, 0, (int) read, OFFLOAD_READ_SIZE)) {
            case DROP -> {
                countDrop(offloaded.dropReason(), 1);
                return DROPPED;
            }
            case SINGLE -> {
                int length = offloaded.packetLength();
                if (length > capacity) {
                    countDrop(ReadVerdict.OVERSIZE, 1);
                    return DROPPED;
                }
                System.arraycopy(superPacket, offloaded.packetOffset(), out, offset, length);
                return length;
            }
            case SEGMENTED -> {
                counters.add(SUPER_PACKETS_READ, 1);
                segmentsPending = offloaded.segmentCount();
                nextSegment = 0;
                return nextSegment(out, offset, capacity);
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private int nextSegment(byte[] out, int offset, int capacity) {
        if (offloaded.largestSegmentLength() > capacity) {
            countDrop(ReadVerdict.OVERSIZE, segmentsPending - nextSegment);
            segmentsPending = 0;
            return DROPPED;
        }
        int length = offloaded.writeSegment(nextSegment++, out, offset);
        if (nextSegment == segmentsPending) {
            segmentsPending = 0;
        }
        return length;
    }

    private int nothingNowOrThrow(int error) {
        if (error == LinuxSyscalls.EAGAIN || error == LinuxSyscalls.EINTR) {
            return 0;
        }
        throw new SyscallException("read", descriptor.toString(), error);
    }

    private void countDrop(ReadVerdict verdict, int packets) {
        switch (verdict) {
            case NOT_IPV4 -> counters.add(READ_DROPPED_NOT_IPV4, packets);
            case OVERSIZE -> counters.add(READ_DROPPED_OVERSIZE, packets);
            case MALFORMED -> counters.add(READ_DROPPED_MALFORMED, packets);
            case DELIVER -> throw new IllegalArgumentException("a delivered packet is not a drop");
        }
    }

    private static void requirePacketSize(int length) {
        if (length > MAX_PACKET_SIZE) {
            throw new IllegalArgumentException("packet of " + length + " octets exceeds the IPv4 maximum "
                    + MAX_PACKET_SIZE);
        }
    }
}
