package io.vpngw.gateway.net;

import java.util.Map;

/**
 * A system call failed in a way its caller cannot treat as "try again later": it names the call,
 * what it was about, and the errno by symbol and meaning, with a hint where the usual cause is
 * known (missing privileges, a name in use).
 */
public final class SyscallException extends RuntimeException {

    private static final Map<Integer, String> SYMBOLS = Map.ofEntries(
            Map.entry(LinuxSyscalls.EPERM, "EPERM (operation not permitted)"),
            Map.entry(LinuxSyscalls.ENOENT, "ENOENT (no such file or directory)"),
            Map.entry(LinuxSyscalls.EINTR, "EINTR (interrupted)"),
            Map.entry(LinuxSyscalls.EIO, "EIO (input/output error)"),
            Map.entry(LinuxSyscalls.EBADF, "EBADF (bad file descriptor)"),
            Map.entry(LinuxSyscalls.EAGAIN, "EAGAIN (resource temporarily unavailable)"),
            Map.entry(LinuxSyscalls.ENOMEM, "ENOMEM (out of memory)"),
            Map.entry(LinuxSyscalls.EACCES, "EACCES (permission denied)"),
            Map.entry(LinuxSyscalls.EFAULT, "EFAULT (bad address)"),
            Map.entry(LinuxSyscalls.EBUSY, "EBUSY (device or resource busy)"),
            Map.entry(LinuxSyscalls.EEXIST, "EEXIST (already exists)"),
            Map.entry(LinuxSyscalls.ENODEV, "ENODEV (no such device)"),
            Map.entry(LinuxSyscalls.EINVAL, "EINVAL (invalid argument)"),
            Map.entry(LinuxSyscalls.EMFILE, "EMFILE (too many open files)"),
            Map.entry(LinuxSyscalls.ENOTTY, "ENOTTY (inappropriate ioctl for device)"),
            Map.entry(LinuxSyscalls.EPIPE, "EPIPE (broken pipe)"),
            Map.entry(LinuxSyscalls.EBADFD, "EBADFD (file descriptor in bad state)"),
            Map.entry(LinuxSyscalls.EDESTADDRREQ, "EDESTADDRREQ (destination address required)"),
            Map.entry(LinuxSyscalls.EMSGSIZE, "EMSGSIZE (message too long)"),
            Map.entry(LinuxSyscalls.ENOPROTOOPT, "ENOPROTOOPT (protocol not available)"),
            Map.entry(LinuxSyscalls.EPROTONOSUPPORT, "EPROTONOSUPPORT (protocol not supported)"),
            Map.entry(LinuxSyscalls.EOPNOTSUPP, "EOPNOTSUPP (operation not supported)"),
            Map.entry(LinuxSyscalls.EAFNOSUPPORT, "EAFNOSUPPORT (address family not supported)"),
            Map.entry(LinuxSyscalls.EADDRINUSE, "EADDRINUSE (address already in use)"),
            Map.entry(LinuxSyscalls.EADDRNOTAVAIL, "EADDRNOTAVAIL (address not available)"),
            Map.entry(LinuxSyscalls.ENETDOWN, "ENETDOWN (network is down)"),
            Map.entry(LinuxSyscalls.ENETUNREACH, "ENETUNREACH (network unreachable)"),
            Map.entry(LinuxSyscalls.ENOBUFS, "ENOBUFS (no buffer space available)"),
            Map.entry(LinuxSyscalls.ECONNREFUSED, "ECONNREFUSED (connection refused)"),
            Map.entry(LinuxSyscalls.EHOSTDOWN, "EHOSTDOWN (host is down)"),
            Map.entry(LinuxSyscalls.EHOSTUNREACH, "EHOSTUNREACH (no route to host)"));

    private final String call;
    private final int errno;

    public SyscallException(String call, String subject, int errno) {
        super(call + " on " + subject + " failed: " + describe(errno) + hint(errno));
        this.call = call;
        this.errno = errno;
    }

    /** The call that failed, e.g. {@code "ioctl(TUNSETIFF)"}. */
    public String call() {
        return call;
    }

    public int errno() {
        return errno;
    }

    /** {@code "EAGAIN (resource temporarily unavailable)"}, or {@code "errno 123"} for the rest. */
    public static String describe(int errno) {
        String symbol = SYMBOLS.get(errno);
        return symbol != null ? symbol : "errno " + errno;
    }

    private static String hint(int errno) {
        return switch (errno) {
            case LinuxSyscalls.EPERM, LinuxSyscalls.EACCES -> "; this needs CAP_NET_ADMIN (run as root or grant the capability)";
            case LinuxSyscalls.EBUSY -> "; another process holds the device, or its queue flags differ";
            case LinuxSyscalls.EADDRINUSE -> "; another socket holds the address (set reusePort on every socket to share it)";
            default -> "";
        };
    }
}
