package io.vpngw.gateway.kube;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vpngw.gateway.status.DataPlaneSnapshot;
import io.vpngw.gateway.status.NegotiatedAlgorithms;
import io.vpngw.gateway.status.TunnelStatus;
import java.util.Comparator;
import java.util.List;

/**
 * The document an instance writes to its status ConfigMap under {@link StatusReporter#STATUS_KEY}.
 * It holds no timestamps of its own making, so an unchanged instance writes an unchanged document.
 *
 * @param role        {@code active} or {@code standby}
 * @param leaseRenewed false while an active instance serves without having renewed its Lease
 * @param generation  the configuration's generation in force, or 0 before the first
 * @param p2sSessions connected point-to-site sessions on this instance (left out when none)
 */
public record InstanceStatus(String role, boolean leaseRenewed, boolean ready, long generation,
                             List<Connection> connections,
                             @JsonInclude(JsonInclude.Include.NON_DEFAULT) int p2sSessions) {
    public InstanceStatus {
        connections = List.copyOf(connections);
    }

    public InstanceStatus(String role, boolean leaseRenewed, boolean ready, long generation, List<Connection> connections) {
        this(role, leaseRenewed, ready, generation, connections, 0);
    }

    /** One connection's line. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Connection(String name, String state, long ingressBytes, long egressBytes, String lastEstablished,
                             NegotiatedAlgorithms algorithms) {}

    public static InstanceStatus of(InstanceRole role, boolean ready, long generation, DataPlaneSnapshot dataPlane) {
        return new InstanceStatus(role.podLabel(), role != InstanceRole.ACTIVE_UNCONFIRMED, ready, generation,
                dataPlane.tunnels().stream().sorted(Comparator.comparing(TunnelStatus::connection))
                        .map(t -> new Connection(t.connection(), t.state().name(), t.bytesIn(), t.bytesOut(),
                                t.lastEstablished() == null ? null : t.lastEstablished().toString(), t.algorithms()))
                        .toList(), dataPlane.p2sSessionCount());
    }
}
