package io.vpngw.gateway.net;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * Every C library call of the gateway's packet I/O, as downcalls through {@link Linker}, and the
 * Linux constants they take. Nothing else in the gateway talks to the kernel directly.
 *
 * <p>Each call takes an <em>errno slot</em> first ({@link #allocateErrnoSlot}): the linker copies
 * {@code errno} there right after the call, before the JVM can clobber it. A slot belongs to one
 * thread at a time. Calls return the raw C result; a negative result means "read the slot".
 * {@link #check} turns that into a {@link SyscallException} for setup calls, while the hot path
 * reads the errno itself so that {@code EAGAIN} stays a cheap "nothing now".
 *
 * <p>{@code read}, {@code write}, {@code sendto} and {@code recvfrom} are <em>critical</em> calls
 * that accept heap segments ({@code MemorySegment.ofArray(byte[])}), so packets move between the
 * kernel and Java arrays without a copy. A critical call holds off garbage collection while it
 * runs, which is only acceptable because every descriptor they are used on is non-blocking.
 * {@code recvmmsg} and {@code sendmmsg} are critical too (short, non-blocking) but see only native
 * memory: their message vectors hold addresses, which a moving collector could invalidate.
 *
 * <p>Constants are those of Linux on x86-64 and aarch64 (the generic ABI); this class refuses to
 * load on a 32-bit JVM, whose structure layouts differ.
 */
public final class LinuxSyscalls {

    // open(2)
    public static final int O_RDONLY = 0;
    public static final int O_RDWR = 2;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_CLOEXEC = 0x80000;

    // errno values the packet path tells apart
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int EMFILE = 24;
    public static final int ENOTTY = 25;
    public static final int EPIPE = 32;
    public static final int EBADFD = 77;
    public static final int EDESTADDRREQ = 89;
    public static final int EMSGSIZE = 90;
    public static final int ENOPROTOOPT = 92;
    public static final int EPROTONOSUPPORT = 93;
    public static final int EOPNOTSUPP = 95;
    public static final int EAFNOSUPPORT = 97;
    public static final int EADDRINUSE = 98;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ENETDOWN = 100;
    public static final int ENETUNREACH = 101;
    public static final int ENOBUFS = 105;
    public static final int ECONNREFUSED = 111;
    public static final int EHOSTDOWN = 112;
    public static final int EHOSTUNREACH = 113;

    // poll(2)
    public static final short POLLIN = 0x1;
    public static final short POLLOUT = 0x4;
    public static final short POLLERR = 0x8;
    public static final short POLLHUP = 0x10;
    public static final short POLLNVAL = 0x20;

    // eventfd(2)
    public static final int EFD_NONBLOCK = 0x800;
    public static final int EFD_CLOEXEC = 0x80000;

    // socket(2), setsockopt(2), send/recv flags
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int IPPROTO_UDP = 17;
    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_REUSEPORT = 15;
    public static final int SO_SNDBUFFORCE = 32;
    public static final int SO_RCVBUFFORCE = 33;
    public static final int SOL_UDP = 17;
    public static final int UDP_SEGMENT = 103;
    public static final int UDP_GRO = 104;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;

    // setns(2)
    public static final int CLONE_NEWNET = 0x40000000;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET =
            CALL_STATE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final Linker.Option CRITICAL_WITH_HEAP = Linker.Option.critical(true);
    private static final Linker.Option CRITICAL_NATIVE_ONLY = Linker.Option.critical(false);
    private static final Linker.Option VARIADIC_AFTER_TWO = Linker.Option.firstVariadicArg(2);

    static {
        if (ADDRESS.byteSize() != 8) {
            throw new UnsupportedOperationException("packet I/O needs a 64-bit JVM; structure layouts assume LP64");
        }
    }

    private static final MethodHandle OPEN = downcall("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), VARIADIC_AFTER_TWO, CAPTURE_ERRNO);
    private static final MethodHandle CLOSE = downcall("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle IOCTL_POINTER = downcall("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), VARIADIC_AFTER_TWO, CAPTURE_ERRNO);
    private static final MethodHandle IOCTL_VALUE = downcall("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), VARIADIC_AFTER_TWO, CAPTURE_ERRNO);
    private static final MethodHandle READ = downcall("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CRITICAL_WITH_HEAP, CAPTURE_ERRNO);
    private static final MethodHandle WRITE = downcall("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CRITICAL_WITH_HEAP, CAPTURE_ERRNO);
    private static final MethodHandle POLL = downcall("poll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle EVENTFD = downcall("eventfd",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle SOCKET = downcall("socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle BIND = downcall("bind",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle GETSOCKNAME = downcall("getsockname",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle SETSOCKOPT = downcall("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle GETSOCKOPT = downcall("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle SENDTO = downcall("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT),
            CRITICAL_WITH_HEAP, CAPTURE_ERRNO);
    private static final MethodHandle RECVFROM = downcall("recvfrom",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS),
            CRITICAL_WITH_HEAP, CAPTURE_ERRNO);
    private static final MethodHandle SENDMMSG = downcall("sendmmsg",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), CRITICAL_NATIVE_ONLY, CAPTURE_ERRNO);
    private static final MethodHandle RECVMMSG = downcall("recvmmsg",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS),
            CRITICAL_NATIVE_ONLY, CAPTURE_ERRNO);
    private static final MethodHandle SETNS = downcall("setns",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);

    private LinuxSyscalls() {}

    /** A slot the linker copies {@code errno} into after each call; one per thread that makes calls. */
    public static MemorySegment allocateErrnoSlot(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    /** The {@code errno} the last call that used {@code slot} left behind. */
    public static int errno(MemorySegment slot) {
        return slot.get(JAVA_INT, ERRNO_OFFSET);
    }

    /**
     * Returns {@code result} when it is not negative, else throws a {@link SyscallException} naming
     * {@code call} and {@code subject} (the device, address or option it was about).
     */
    public static long check(long result, MemorySegment errnoSlot, String call, String subject) {
        if (result < 0) {
            throw new SyscallException(call, subject, errno(errnoSlot));
        }
        return result;
    }

    /** {@code open(path, flags)}; {@code path} is a NUL-terminated native string. */
    public static int open(MemorySegment errnoSlot, MemorySegment path, int flags) {
        try {
            return (int) OPEN.invokeExact(errnoSlot, path, flags, 0);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static int close(MemorySegment errnoSlot, int fd) {
        try {
            return (int) CLOSE.invokeExact(errnoSlot, fd);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code ioctl} whose argument is a pointer, such as {@code TUNSETIFF} with its {@code struct ifreq}. */
    public static int ioctl(MemorySegment errnoSlot, int fd, long request, MemorySegment argument) {
        try {
            return (int) IOCTL_POINTER.invokeExact(errnoSlot, fd, request, argument);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code ioctl} whose argument is passed by value, such as {@code TUNSETOFFLOAD} with its flags. */
    public static int ioctlValue(MemorySegment errnoSlot, int fd, long request, long argument) {
        try {
            return (int) IOCTL_VALUE.invokeExact(errnoSlot, fd, request, argument);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code read(fd, buffer, length)}; {@code buffer} may be a heap segment. Only for non-blocking fds. */
    public static long read(MemorySegment errnoSlot, int fd, MemorySegment buffer, long length) {
        try {
            return (long) READ.invokeExact(errnoSlot, fd, buffer, length);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code write(fd, buffer, length)}; {@code buffer} may be a heap segment. Only for non-blocking fds. */
    public static long write(MemorySegment errnoSlot, int fd, MemorySegment buffer, long length) {
        try {
            return (long) WRITE.invokeExact(errnoSlot, fd, buffer, length);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code poll(fds, count, timeoutMillis)}: an ordinary call, as it may block for the timeout. */
    public static int poll(MemorySegment errnoSlot, MemorySegment pollFds, long count, int timeoutMillis) {
        try {
            return (int) POLL.invokeExact(errnoSlot, pollFds, count, timeoutMillis);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static int eventfd(MemorySegment errnoSlot, int initialValue, int flags) {
        try {
            return (int) EVENTFD.invokeExact(errnoSlot, initialValue, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static int socket(MemorySegment errnoSlot, int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(errnoSlot, domain, type, protocol);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static int bind(MemorySegment errnoSlot, int fd, MemorySegment address, int addressLength) {
        try {
            return (int) BIND.invokeExact(errnoSlot, fd, address, addressLength);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code getsockname}; {@code addressLength} is an in/out {@code socklen_t}. */
    public static int getsockname(MemorySegment errnoSlot, int fd, MemorySegment address, MemorySegment addressLength) {
        try {
            return (int) GETSOCKNAME.invokeExact(errnoSlot, fd, address, addressLength);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static int setsockopt(MemorySegment errnoSlot, int fd, int level, int option, MemorySegment value,
            int valueLength) {
        try {
            return (int) SETSOCKOPT.invokeExact(errnoSlot, fd, level, option, value, valueLength);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code getsockopt}; {@code valueLength} is an in/out {@code socklen_t}. */
    public static int getsockopt(MemorySegment errnoSlot, int fd, int level, int option, MemorySegment value,
            MemorySegment valueLength) {
        try {
            return (int) GETSOCKOPT.invokeExact(errnoSlot, fd, level, option, value, valueLength);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code sendto}; {@code buffer} may be a heap segment, {@code address} may be native or heap. */
    public static long sendto(MemorySegment errnoSlot, int fd, MemorySegment buffer, long length, int flags,
            MemorySegment address, int addressLength) {
        try {
            return (long) SENDTO.invokeExact(errnoSlot, fd, buffer, length, flags, address, addressLength);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code recvfrom}; {@code buffer} may be a heap segment; {@code addressLength} is in/out. */
    public static long recvfrom(MemorySegment errnoSlot, int fd, MemorySegment buffer, long length, int flags,
            MemorySegment address, MemorySegment addressLength) {
        try {
            return (long) RECVFROM.invokeExact(errnoSlot, fd, buffer, length, flags, address, addressLength);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code sendmmsg}; {@code messages} is a native array of {@code struct mmsghdr}. */
    public static int sendmmsg(MemorySegment errnoSlot, int fd, MemorySegment messages, int count, int flags) {
        try {
            return (int) SENDMMSG.invokeExact(errnoSlot, fd, messages, count, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * {@code recvmmsg} without a timeout (it is only checked after a datagram arrives, so the
     * packet path uses {@code MSG_DONTWAIT} and {@link #poll} instead).
     */
    public static int recvmmsg(MemorySegment errnoSlot, int fd, MemorySegment messages, int count, int flags) {
        try {
            return (int) RECVMMSG.invokeExact(errnoSlot, fd, messages, count, flags, MemorySegment.NULL);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code setns}: moves the calling thread (only it) into the namespace {@code fd} refers to. */
    public static int setns(MemorySegment errnoSlot, int fd, int namespaceType) {
        try {
            return (int) SETNS.invokeExact(errnoSlot, fd, namespaceType);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @SuppressWarnings("restricted") // the one place native access is granted; see the class comment
    private static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsupportedOperationException("the C library has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    /** Downcalls throw only unchecked exceptions; anything else means a broken handle. */
    private static RuntimeException unexpected(Throwable thrown) {
        if (thrown instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (thrown instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException("downcall threw " + thrown, thrown);
    }
}
