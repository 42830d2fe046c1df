package io.vpngw.gateway.status;

import java.util.List;
import java.util.Map;

/**
 * The data plane's counters and tunnels at one moment; counters only grow while it runs.
 *
 * @param running          whether the data plane is up (sockets bound, threads running)
 * @param packetDrops      dropped packets by reason (lower-case reason names)
 * @param ikeNegotiations  IKE SA negotiations by result ({@code success}, {@code failure})
 */
public record DataPlaneSnapshot(boolean running, List<TunnelStatus> tunnels, Map<String, Long> packetDrops,
                                Map<String, Long> ikeNegotiations) {
    public static final DataPlaneSnapshot STOPPED = new DataPlaneSnapshot(false, List.of(), Map.of(), Map.of());

    public DataPlaneSnapshot {
        tunnels = List.copyOf(tunnels);
        packetDrops = Map.copyOf(packetDrops);
        ikeNegotiations = Map.copyOf(ikeNegotiations);
    }
}
