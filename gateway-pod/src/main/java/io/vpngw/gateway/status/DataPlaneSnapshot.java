package io.vpngw.gateway.status;

import java.util.List;
import java.util.Map;

/**
 * The data plane's counters and tunnels at one moment; counters only grow while it runs.
 *
 * @param running          whether the data plane is up (sockets bound, threads running)
 * @param packetDrops      dropped packets by reason (lower-case reason names)
 * @param ikeNegotiations  IKE SA negotiations by result ({@code success}, {@code failure})
 * @param p2sSessions      connected point-to-site sessions by protocol ({@code SSTP}, {@code IKEv2})
 * @param p2sRefusals      point-to-site sessions refused or aborted, by reason
 * @param p2sBytes         point-to-site IPv4 bytes by protocol and direction ({@code SSTP/in}: from
 *                         clients into the gateway's networks, {@code SSTP/out}: to clients)
 */
public record DataPlaneSnapshot(boolean running, List<TunnelStatus> tunnels, Map<String, Long> packetDrops,
                                Map<String, Long> ikeNegotiations, Map<String, Integer> p2sSessions,
                                Map<String, Long> p2sRefusals, Map<String, Long> p2sBytes) {
    public static final DataPlaneSnapshot STOPPED = new DataPlaneSnapshot(false, List.of(), Map.of(), Map.of());

    public DataPlaneSnapshot {
        tunnels = List.copyOf(tunnels);
        packetDrops = Map.copyOf(packetDrops);
        ikeNegotiations = Map.copyOf(ikeNegotiations);
        p2sSessions = Map.copyOf(p2sSessions);
        p2sRefusals = Map.copyOf(p2sRefusals);
        p2sBytes = Map.copyOf(p2sBytes);
    }

    /** Site-to-site only. */
    public DataPlaneSnapshot(boolean running, List<TunnelStatus> tunnels, Map<String, Long> packetDrops,
                             Map<String, Long> ikeNegotiations) {
        this(running, tunnels, packetDrops, ikeNegotiations, Map.of(), Map.of(), Map.of());
    }

    /** The same with point-to-site's figures. */
    public DataPlaneSnapshot withPointToSite(Map<String, Integer> sessions, Map<String, Long> refusals) {
        return new DataPlaneSnapshot(running, tunnels, packetDrops, ikeNegotiations, sessions, refusals, p2sBytes);
    }

    /** The same with point-to-site's byte counters ({@code PROTOCOL/in|out}). */
    public DataPlaneSnapshot withPointToSiteBytes(Map<String, Long> bytes) {
        return new DataPlaneSnapshot(running, tunnels, packetDrops, ikeNegotiations, p2sSessions, p2sRefusals, bytes);
    }

    /** Connected point-to-site sessions of all protocols: p2sSessions. */
    public int p2sSessionCount() {
        return p2sSessions.values().stream().mapToInt(Integer::intValue).sum();
    }
}
