package io.vpngw.gateway.tun;

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
 * <p>Later lever: {@code IFF_VNET_HDR} with {@code TUNSETOFFLOAD} lets one read return a TCP or
 * UDP super-packet of up to 64 KB (about 45 packets per system call) that {@link #readBatch}
 * would split into MTU-size packets; it belongs in {@link TunSettings} and {@link #readBatch}.
 */
public final class TunDevice implements AutoCloseable {

    /** The largest IPv4 packet. */
    public static final int MAX_PACKET_SIZE = 65535;

    private static final String CLONE_DEVICE = "/dev/net/tun";
    private static final long TUNSETIFF = 0x400454caL;
    private static final short IFF_TUN = 0x0001;
    private static final short IFF_NO_PI = 0x1000;
    private static final short IFF_MULTI_QUEUE = 0x0100;
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
    private static final int COUNTER_COUNT = 9;

    private static final int WRITE_NOT_IPV4 = -2;
    private static final int WRITE_REFUSED = -3;

    /** What a packet read from the TUN turns out to be. */
    enum ReadVerdict { DELIVER, NOT_IPV4, OVERSIZE, MALFORMED }

    private final String name;
    private final NonBlockingDescriptor descriptor;
    private final int fd;
    private final SingleWriterCounters counters = new SingleWriterCounters(COUNTER_COUNT);
    private final HeapSegmentCache readSegments = new HeapSegmentCache();
    private final HeapSegmentCache writeSegments = new HeapSegmentCache();

    private TunDevice(String name, NonBlockingDescriptor descriptor) {
        this.name = name;
        this.descriptor = descriptor;
        this.fd = descriptor.fd();
    }

    /**
     * Creates the interface {@code settings.name()} in the calling thread's network namespace, or
     * attaches to it if it exists with the same flags (a multi-queue interface gets one more queue).
     *
     * @throws SyscallException if {@code /dev/net/tun} is missing, the process lacks CAP_NET_ADMIN,
     *     or the name belongs to an interface of another kind or with other flags
     */
    public static TunDevice open(TunSettings settings) {
        short flags = (short) (IFF_TUN | IFF_NO_PI | (settings.multiQueue() ? IFF_MULTI_QUEUE : 0));
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
        short flags = IFF_TUN | IFF_NO_PI | IFF_MULTI_QUEUE;
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
            MemorySegment target = readSegments.from(buffer, offset);
            // Bounded, so that a flood of packets to drop cannot keep the caller here forever.
            for (int attempt = 0; attempt < 64; attempt++) {
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
            int written = writeOne(descriptor.writeErrno(), buffer, offset, length, writeSegments.from(buffer, offset));
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
                int result = writeOne(errno, batch.buffer(slot), batch.offset(slot), batch.length(slot),
                        batch.packetSegment(slot));
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
                counters.get(WRITE_DROPPED_NOT_IPV4), counters.get(WRITE_FAILED));
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
                return new TunDevice(resolved, NonBlockingDescriptor.adopt(fd, "tun " + resolved));
            } catch (RuntimeException | Error e) {
                LinuxSyscalls.close(errno, fd);
                throw e;
            }
        }
    }

    /**
     * Writes the packet {@code buffer[offset, offset + length)}, which {@code packet} views from
     * its start; returns its length, or {@link #WRITE_NOT_IPV4} or {@link #WRITE_REFUSED}.
     */
    private int writeOne(MemorySegment errno, byte[] buffer, int offset, int length, MemorySegment packet) {
        if (length < MIN_IPV4_HEADER || (buffer[offset] & 0xF0) != 0x40) {
            return WRITE_NOT_IPV4;
        }
        long written = LinuxSyscalls.write(errno, fd, packet, length);
        if (written >= 0) {
            return (int) written;
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
