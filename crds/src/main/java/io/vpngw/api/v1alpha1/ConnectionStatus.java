package io.vpngw.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The observed state of a Connection. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConnectionStatus extends ResourceStatus {

    @JsonPropertyDescription("Unknown, Connecting, Connected or NotConnected: Connected when a serving instance has its tunnel up.")
    private ConnectionState connectionStatus;

    @JsonPropertyDescription("The resolved peer: the LocalNetworkGateway's name, or namespace/name of the other gateway.")
    private String peer;

    @JsonPropertyDescription("Bytes received through the tunnel, all instances together.")
    private Long ingressBytesTransferred;

    @JsonPropertyDescription("Bytes sent through the tunnel, all instances together.")
    private Long egressBytesTransferred;

    @JsonPropertyDescription("Per instance: the state and counters of its tunnel.")
    private List<TunnelConnectionStatus> tunnelConnectionStatus;

    @JsonPropertyDescription("What was actually agreed with the peer: IKE version and algorithms.")
    private NegotiatedAlgorithms negotiated;

    public ConnectionState getConnectionStatus() {
        return connectionStatus;
    }

    public void setConnectionStatus(ConnectionState connectionStatus) {
        this.connectionStatus = connectionStatus;
    }

    public String getPeer() {
        return peer;
    }

    public void setPeer(String peer) {
        this.peer = peer;
    }

    public Long getIngressBytesTransferred() {
        return ingressBytesTransferred;
    }

    public void setIngressBytesTransferred(Long ingressBytesTransferred) {
        this.ingressBytesTransferred = ingressBytesTransferred;
    }

    public Long getEgressBytesTransferred() {
        return egressBytesTransferred;
    }

    public void setEgressBytesTransferred(Long egressBytesTransferred) {
        this.egressBytesTransferred = egressBytesTransferred;
    }

    public List<TunnelConnectionStatus> getTunnelConnectionStatus() {
        return tunnelConnectionStatus;
    }

    public void setTunnelConnectionStatus(List<TunnelConnectionStatus> tunnelConnectionStatus) {
        this.tunnelConnectionStatus = tunnelConnectionStatus;
    }

    public NegotiatedAlgorithms getNegotiated() {
        return negotiated;
    }

    public void setNegotiated(NegotiatedAlgorithms negotiated) {
        this.negotiated = negotiated;
    }
}
