package io.vpngw.gateway.net;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A non-blocking IPv4 UDP socket for the ESP-in-UDP path (RFC 3948, port 4500), with batched
 * I/O: {@link #receiveBatch} is one {@code recvmmsg}, {@link #sendBatch} one {@code sendmmsg}
 * (per batch, not per packet), each datagram with its own peer. {@link #receive} and
 * {@link #send} handle single datagrams without a copy, for low-rate traffic such as IKE.
 *
 * <p><b>Segmentation offload.</b> Where the kernel supports {@code UDP_SEGMENT}, {@link
 * #sendBatch} passes each run of consecutive same-size datagrams to the same peer (a bulk flow
 * through the tunnel) as one message that the kernel splits, so the run goes through the UDP and
 * IP layers once. Peers see ordinary datagrams.
 *
 * <p><b>Results, not exceptions, on the packet path.</b> Batch calls return a count: 0 when
 * nothing can be done now (nothing waiting, send buffer full), -1 once the socket is closed.
 * Errors that belong to one datagram (no route to its peer, too long) skip that datagram and are
 * counted in {@link #statistics()}; only errors that mean the socket itself is broken throw
 * {@link SyscallException}.
 *
 * <p><b>Threads.</b> One thread may receive (and {@link #poll}) while another sends (and
 * {@link #pollWritable}); each side is for one thread at a time. For more throughput, bind one
 * socket per thread to the same address with {@link UdpSocketOptions#reusePort()}. {@link
 * #close()} may come from any thread and wakes a thread waiting in a poll.
 *
 * <p><b>Receive coalescing.</b> Where the kernel supports {@code UDP_GRO}, it may deliver a run of
 * datagrams from one sender as one message, and {@link #receiveBatch} cuts it back into
 * datagrams (see {@link CoalescedReceiver}): one pass through the kernel's receive path and one
 * message for up to 64 datagrams, where each otherwise takes its own.
 */
public final class UdpSocket implements AutoCloseable {

    /** The largest UDP payload over IPv4: 65535 - 20 (IP header) - 8 (UDP header). */
    public static final int MAX_IPV4_PAYLOAD = 65507;

    private static final int DATAGRAMS_RECEIVED = 0;
    private static final int BYTES_RECEIVED = 1;
    private static final int RECEIVE_DROPPED_TRUNCATED = 2;
    private static final int DATAGRAMS_SENT = 3;
    private static final int BYTES_SENT = 4;
    private static final int SEND_FAILED = 5;
    private static final int SEGMENTED_SENDS_REFUSED = 6;
    private static final int COALESCED_RECEIVES = 7;
    /** The kernel splits one send into at most 64 datagrams on every version with UDP_SEGMENT. */
    private static final int MAX_SEGMENTS_PER_SEND = 64;
    /** A single receive skips at most this many truncated datagrams before it reports "nothing". */
    private static final int MAX_SKIPS_PER_RECEIVE = 64;

    private final NonBlockingDescriptor descriptor;
    private final int fd;
    private final Ipv4Endpoint localEndpoint;
    private final int receiveBufferBytes;
    private final int sendBufferBytes;
    private final int maxSegmentsPerSend;
    /** With UDP_GRO only: where coalesced messages land and wait to be cut into datagrams. */
    private final CoalescedReceiver coalescedReceiver;
    private final SingleWriterCounters counters = new SingleWriterCounters(8);
    private final MemorySegment receiveName;
    private final MemorySegment receiveNameLength;
    private final MemorySegment sendName;
    private final HeapSegmentCache receiveSegments = new HeapSegmentCache();
    private final HeapSegmentCache sendSegments = new HeapSegmentCache();

    private UdpSocket(NonBlockingDescriptor descriptor, Ipv4Endpoint localEndpoint, int receiveBufferBytes,
            int sendBufferBytes, boolean segmentationOffload, boolean receiveCoalescing) {
        this.descriptor = descriptor;
        this.fd = descriptor.fd();
        this.localEndpoint = localEndpoint;
        this.receiveBufferBytes = receiveBufferBytes;
        this.sendBufferBytes = sendBufferBytes;
        this.maxSegmentsPerSend = segmentationOffload ? MAX_SEGMENTS_PER_SEND : 1;
        this.coalescedReceiver = receiveCoalescing ? new CoalescedReceiver(descriptor) : null;
        this.receiveName = descriptor.allocateScratch(PacketBatch.NAME_STRIDE);
        this.receiveNameLength = descriptor.allocateScratch(JAVA_INT.byteSize());
        this.sendName = descriptor.allocateScratch(PacketBatch.NAME_STRIDE);
    }

    /**
     * Opens a socket and binds it to {@code local} (port 0: the kernel picks one, see
     * {@link #localEndpoint()}). Buffer sizes are set with {@code SO_RCVBUFFORCE}/{@code
     * SO_SNDBUFFORCE} where the process may (CAP_NET_ADMIN), else capped by the kernel's
     * {@code rmem_max}/{@code wmem_max}.
     *
     * @throws SyscallException if the socket cannot be created or bound, e.g. the address is in use
     */
    public static UdpSocket bind(Ipv4Endpoint local, UdpSocketOptions options) {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(options, "options");
        try (Arena setup = Arena.ofConfined()) {
            MemorySegment errno = LinuxSyscalls.allocateErrnoSlot(setup);
            int type = LinuxSyscalls.SOCK_DGRAM | LinuxSyscalls.SOCK_NONBLOCK | LinuxSyscalls.SOCK_CLOEXEC;
            int fd = (int) LinuxSyscalls.check(LinuxSyscalls.socket(errno, LinuxSyscalls.AF_INET, type, 0),
                    errno, "socket(AF_INET, SOCK_DGRAM)", "udp " + local);
            try {
                String subject = "udp socket for " + local;
                if (options.reusePort()) {
                    setIntOption(setup, errno, fd, LinuxSyscalls.SOL_SOCKET, LinuxSyscalls.SO_REUSEPORT, 1,
                            "SO_REUSEPORT", subject);
                }
                int receiveBuffer = applyBufferSize(setup, errno, fd, options.receiveBufferBytes(),
                        LinuxSyscalls.SO_RCVBUFFORCE, LinuxSyscalls.SO_RCVBUF, "SO_RCVBUF", subject);
                int sendBuffer = applyBufferSize(setup, errno, fd, options.sendBufferBytes(),
                        LinuxSyscalls.SO_SNDBUFFORCE, LinuxSyscalls.SO_SNDBUF, "SO_SNDBUF", subject);

                MemorySegment name = setup.allocate(PacketBatch.NAME_STRIDE, 8);
                PacketBatch.writeIpv4Name(name, 0, local.address(), local.port());
                LinuxSyscalls.check(LinuxSyscalls.bind(errno, fd, name, PacketBatch.SOCKADDR_IN_SIZE),
                        errno, "bind", local.toString());
                MemorySegment nameLength = setup.allocate(JAVA_INT);
                nameLength.set(JAVA_INT, 0, PacketBatch.NAME_STRIDE);
                LinuxSyscalls.check(LinuxSyscalls.getsockname(errno, fd, name, nameLength),
                        errno, "getsockname", subject);
                Ipv4Endpoint bound = PacketBatch.readIpv4Name(name, 0);

                boolean segmentation = options.segmentationOffload() && supportsSegmentation(setup, errno, fd);
                boolean coalescing = options.receiveCoalescing() && enableCoalescing(setup, errno, fd);

                NonBlockingDescriptor descriptor = NonBlockingDescriptor.adopt(fd, "udp " + bound);
                return new UdpSocket(descriptor, bound, receiveBuffer, sendBuffer, segmentation, coalescing);
            } catch (RuntimeException | Error e) {
                LinuxSyscalls.close(errno, fd);
                throw e;
            }
        }
    }

    /** The address and port the socket is bound to (the real port when 0 was asked for). */
    public Ipv4Endpoint localEndpoint() {
        return localEndpoint;
    }

    /** {@code SO_RCVBUF} as the kernel reports it (twice the request: it counts its bookkeeping). */
    public int receiveBufferBytes() {
        return receiveBufferBytes;
    }

    /** {@code SO_SNDBUF} as the kernel reports it. */
    public int sendBufferBytes() {
        return sendBufferBytes;
    }

    /** Whether {@link #receiveBatch} accepts runs of datagrams coalesced by the kernel (asked for, and supported). */
    public boolean receiveCoalescing() {
        return coalescedReceiver != null;
    }

    /** Whether {@link #sendBatch} hands runs of datagrams to the kernel as one send (asked for, and supported). */
    public boolean segmentationOffload() {
        return maxSegmentsPerSend > 1;
    }

    /**
     * Receives as many waiting datagrams as {@code batch} holds, with one {@code recvmmsg}: each
     * into its slot's payload area, with its sender as the slot's peer. The batch is cleared
     * first. Datagrams longer than the batch's {@code maxPacketSize} are dropped and counted.
     *
     * @return datagrams now in the batch, 0 if none was waiting, -1 if the socket is closed
     */
    public int receiveBatch(PacketBatch batch) {
        if (!descriptor.enterRead()) {
            return -1;
        }
        try {
            batch.clear();
            MemorySegment errno = descriptor.readErrno();
            if (coalescedReceiver != null) {
                return receiveCoalesced(errno, batch);
            }
            batch.prepareReceive();
            int received = LinuxSyscalls.recvmmsg(errno, fd, batch.messages(), batch.capacity(),
                    LinuxSyscalls.MSG_DONTWAIT);
            if (received < 0) {
                return nothingNowOrThrow(LinuxSyscalls.errno(errno), "recvmmsg");
            }
            long bytes = 0;
            int truncated = 0;
            for (int message = 0; message < received; message++) {
                if ((batch.receivedFlags(message) & LinuxSyscalls.MSG_TRUNC) != 0) {
                    truncated++;
                    continue;
                }
                int length = batch.receivedLength(message);
                batch.acceptReceived(message, length);
                bytes += length;
            }
            counters.add(DATAGRAMS_RECEIVED, received - truncated);
            counters.add(BYTES_RECEIVED, bytes);
            if (truncated > 0) {
                counters.add(RECEIVE_DROPPED_TRUNCATED, truncated);
            }
            return batch.count();
        } finally {
            descriptor.exitRead();
        }
    }

    /** Sends every packet of {@code batch}; see {@link #sendBatch(PacketBatch, int)}. */
    public int sendBatch(PacketBatch batch) {
        return sendBatch(batch, 0);
    }

    /**
     * Sends slots {@code first .. batch.count()-1}, each to its own peer, with as few {@code
     * sendmmsg} calls as the kernel allows. A datagram the kernel refuses for itself (no route to
     * its peer, too long, filtered) is skipped and counted; the rest still go.
     *
     * @return how many slots from {@code first} were dealt with (sent or skipped): fewer than
     *     asked only when the send buffer filled up, so call again from {@code first + result}
     *     after {@link #pollWritable}; -1 if the socket is closed
     * @throws IllegalStateException if a slot to send has no peer
     */
    public int sendBatch(PacketBatch batch, int first) {
        Objects.checkIndex(first, batch.count() + 1);
        if (!descriptor.enterWrite()) {
            return -1;
        }
        try {
            batch.stageForSend(first);
            int messageCount = batch.buildSendMessages(first, 0, maxSegmentsPerSend, MAX_IPV4_PAYLOAD);
            MemorySegment errno = descriptor.writeErrno();
            MemorySegment messages = batch.messages();
            int message = 0;
            int sent = 0;
            long bytes = 0;
            int failed = 0;
            while (message < messageCount) {
                MemorySegment from = message == 0 ? messages : messages.asSlice(message * PacketBatch.MESSAGE_SIZE);
                int accepted = LinuxSyscalls.sendmmsg(errno, fd, from, messageCount - message, LinuxSyscalls.MSG_DONTWAIT);
                if (accepted > 0) {
                    for (int m = message; m < message + accepted; m++) {
                        int firstSlot = batch.messageFirstSlot(m);
                        int slots = batch.messageSlotCount(m);
                        for (int slot = firstSlot; slot < firstSlot + slots; slot++) {
                            bytes += batch.length(slot);
                        }
                        sent += slots;
                    }
                    message += accepted;
                    continue;
                }
                int error = LinuxSyscalls.errno(errno);
                if (isTransient(error)) {
                    break;
                }
                if (batch.messageSlotCount(message) > 1) {
                    // The route would not take this run as one send (a segment above its MTU, say):
                    // send the rest of the batch one datagram per message, as without offload.
                    counters.add(SEGMENTED_SENDS_REFUSED, 1);
                    messageCount = batch.buildSendMessages(batch.messageFirstSlot(message), message, 1, MAX_IPV4_PAYLOAD);
                    continue;
                }
                if (!isDatagramError(error)) {
                    throw new SyscallException("sendmmsg", descriptor.toString(), error);
                }
                failed++;
                message++;
            }
            counters.add(DATAGRAMS_SENT, sent);
            counters.add(BYTES_SENT, bytes);
            if (failed > 0) {
                counters.add(SEND_FAILED, failed);
            }
            return message == 0 ? 0
                    : batch.messageFirstSlot(message - 1) + batch.messageSlotCount(message - 1) - first;
        } finally {
            descriptor.exitWrite();
        }
    }

    /**
     * Receives one datagram straight into {@code buffer[offset, offset + capacity)}, without a
     * copy. A datagram longer than {@code capacity} is dropped and counted, and the next one tried.
     */
    public ReceiveResult receive(byte[] buffer, int offset, int capacity) {
        Objects.checkFromIndexSize(offset, capacity, buffer.length);
        if (!descriptor.enterRead()) {
            return ReceiveResult.CLOSED;
        }
        try {
            MemorySegment errno = descriptor.readErrno();
            MemorySegment target = receiveSegments.from(buffer, offset);
            for (int attempt = 0; attempt < MAX_SKIPS_PER_RECEIVE; attempt++) {
                receiveNameLength.set(JAVA_INT, 0, PacketBatch.NAME_STRIDE);
                // MSG_TRUNC makes recvfrom return the real length, so truncation shows.
                long length = LinuxSyscalls.recvfrom(errno, fd, target, capacity,
                        LinuxSyscalls.MSG_DONTWAIT | LinuxSyscalls.MSG_TRUNC, receiveName, receiveNameLength);
                if (length < 0) {
                    nothingNowOrThrow(LinuxSyscalls.errno(errno), "recvfrom");
                    return ReceiveResult.NOTHING_WAITING;
                }
                if (length > capacity) {
                    counters.add(RECEIVE_DROPPED_TRUNCATED, 1);
                    continue;
                }
                counters.add(DATAGRAMS_RECEIVED, 1);
                counters.add(BYTES_RECEIVED, length);
                return new ReceiveResult.Datagram((int) length, PacketBatch.readIpv4Name(receiveName, 0));
            }
            return ReceiveResult.NOTHING_WAITING;
        } finally {
            descriptor.exitRead();
        }
    }

    /**
     * Sends one datagram from {@code buffer[offset, offset + length)} to {@code destination},
     * without a copy.
     *
     * @return {@code length} when sent, 0 when the send buffer is full (see {@link #pollWritable}),
     *     -1 if the socket is closed
     * @throws SyscallException when the kernel refuses the datagram itself (no route, too long)
     */
    public int send(byte[] buffer, int offset, int length, InetEndpoint destination) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length > MAX_IPV4_PAYLOAD) {
            throw new IllegalArgumentException("datagram of " + length + " octets exceeds the IPv4 UDP maximum "
                    + MAX_IPV4_PAYLOAD);
        }
        Ipv4Endpoint to = switch (destination) {
            case Ipv4Endpoint ipv4 -> ipv4;
        };
        if (!descriptor.enterWrite()) {
            return -1;
        }
        try {
            MemorySegment errno = descriptor.writeErrno();
            PacketBatch.writeIpv4Name(sendName, 0, to.address(), to.port());
            long sent = LinuxSyscalls.sendto(errno, fd, sendSegments.from(buffer, offset), length,
                    LinuxSyscalls.MSG_DONTWAIT, sendName, PacketBatch.SOCKADDR_IN_SIZE);
            if (sent < 0) {
                int error = LinuxSyscalls.errno(errno);
                if (isTransient(error)) {
                    return 0;
                }
                if (isDatagramError(error)) {
                    counters.add(SEND_FAILED, 1);
                }
                throw new SyscallException("sendto", descriptor + " -> " + to, error);
            }
            counters.add(DATAGRAMS_SENT, 1);
            counters.add(BYTES_SENT, sent);
            return (int) sent;
        } finally {
            descriptor.exitWrite();
        }
    }

    /**
     * Waits until a datagram is waiting, the socket is closed, or {@code timeoutMillis} pass
     * (negative: no limit). True means the next receive will not wait.
     */
    public boolean poll(long timeoutMillis) {
        return descriptor.awaitReadable(timeoutMillis);
    }

    /** Waits until the send buffer has room, the socket is closed, or {@code timeoutMillis} pass. */
    public boolean pollWritable(long timeoutMillis) {
        return descriptor.awaitWritable(timeoutMillis);
    }

    public boolean isOpen() {
        return descriptor.isOpen();
    }

    public UdpStatistics statistics() {
        return new UdpStatistics(counters.get(DATAGRAMS_RECEIVED), counters.get(BYTES_RECEIVED),
                counters.get(RECEIVE_DROPPED_TRUNCATED), counters.get(DATAGRAMS_SENT), counters.get(BYTES_SENT),
                counters.get(SEND_FAILED), counters.get(SEGMENTED_SENDS_REFUSED), counters.get(COALESCED_RECEIVES));
    }

    /** Closes the socket; a thread waiting in {@link #poll} returns at once. Idempotent. */
    @Override
    public void close() {
        descriptor.close();
    }

    @Override
    public String toString() {
        return descriptor.toString();
    }

    private int receiveCoalesced(MemorySegment errno, PacketBatch batch) {
        CoalescedReceiver receiver = coalescedReceiver;
        int error = receiver.fill(errno, fd, batch);
        counters.add(DATAGRAMS_RECEIVED, receiver.datagrams);
        counters.add(BYTES_RECEIVED, receiver.bytes);
        if ((receiver.truncated | receiver.coalescedMessages) != 0) {
            counters.add(RECEIVE_DROPPED_TRUNCATED, receiver.truncated);
            counters.add(COALESCED_RECEIVES, receiver.coalescedMessages);
        }
        if (error != 0) {
            throw new SyscallException("recvmmsg", descriptor.toString(), error);
        }
        return batch.count();
    }

    private int nothingNowOrThrow(int error, String call) {
        if (isNothingNow(error)) {
            return 0;
        }
        throw new SyscallException(call, descriptor.toString(), error);
    }

    /** Receive errors that mean "nothing to hand over now", not a broken socket. */
    static boolean isNothingNow(int error) {
        // Pending ICMP errors only reach connected sockets, but a stale one must not stop the receiver.
        return error == LinuxSyscalls.EAGAIN || error == LinuxSyscalls.EINTR || error == LinuxSyscalls.ECONNREFUSED
                || error == LinuxSyscalls.EHOSTUNREACH || error == LinuxSyscalls.ENETUNREACH;
    }

    /** The send buffer or a device queue is full: the datagram was not taken, try again later. */
    private static boolean isTransient(int error) {
        return error == LinuxSyscalls.EAGAIN || error == LinuxSyscalls.ENOBUFS || error == LinuxSyscalls.EINTR;
    }

    /** The kernel refused this datagram for something about it, not about the socket. */
    private static boolean isDatagramError(int error) {
        return switch (error) {
            case LinuxSyscalls.EMSGSIZE, LinuxSyscalls.ENETUNREACH, LinuxSyscalls.EHOSTUNREACH,
                    LinuxSyscalls.ENETDOWN, LinuxSyscalls.EHOSTDOWN, LinuxSyscalls.EPERM, LinuxSyscalls.EACCES,
                    LinuxSyscalls.ECONNREFUSED, LinuxSyscalls.EINVAL, LinuxSyscalls.EADDRNOTAVAIL,
                    LinuxSyscalls.EDESTADDRREQ, LinuxSyscalls.EAFNOSUPPORT -> true;
            default -> false;
        };
    }

    private static void setIntOption(Arena setup, MemorySegment errno, int fd, int level, int option, int value,
            String optionName, String subject) {
        MemorySegment cell = setup.allocate(JAVA_INT);
        cell.set(JAVA_INT, 0, value);
        LinuxSyscalls.check(LinuxSyscalls.setsockopt(errno, fd, level, option, cell, (int) JAVA_INT.byteSize()),
                errno, "setsockopt(" + optionName + ")", subject);
    }

    /** Turns UDP_GRO on (Linux 5.0+); false where the kernel does not know it. */
    private static boolean enableCoalescing(Arena setup, MemorySegment errno, int fd) {
        MemorySegment on = setup.allocate(JAVA_INT);
        on.set(JAVA_INT, 0, 1);
        return LinuxSyscalls.setsockopt(errno, fd, LinuxSyscalls.SOL_UDP, LinuxSyscalls.UDP_GRO, on,
                (int) JAVA_INT.byteSize()) == 0;
    }

    /** Whether the kernel knows UDP_SEGMENT (4.18+): setting its socket default to 0 (off) succeeds. */
    private static boolean supportsSegmentation(Arena setup, MemorySegment errno, int fd) {
        MemorySegment off = setup.allocate(JAVA_INT);
        return LinuxSyscalls.setsockopt(errno, fd, LinuxSyscalls.SOL_UDP, LinuxSyscalls.UDP_SEGMENT, off,
                (int) JAVA_INT.byteSize()) == 0;
    }

    /** Sets a buffer size, forcing past the sysctl cap where allowed; returns what the kernel reports. */
    private static int applyBufferSize(Arena setup, MemorySegment errno, int fd, int bytes, int forceOption,
            int plainOption, String optionName, String subject) {
        MemorySegment cell = setup.allocate(JAVA_INT);
        if (bytes > 0) {
            cell.set(JAVA_INT, 0, bytes);
            int forced = LinuxSyscalls.setsockopt(errno, fd, LinuxSyscalls.SOL_SOCKET, forceOption, cell,
                    (int) JAVA_INT.byteSize());
            if (forced < 0) {
                int error = LinuxSyscalls.errno(errno);
                if (error != LinuxSyscalls.EPERM) {
                    throw new SyscallException("setsockopt(" + optionName + "FORCE)", subject, error);
                }
                setIntOption(setup, errno, fd, LinuxSyscalls.SOL_SOCKET, plainOption, bytes, optionName, subject);
            }
        }
        MemorySegment length = setup.allocate(JAVA_INT);
        length.set(JAVA_INT, 0, (int) JAVA_INT.byteSize());
        LinuxSyscalls.check(LinuxSyscalls.getsockopt(errno, fd, LinuxSyscalls.SOL_SOCKET, plainOption, cell, length),
                errno, "getsockopt(" + optionName + ")", subject);
        return cell.get(JAVA_INT, 0);
    }
}
