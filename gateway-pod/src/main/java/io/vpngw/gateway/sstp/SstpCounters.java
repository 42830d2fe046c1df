package io.vpngw.gateway.sstp;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The SSTP server's counters, read by status and metrics (never by the packet path):
 * sessions active and established, sessions refused or ended by reason, and inputs dropped by
 * reason. Reasons are short snake_case labels.
 */
public final class SstpCounters {
    private final AtomicInteger active = new AtomicInteger();
    private final LongAdder established = new LongAdder();
    private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();
    private final LongAdder bytesFromClients = new LongAdder();
    private final LongAdder bytesToClients = new LongAdder();

    void sessionUp() {
        active.incrementAndGet();
        established.increment();
    }

    void sessionDown() {
        active.decrementAndGet();
    }

    void countRefused(String reason) {
        refused.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    void countDropped(String reason) {
        dropped.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    void fromClient(int bytes) {
        bytesFromClients.add(bytes);
    }

    void toClient(int bytes) {
        bytesToClients.add(bytes);
    }

    /** IPv4 bytes clients sent into the gateway's networks. */
    public long bytesFromClients() {
        return bytesFromClients.sum();
    }

    /** IPv4 bytes delivered to clients. */
    public long bytesToClients() {
        return bytesToClients.sum();
    }

    /** Sessions past the crypto binding and not yet ended: p2sSessions. */
    public int activeSessions() {
        return active.get();
    }

    public long establishedSessions() {
        return established.sum();
    }

    public long refused(String reason) {
        LongAdder a = refused.get(reason);
        return a == null ? 0 : a.sum();
    }

    public long dropped(String reason) {
        LongAdder a = dropped.get(reason);
        return a == null ? 0 : a.sum();
    }

    public Map<String, Long> refusals() {
        Map<String, Long> out = new TreeMap<>();
        refused.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public Map<String, Long> drops() {
        Map<String, Long> out = new TreeMap<>();
        dropped.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    @Override
    public String toString() {
        return "SstpCounters[active=" + activeSessions() + ", established=" + establishedSessions()
                + ", refused=" + refusals() + ", dropped=" + drops() + "]";
    }
}
