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
import java.util.Map;

/** BGP settings of a VirtualNetworkGateway. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GatewayBgpSettings {

    @Default("65515")
    @Min(1)
    @Max(4294967295.0)
    @JsonPropertyDescription("The gateway's autonomous system number; default 65515 as in Azure.")
    private Long asn = 65515L;

    @Min(0)
    @Max(100)
    @JsonPropertyDescription("Weight added to routes learned from this gateway (0..100).")
    private Integer peerWeight;

    public Long getAsn() {
        return asn;
    }

    public void setAsn(Long asn) {
        this.asn = asn;
    }

    public Integer getPeerWeight() {
        return peerWeight;
    }

    public void setPeerWeight(Integer peerWeight) {
        this.peerWeight = peerWeight;
    }
}
