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

/** BGP as it runs on a gateway. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GatewayBgpStatus {

    @JsonPropertyDescription("The address of this gateway's BGP speaker.")
    private String bgpPeeringAddress;

    public String getBgpPeeringAddress() {
        return bgpPeeringAddress;
    }

    public void setBgpPeeringAddress(String bgpPeeringAddress) {
        this.bgpPeeringAddress = bgpPeeringAddress;
    }
}
