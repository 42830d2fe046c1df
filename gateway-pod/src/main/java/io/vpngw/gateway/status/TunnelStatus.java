package io.vpngw.gateway.status;

import java.time.Instant;
import java.util.Objects;

/**
 * One connection as the data plane sees it now.
 *
 * @param lastEstablished when its IKE SA was last established, or null if never
 * @param algorithms      what was negotiated, or null while not connected
 */
public record TunnelStatus(String connection, TunnelState state, long bytesIn, long bytesOut, long packetsIn,
                           long packetsOut, Instant lastEstablished, NegotiatedAlgorithms algorithms) {
    public TunnelStatus {
        Objects.requireNonNull(connection);
        Objects.requireNonNull(state);
    }
}
