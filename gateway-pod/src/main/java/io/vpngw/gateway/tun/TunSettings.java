package io.vpngw.gateway.tun;

import java.util.Objects;

/**
 * Which TUN interface to create or attach to.
 *
 * @param name       the interface name, at most 15 characters of letters, digits, '.', '_' and
 *                   '-'; may contain one {@code %d} for the kernel to fill with a free number
 *                   ({@code "vpngw%d"} becomes {@code vpngw0}, {@code vpngw1} ...)
 * @param multiQueue whether the interface has several queues, one file descriptor each, so that
 *                   several threads read and write it in parallel (the kernel spreads flows)
 * @param offload    whether the kernel may hand over TCP and UDP super-packets of up to 64 KB
 *                   with checksums left to finish ({@code IFF_VNET_HDR}, TSO and USO): one read
 *                   then brings up to about 45 packets, which {@link TunDevice} cuts apart
 */
public record TunSettings(String name, boolean multiQueue, boolean offload) {

    /** The kernel's IFNAMSIZ is 16 including the terminating NUL. */
    public static final int MAX_NAME_LENGTH = 15;

    public TunSettings {
        Objects.requireNonNull(name, "name");
        requireValidName(name, true);
    }

    /** A single-queue interface named {@code name}, without offloads. */
    public static TunSettings named(String name) {
        return new TunSettings(name, false, false);
    }

    public TunSettings withMultiQueue(boolean multiQueue) {
        return new TunSettings(name, multiQueue, offload);
    }

    public TunSettings withOffload(boolean offload) {
        return new TunSettings(name, multiQueue, offload);
    }

    /**
     * Refuses names the kernel would refuse, and anything that could be taken for an option when
     * passed to {@code ip}; {@code %d} is allowed only when {@code allowPattern}.
     */
    static String requireValidName(String name, boolean allowPattern) {
        String withoutPattern = allowPattern ? name.replaceFirst("%d", "") : name;
        boolean plain = withoutPattern.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-');
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || !plain || name.startsWith("-")
                || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("'" + name + "' is not a valid interface name: 1.." + MAX_NAME_LENGTH
                    + " letters, digits, '.', '_' or '-', not starting with '-'"
                    + (allowPattern ? ", with at most one %d" : ""));
        }
        return name;
    }
}
