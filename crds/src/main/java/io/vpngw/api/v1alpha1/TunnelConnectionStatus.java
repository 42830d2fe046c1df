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

/** The tunnel of one gateway instance. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TunnelConnectionStatus {

    @JsonPropertyDescription("The instance that holds this tunnel.")
    private String tunnel;

    @JsonPropertyDescription("Unknown, Connecting, Connected or NotConnected.")
    private ConnectionState connectionStatus;

    @JsonPropertyDescription("Bytes received through this tunnel.")
    private Long ingressBytesTransferred;

    @JsonPropertyDescription("Bytes sent through this tunnel.")
    private Long egressBytesTransferred;

    @JsonPropertyDescription("When this tunnel last came up (RFC 3339).")
    private String lastConnectionEstablishedTime;

    public String getTunnel() {
        return tunnel;
    }

    public void setTunnel(String tunnel) {
        this.tunnel = tunnel;
    }

    public ConnectionState getConnectionStatus() {
        return connectionStatus;
    }

    public void setConnectionStatus(ConnectionState connectionStatus) {
        this.connectionStatus = connectionStatus;
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

    public String getLastConnectionEstablishedTime() {
        return lastConnectionEstablishedTime;
    }

    public void setLastConnectionEstablishedTime(String lastConnectionEstablishedTime) {
        this.lastConnectionEstablishedTime = lastConnectionEstablishedTime;
    }
}
