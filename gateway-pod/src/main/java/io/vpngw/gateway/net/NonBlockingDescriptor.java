package io.vpngw.gateway.net;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A non-blocking file descriptor (a TUN queue, a UDP socket) with one reading and one writing
 * thread, that can be closed safely while they use it.
 *
 * <p><b>Why not just {@code close(fd)}:</b> a thread may be inside {@code poll} or {@code read} on
 * the descriptor when another thread closes it. Closing the number right away would let the
 * kernel hand it to the next {@code open}, and the late reader would then read someone else's
 * file. So each side (read, write) counts the calls in flight; {@link #close()} first makes a
 * private eventfd readable, which every {@code poll} here also watches, so waiting threads return
 * at once; then it refuses new calls, waits (bounded) for the calls in flight to return, and
 * releases the descriptor (fd, eventfd, native scratch) itself.
 *
 * <p><b>Sides:</b> the read side ({@link #enterRead()} ... {@link #exitRead()}, {@link
 * #readErrno()}, {@link #awaitReadable}) belongs to one thread at a time, and so does the write
 * side; the two may run concurrently. The two in-flight counts live 128 bytes apart so that the
 * reader and the writer do not contend for a cache line on every call.
 */
public final class NonBlockingDescriptor implements AutoCloseable {

    /** {@code struct pollfd { int fd; short events; short revents; }} */
    static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));
    private static final long POLLFD_EVENTS = POLLFD.byteOffset(MemoryLayout.PathElement.groupElement("events"));

    private static final VarHandle IN_FLIGHT = MethodHandles.arrayElementVarHandle(int[].class);
    private static final int READ_SIDE = 16;
    private static final int WRITE_SIDE = 48;
    private static final int CLOSED_BIT = Integer.MIN_VALUE;
    private static final long RELEASE_WAIT_SECONDS = 5;

    private final int fd;
    private final int wakeFd;
    private final String description;
    private final Arena arena;
    private final MemorySegment readErrno;
    private final MemorySegment writeErrno;
    private final MemorySegment closeErrno;
    private final MemorySegment readPollFds;
    private final MemorySegment writePollFds;
    private final MemorySegment wakeValue;
    private final int[] inFlight = new int[64];
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicInteger drainedSides = new AtomicInteger();
    private final CountDownLatch drained = new CountDownLatch(1);
    private final AtomicBoolean closerGaveUp = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();

    private NonBlockingDescriptor(int fd, int wakeFd, String description, Arena arena) {
        this.fd = fd;
        this.wakeFd = wakeFd;
        this.description = description;
        this.arena = arena;
        this.readErrno = LinuxSyscalls.allocateErrnoSlot(arena);
        this.writeErrno = LinuxSyscalls.allocateErrnoSlot(arena);
        this.closeErrno = LinuxSyscalls.allocateErrnoSlot(arena);
        this.readPollFds = pollFds(arena, fd, LinuxSyscalls.POLLIN, wakeFd);
        this.writePollFds = pollFds(arena, fd, LinuxSyscalls.POLLOUT, wakeFd);
        this.wakeValue = arena.allocate(JAVA_LONG);
        wakeValue.set(JAVA_LONG, 0, 1L);
    }

    /**
     * Takes ownership of {@code fd}, which must already be non-blocking; {@code description}
     * names it in errors and {@link #toString()}. Closes {@code fd} if this fails.
     */
    public static NonBlockingDescriptor adopt(int fd, String description) {
        Arena arena = Arena.ofShared();
        MemorySegment errno = LinuxSyscalls.allocateErrnoSlot(arena);
        try {
            int wakeFd = LinuxSyscalls.eventfd(errno, 0, LinuxSyscalls.EFD_CLOEXEC | LinuxSyscalls.EFD_NONBLOCK);
            LinuxSyscalls.check(wakeFd, errno, "eventfd", description);
            return new NonBlockingDescriptor(fd, wakeFd, description, arena);
        } catch (RuntimeException | Error e) {
            LinuxSyscalls.close(errno, fd);
            arena.close();
            throw e;
        }
    }

    public int fd() {
        return fd;
    }

    /**
     * Native memory that lives exactly as long as the descriptor, for scratch that calls of one
     * side use (socket addresses, lengths). Zeroed. Only while open.
     */
    public MemorySegment allocateScratch(long byteSize) {
        return arena.allocate(byteSize, 8);
    }

    /** Starts a read-side call; false once closed, and then the call must not touch the fd. */
    public boolean enterRead() {
        return enter(READ_SIDE);
    }

    public void exitRead() {
        exit(READ_SIDE);
    }

    /** Starts a write-side call; false once closed, and then the call must not touch the fd. */
    public boolean enterWrite() {
        return enter(WRITE_SIDE);
    }

    public void exitWrite() {
        exit(WRITE_SIDE);
    }

    /** The errno slot of the read side; only between {@link #enterRead()} and {@link #exitRead()}. */
    public MemorySegment readErrno() {
        return readErrno;
    }

    /** The errno slot of the write side; only between {@link #enterWrite()} and {@link #exitWrite()}. */
    public MemorySegment writeErrno() {
        return writeErrno;
    }

    /**
     * Waits until the descriptor is readable, it is closed, or {@code timeoutMillis} pass
     * (negative: no limit). True means the next read will not wait: data, an error to report, or
     * a close. False means the time ran out (or a signal cut the wait short).
     */
    public boolean awaitReadable(long timeoutMillis) {
        if (!enterRead()) {
            return true;
        }
        try {
            return await(readPollFds, readErrno, timeoutMillis);
        } finally {
            exitRead();
        }
    }

    /** Like {@link #awaitReadable} for room to write; used by the write side. */
    public boolean awaitWritable(long timeoutMillis) {
        if (!enterWrite()) {
            return true;
        }
        try {
            return await(writePollFds, writeErrno, timeoutMillis);
        } finally {
            exitWrite();
        }
    }

    public boolean isOpen() {
        return !closing.get();
    }

    /**
     * Wakes every waiting thread, refuses new calls, waits for the calls in flight to return, and
     * releases the descriptor. Waits a few seconds at most; if a call is still running then (a
     * thread stuck outside this class), the release happens when it returns. Idempotent; a
     * second caller waits like the first.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitDrained();
            return;
        }
        // Wake first: once both sides are closed the release may run and close the eventfd.
        LinuxSyscalls.write(closeErrno, wakeFd, wakeValue, wakeValue.byteSize());
        markClosed(READ_SIDE);
        markClosed(WRITE_SIDE);
        // The closer releases, so that the packet threads do not pay for it (closing a TUN's last
        // queue removes the interface, which takes the kernel milliseconds).
        if (awaitDrained()) {
            release();
        } else {
            closerGaveUp.set(true);
            if (drained.getCount() == 0) {
                release();
            }
        }
    }

    @Override
    public String toString() {
        return description + (isOpen() ? "" : " (closed)");
    }

    private boolean await(MemorySegment pollFds, MemorySegment errno, long timeoutMillis) {
        int timeout = timeoutMillis < 0 ? -1 : (int) Math.min(timeoutMillis, Integer.MAX_VALUE);
        int ready = LinuxSyscalls.poll(errno, pollFds, 2, timeout);
        if (ready < 0) {
            int error = LinuxSyscalls.errno(errno);
            if (error == LinuxSyscalls.EINTR) {
                return false;
            }
            throw new SyscallException("poll", description, error);
        }
        return ready > 0;
    }

    private boolean enter(int side) {
        while (true) {
            int state = (int) IN_FLIGHT.getVolatile(inFlight, side);
            if (state < 0) {
                return false;
            }
            if (IN_FLIGHT.compareAndSet(inFlight, side, state, state + 1)) {
                return true;
            }
        }
    }

    private void exit(int side) {
        int after = (int) IN_FLIGHT.getAndAdd(inFlight, side, -1) - 1;
        if (after == CLOSED_BIT) {
            sideDrained();
        }
    }

    private void markClosed(int side) {
        int before = (int) IN_FLIGHT.getAndBitwiseOr(inFlight, side, CLOSED_BIT);
        if (before == 0) {
            sideDrained();
        }
    }

    private void sideDrained() {
        if (drainedSides.incrementAndGet() == 2) {
            drained.countDown();
            if (closerGaveUp.get()) {
                release();
            }
        }
    }

    /** Waits, bounded, until no call is in flight on either side; true if that happened. */
    private boolean awaitDrained() {
        try {
            return drained.await(RELEASE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Closes both descriptors and frees the scratch memory, once, after the last call has left. */
    private void release() {
        if (released.compareAndSet(false, true)) {
            LinuxSyscalls.close(closeErrno, fd);
            LinuxSyscalls.close(closeErrno, wakeFd);
            arena.close();
        }
    }

    private static MemorySegment pollFds(Arena arena, int fd, short events, int wakeFd) {
        MemorySegment fds = arena.allocate(POLLFD, 2);
        fds.set(JAVA_INT, 0, fd);
        fds.set(JAVA_SHORT, POLLFD_EVENTS, events);
        fds.set(JAVA_INT, POLLFD.byteSize(), wakeFd);
        fds.set(JAVA_SHORT, POLLFD.byteSize() + POLLFD_EVENTS, LinuxSyscalls.POLLIN);
        return fds;
    }
}
