package io.vpngw.operator.local;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vpngw.api.v1alpha1.Connection;
import io.vpngw.api.v1alpha1.ConnectionState;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import io.vpngw.api.v1alpha1.Condition;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What local mode prints: a table of gateways and one of connections, from the resources' status. */
public final class LocalStatus {
    private LocalStatus() {}

    public static void print(KubernetesClient client, PrintWriter out) {
        List<VirtualNetworkGateway> gateways = new ArrayList<>(client.resources(VirtualNetworkGateway.class).inAnyNamespace().list().getItems());
        gateways.sort(Comparator.comparing(g -> g.getMetadata().getNamespace() + "/" + g.getMetadata().getName()));
        out.printf("%-32s %-8s %-10s %-16s %-22s %s%n", "GATEWAY", "SKU", "STATE", "PUBLIC ADDRESS", "ACTIVE INSTANCE", "MESSAGE");
        for (VirtualNetworkGateway g : gateways) {
            var s = g.getStatus();
            out.printf("%-32s %-8s %-10s %-16s %-22s %s%n", g.getMetadata().getNamespace() + "/" + g.getMetadata().getName(),
                    g.getSpec().getSku(), s == null ? "-" : String.valueOf(s.getProvisioningState()),
                    s == null || s.getPublicIpAddresses() == null || s.getPublicIpAddresses().isEmpty() ? "-" : String.join(",", s.getPublicIpAddresses()),
                    s == null || s.getActiveInstance() == null ? "-" : s.getActiveInstance(),
                    s == null ? "" : ready(s.getConditions()).map(Condition::getMessage).orElse(""));
        }
        List<Connection> connections = new ArrayList<>(client.resources(Connection.class).inAnyNamespace().list().getItems());
        connections.sort(Comparator.comparing(c -> c.getMetadata().getNamespace() + "/" + c.getMetadata().getName()));
        out.println();
        out.printf("%-32s %-12s %-14s %-14s %s%n", "CONNECTION", "STATUS", "INGRESS BYTES", "EGRESS BYTES", "MESSAGE");
        for (Connection c : connections) {
            var s = c.getStatus();
            out.printf("%-32s %-12s %-14s %-14s %s%n", c.getMetadata().getNamespace() + "/" + c.getMetadata().getName(),
                    s == null || s.getConnectionStatus() == null ? "-" : s.getConnectionStatus(),
                    s == null || s.getIngressBytesTransferred() == null ? "0" : s.getIngressBytesTransferred(),
                    s == null || s.getEgressBytesTransferred() == null ? "0" : s.getEgressBytesTransferred(),
                    s == null ? "" : ready(s.getConditions()).map(Condition::getMessage).orElse(""));
        }
        out.flush();
    }

    /** Connection key (namespace/name) to its state now. */
    public static Map<String, ConnectionState> connectionStates(KubernetesClient client) {
        Map<String, ConnectionState> out = new java.util.HashMap<>();
        for (Connection c : client.resources(Connection.class).inAnyNamespace().list().getItems()) {
            out.put(c.getMetadata().getNamespace() + "/" + c.getMetadata().getName(),
                    c.getStatus() == null || c.getStatus().getConnectionStatus() == null ? ConnectionState.Unknown : c.getStatus().getConnectionStatus());
        }
        return out;
    }

    private static Optional<Condition> ready(List<Condition> conditions) {
        return conditions == null ? Optional.empty() : conditions.stream()
                .filter(c -> "Ready".equals(c.getType()) || "Stalled".equals(c.getType()) && "True".equals(c.getStatus()))
                .reduce((a, b) -> "Stalled".equals(b.getType()) ? b : a);
    }
}
