package io.vpngw.operator.connection;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.vpngw.api.v1alpha1.ConnectionState;
import io.vpngw.api.v1alpha1.NegotiatedAlgorithms;
import io.vpngw.api.v1alpha1.TunnelConnectionStatus;
import io.vpngw.gateway.kube.InstanceStatus;
import io.vpngw.gateway.kube.StatusReporter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns what the gateway instances report (one status document per instance, in the status
 * ConfigMaps they own) into a Connection's tunnel status: per instance, and the whole as Azure
 * shows it — Connected when a serving instance has its tunnel up. The instances write those
 * documents; this class only reads them, so every status field keeps a single writer.
 */
public final class TunnelStatusAggregator {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** One instance's report: which pod, and its document if it wrote a readable one. */
    record InstanceReport(String pod, Optional<InstanceStatus> status) {}

    /** The tunnel status of one Connection. */
    record Aggregate(ConnectionState state, long ingress, long egress, List<TunnelConnectionStatus> tunnels,
                     NegotiatedAlgorithms negotiated) {}

    static InstanceReport read(String pod, Optional<ConfigMap> statusConfigMap) {
        Optional<InstanceStatus> status = statusConfigMap
                .map(cm -> cm.getData() == null ? null : cm.getData().get(StatusReporter.STATUS_KEY))
                .flatMap(TunnelStatusAggregator::parse);
        return new InstanceReport(pod, status);
    }

    /**
     * Point-to-site sessions on the gateway: the sum over the instances that report serving
     * (a standby holds none; both serve when active-active).
     */
    public static int pointToSiteSessions(List<Optional<ConfigMap>> statusConfigMaps) {
        int sessions = 0;
        for (Optional<ConfigMap> cm : statusConfigMaps) {
            InstanceReport report = read("", cm);
            if (report.status().isPresent() && "active".equals(report.status().get().role())) {
                sessions += report.status().get().p2sSessions();
            }
        }
        return sessions;
    }

    private static Optional<InstanceStatus> parse(String json) {
        try {
            return Optional.of(JSON.readValue(json, InstanceStatus.class));
        } catch (IOException e) {
            return Optional.empty(); // a half-written or foreign document says nothing
        }
    }

    /**
     * @param connection the Connection as the instances name it ({@code namespace/name})
     * @param activeActive whether every instance serves, or only the active one
     */
    static Aggregate aggregate(String connection, List<InstanceReport> reports, boolean activeActive) {
        List<TunnelConnectionStatus> tunnels = new ArrayList<>();
        long ingress = 0;
        long egress = 0;
        boolean anyReport = false;
        boolean connected = false;
        boolean connecting = false;
        NegotiatedAlgorithms negotiated = null;
        for (InstanceReport report : reports) {
            if (report.status().isEmpty()) {
                continue;
            }
            InstanceStatus s = report.status().get();
            Optional<InstanceStatus.Connection> line = s.connections().stream().filter(c -> c.name().equals(connection)).findFirst();
            if (line.isEmpty()) {
                continue;
            }
            anyReport = true;
            InstanceStatus.Connection c = line.get();
            boolean serving = activeActive || "active".equals(s.role());
            ConnectionState state = state(c.state());
            TunnelConnectionStatus t = new TunnelConnectionStatus();
            t.setTunnel(report.pod());
            t.setConnectionStatus(state);
            t.setIngressBytesTransferred(c.ingressBytes());
            t.setEgressBytesTransferred(c.egressBytes());
            t.setLastConnectionEstablishedTime(c.lastEstablished());
            tunnels.add(t);
            ingress += c.ingressBytes();
            egress += c.egressBytes();
            if (serving && state == ConnectionState.Connected) {
                connected = true;
                if (negotiated == null && c.algorithms() != null) {
                    negotiated = algorithms(c.algorithms());
                }
            } else if (serving && state == ConnectionState.Connecting) {
                connecting = true;
            }
        }
        ConnectionState overall = !anyReport ? ConnectionState.Unknown
                : connected ? ConnectionState.Connected : connecting ? ConnectionState.Connecting : ConnectionState.NotConnected;
        return new Aggregate(overall, ingress, egress, tunnels, negotiated);
    }

    private static ConnectionState state(String reported) {
        for (ConnectionState s : ConnectionState.values()) {
            if (s.name().equals(reported)) {
                return s;
            }
        }
        return ConnectionState.Unknown;
    }

    private static NegotiatedAlgorithms algorithms(io.vpngw.gateway.status.NegotiatedAlgorithms a) {
        NegotiatedAlgorithms n = new NegotiatedAlgorithms();
        n.setIkeVersion("IKEv2");
        n.setIkeEncryption(a.ikeEncryption());
        n.setIkeIntegrity(a.ikeIntegrity());
        n.setDhGroup(a.dhGroup());
        n.setIpsecEncryption(a.ipsecEncryption());
        n.setIpsecIntegrity(a.ipsecIntegrity());
        return n;
    }
}
