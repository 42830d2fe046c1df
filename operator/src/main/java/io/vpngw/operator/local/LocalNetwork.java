package io.vpngw.operator.local;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local mode's network, built on this host with iproute2 (root only):
 *
 * <pre>
 *   host namespace: API server on {@link #API_ADDRESS} (a /32 on lo), IP forwarding on
 *     ├─ veth lp&lt;n&gt; 100.127.&lt;n/64&gt;.&lt;4(n%64)+1&gt;/30 ─── pod namespace vpngw-local-&lt;n&gt;:
 *     │                                                 eth0 …+2/30, default route via …+1,
 *     │                                                 lo: the gateway's load balancer address(es)
 *     └─ route &lt;load balancer address&gt;/32 via the pod the Service selects (the active one)
 * </pre>
 *
 * Each pod gets a namespace of its own and a /30 to the host; a load balancer address (a
 * Service's external IP, from 198.18.0.0/24, the benchmarking range of RFC 2544) is held on the lo
 * of every pod that may serve it and routed by the host to the one the Service selects — the
 * stand-in for a cloud load balancer or MetalLB. Everything made here is removed by
 * {@link #close()} (and by {@link #removeLeftovers()} after a crash).
 */
final class LocalNetwork implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalNetwork.class);
    static final String API_ADDRESS = "100.127.255.254";
    static final String NAMESPACE_PREFIX = "vpngw-local-";
    private static final String LINK_PREFIX = "lp";
    private static final int MAX_PODS = 64 * 63;

    /** One pod's place in the network. */
    record PodNetwork(int index, String namespace, String hostLink, String hostAddress, String podAddress) {}

    private final BitSet used = new BitSet();
    private final Map<String, PodNetwork> pods = new ConcurrentHashMap<>();
    private final Map<String, String> routes = new ConcurrentHashMap<>();
    private String previousForwarding;

    /** Prepares the host: removes what a crashed run left, adds the API address, turns forwarding on. */
    LocalNetwork start() {
        removeLeftovers();
        HostCommands.run("ip", "link", "set", "lo", "up");
        HostCommands.attempt("ip", "addr", "add", API_ADDRESS + "/32", "dev", "lo");
        previousForwarding = HostCommands.run("sysctl", "-n", "net.ipv4.ip_forward").strip();
        HostCommands.run("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        return this;
    }

    /** Creates a namespace and link for the pod {@code key} (namespace/name); idempotent. */
    synchronized PodNetwork addPod(String key) {
        PodNetwork existing = pods.get(key);
        if (existing != null) {
            return existing;
        }
        int n = used.nextClearBit(1);
        if (n > MAX_PODS) {
            throw new IllegalStateException("local mode runs at most " + MAX_PODS + " pods");
        }
        int third = n / 64;
        int base = (n % 64) * 4;
        String host = "100.127." + third + "." + (base + 1);
        String pod = "100.127." + third + "." + (base + 2);
        PodNetwork net = new PodNetwork(n, NAMESPACE_PREFIX + n, LINK_PREFIX + n, host, pod);
        HostCommands.run("ip", "netns", "add", net.namespace());
        try {
            String peer = net.hostLink() + "p";
            HostCommands.run("ip", "link", "add", net.hostLink(), "type", "veth", "peer", "name", peer);
            HostCommands.run("ip", "link", "set", peer, "netns", net.namespace());
            HostCommands.run("ip", "addr", "add", host + "/30", "dev", net.hostLink());
            HostCommands.run("ip", "link", "set", net.hostLink(), "up");
            HostCommands.run(HostCommands.inNamespace(net.namespace(), "ip", "link", "set", "lo", "up"));
            HostCommands.run(HostCommands.inNamespace(net.namespace(), "ip", "link", "set", peer, "name", "eth0"));
            HostCommands.run(HostCommands.inNamespace(net.namespace(), "ip", "addr", "add", pod + "/30", "dev", "eth0"));
            HostCommands.run(HostCommands.inNamespace(net.namespace(), "ip", "link", "set", "eth0", "up"));
            HostCommands.run(HostCommands.inNamespace(net.namespace(), "ip", "route", "add", "default", "via", host));
        } catch (RuntimeException e) {
            HostCommands.attempt("ip", "link", "del", net.hostLink());
            HostCommands.attempt("ip", "netns", "del", net.namespace());
            throw e;
        }
        used.set(n);
        pods.put(key, net);
        LOG.info("pod {}: namespace {}, address {}", key, net.namespace(), pod);
        return net;
    }

    /** Holds {@code address} on the pod's lo so that it can bind it and answer on it. */
    void holdAddress(PodNetwork pod, String address) {
        HostCommands.Result r = HostCommands.attempt(HostCommands.inNamespace(pod.namespace(),
                "ip", "addr", "add", address + "/32", "dev", "lo"));
        if (r.exit() != 0 && !r.output().contains("File exists") && !r.output().contains("already assigned")) {
            throw new IllegalStateException("adding " + address + " to pod namespace " + pod.namespace() + ": " + r.output());
        }
    }

    /** Routes {@code address} to the pod (null: to nowhere, unreachable). */
    synchronized void route(String address, PodNetwork pod) {
        String via = pod == null ? "" : pod.podAddress();
        if (via.equals(routes.get(address))) {
            return;
        }
        if (pod == null) {
            HostCommands.run("ip", "route", "replace", "unreachable", address + "/32");
        } else {
            HostCommands.run("ip", "route", "replace", address + "/32", "via", via);
        }
        routes.put(address, via);
        LOG.info("load balancer address {} -> {}", address, pod == null ? "nowhere" : pod.namespace());
    }

    synchronized void removeRoute(String address) {
        if (routes.remove(address) != null) {
            HostCommands.attempt("ip", "route", "del", address + "/32");
        }
    }

    /** Removes the pod's link and namespace (its processes must have ended). */
    synchronized void removePod(String key) {
        PodNetwork net = pods.remove(key);
        if (net == null) {
            return;
        }
        HostCommands.attempt("ip", "link", "del", net.hostLink());
        HostCommands.attempt("ip", "netns", "del", net.namespace());
        used.clear(net.index());
    }

    PodNetwork pod(String key) {
        return pods.get(key);
    }

    List<String> namespaces() {
        return pods.values().stream().map(PodNetwork::namespace).toList();
    }

    /** Namespaces and links of an earlier run that ended without cleaning up. */
    static void removeLeftovers() {
        for (String line : HostCommands.attempt("ip", "netns", "list").output().split("\n")) {
            String name = line.split(" ")[0].strip();
            if (name.startsWith(NAMESPACE_PREFIX)) {
                HostCommands.attempt("ip", "netns", "del", name);
            }
        }
        for (String line : HostCommands.attempt("ip", "-o", "link", "show").output().split("\n")) {
            String[] parts = line.split(":\\s+");
            if (parts.length > 1) {
                String link = parts[1].split("@")[0];
                if (link.matches(LINK_PREFIX + "\\d+")) {
                    HostCommands.attempt("ip", "link", "del", link);
                }
            }
        }
        for (String line : HostCommands.attempt("ip", "route", "show").output().split("\n")) {
            if (line.startsWith("198.18.0.") || line.startsWith("unreachable 198.18.0.")) {
                List<String> del = new ArrayList<>(List.of("ip", "route", "del"));
                del.addAll(List.of(line.strip().split("\\s+")));
                HostCommands.attempt(del.toArray(String[]::new));
            }
        }
    }

    @Override
    public synchronized void close() {
        for (String address : List.copyOf(routes.keySet())) {
            removeRoute(address);
        }
        for (String key : List.copyOf(pods.keySet())) {
            removePod(key);
        }
        HostCommands.attempt("ip", "addr", "del", API_ADDRESS + "/32", "dev", "lo");
        if (previousForwarding != null) {
            HostCommands.attempt("sysctl", "-q", "-w", "net.ipv4.ip_forward=" + previousForwarding);
        }
    }
}
