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

/** The observed state of a VirtualNetworkGateway. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VirtualNetworkGatewayStatus extends ResourceStatus {

    @JsonPropertyDescription("Azure's provisioning state: Updating, Succeeded, Failed or Deleting.")
    private ProvisioningState provisioningState;

    @JsonPropertyDescription("The public addresses peers reach: one per serving endpoint (two when activeActive).")
    private List<String> publicIpAddresses;

    @JsonPropertyDescription("The name of the instance that currently serves (active-standby).")
    private String activeInstance;

    @JsonPropertyDescription("The gateway's two instances, their roles and where they run.")
    private List<GatewayInstanceStatus> instances;

    @JsonPropertyDescription("BGP as it runs: the address peers reach this gateway's BGP speaker on.")
    private GatewayBgpStatus bgpSettings;

    @JsonPropertyDescription("How many Connections use this gateway.")
    private Integer connections;

    @JsonPropertyDescription("Point-to-site sessions currently connected.")
    private Integer p2sSessions;

    public ProvisioningState getProvisioningState() {
        return provisioningState;
    }

    public void setProvisioningState(ProvisioningState provisioningState) {
        this.provisioningState = provisioningState;
    }

    public List<String> getPublicIpAddresses() {
        return publicIpAddresses;
    }

    public void setPublicIpAddresses(List<String> publicIpAddresses) {
        this.publicIpAddresses = publicIpAddresses;
    }

    public String getActiveInstance() {
        return activeInstance;
    }

    public void setActiveInstance(String activeInstance) {
        this.activeInstance = activeInstance;
    }

    public List<GatewayInstanceStatus> getInstances() {
        return instances;
    }

    public void setInstances(List<GatewayInstanceStatus> instances) {
        this.instances = instances;
    }

    public GatewayBgpStatus getBgpSettings() {
        return bgpSettings;
    }

    public void setBgpSettings(GatewayBgpStatus bgpSettings) {
        this.bgpSettings = bgpSettings;
    }

    public Integer getConnections() {
        return connections;
    }

    public void setConnections(Integer connections) {
        this.connections = connections;
    }

    public Integer getP2sSessions() {
        return p2sSessions;
    }

    public void setP2sSessions(Integer p2sSessions) {
        this.p2sSessions = p2sSessions;
    }
}
