package io.vpngw.gateway.p2s;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.OptionalInt;

/**
 * vpnClientAddressPool as an allocator: each client gets the lowest free address of the pool's
 * prefixes, back when its session ends. Network and broadcast addresses of prefixes up to /30 are
 * never handed out, nor addresses reserved for the gateway's own end of the links.
 * Addresses are IPv4 as {@code int}s. Thread-safe.
 */
public final class Ipv4AddressPool {
    private record Block(int network, int size, BitSet used) {}

    private final List<Block> blocks = new ArrayList<>();
    private int free;

    /**
     * @param prefixes CIDR prefixes such as {@code 172.16.201.0/24}
     * @param reserved addresses never given to clients
     */
    public Ipv4AddressPool(List<String> prefixes, List<Integer> reserved) {
        for (String p : prefixes) {
            int slash = p.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("not a prefix: " + p);
            }
            int length = Integer.parseInt(p.substring(slash + 1).strip());
            if (length < 8 || length > 32) {
                throw new IllegalArgumentException("a client address pool prefix must be /8 to /32: " + p);
            }
            int size = length == 32 ? 1 : 1 << (32 - length);
            int network = parse(p.substring(0, slash).strip()) & (length == 0 ? 0 : -1 << (32 - length));
            BitSet used = new BitSet(size);
            if (length <= 30) {
                used.set(0);
                used.set(size - 1);
            }
            Block b = new Block(network, size, used);
            for (int r : reserved) {
                if (contains(b, r)) {
                    used.set(r - network);
                }
            }
            blocks.add(b);
            free += size - used.cardinality();
        }
    }

    private static boolean contains(Block b, int address) {
        return Integer.compareUnsigned(address - b.network, b.size) < 0;
    }

    /** The first usable address of the first prefix: where the gateway's end of the links usually sits. */
    public static int firstHost(String prefix) {
        int slash = prefix.indexOf('/');
        int length = Integer.parseInt(prefix.substring(slash + 1).strip());
        int network = parse(prefix.substring(0, slash).strip()) & (-1 << (32 - length));
        return length >= 31 ? network : network + 1;
    }

    public synchronized OptionalInt allocate() {
        for (Block b : blocks) {
            int i = b.used.nextClearBit(0);
            if (i < b.size) {
                b.used.set(i);
                free--;
                return OptionalInt.of(b.network + i);
            }
        }
        return OptionalInt.empty();
    }

    public synchronized void release(int address) {
        for (Block b : blocks) {
            if (contains(b, address) && b.used.get(address - b.network)) {
                b.used.clear(address - b.network);
                free++;
                return;
            }
        }
    }

    public synchronized int available() {
        return free;
    }

    public static int parse(String dotted) {
        String[] parts = dotted.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        }
        int a = 0;
        for (String part : parts) {
            int v = Integer.parseInt(part);
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            }
            a = (a << 8) | v;
        }
        return a;
    }

    public static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." + (address & 0xFF);
    }
}
