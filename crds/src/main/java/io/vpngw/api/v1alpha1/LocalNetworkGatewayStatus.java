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

/** The observed state of a LocalNetworkGateway. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LocalNetworkGatewayStatus extends ResourceStatus {

    @JsonPropertyDescription("The device addresses in use: gatewayIpAddress, or what fqdn resolved to.")
    private List<String> resolvedAddresses;

    public List<String> getResolvedAddresses() {
        return resolvedAddresses;
    }

    public void setResolvedAddresses(List<String> resolvedAddresses) {
        this.resolvedAddresses = resolvedAddresses;
    }
}
