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

/** One instance (pod) of a gateway. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GatewayInstanceStatus {

    @JsonPropertyDescription("The instance's pod name.")
    private String name;

    @JsonPropertyDescription("Active (serving) or Standby (ready to take over).")
    private InstanceRole role;

    @JsonPropertyDescription("Whether the instance passes its readiness probe.")
    private Boolean ready;

    @JsonPropertyDescription("The instance's pod address.")
    private String podIP;

    @JsonPropertyDescription("The node the instance runs on.")
    private String node;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public InstanceRole getRole() {
        return role;
    }

    public void setRole(InstanceRole role) {
        this.role = role;
    }

    public Boolean getReady() {
        return ready;
    }

    public void setReady(Boolean ready) {
        this.ready = ready;
    }

    public String getPodIP() {
        return podIP;
    }

    public void setPodIP(String podIP) {
        this.podIP = podIP;
    }

    public String getNode() {
        return node;
    }

    public void setNode(String node) {
        this.node = node;
    }
}
