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

/** BGP settings of an on-premises device. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(self.asn in [65515, 65517, 65518, 65519, 65520])",
        messageExpression = "'asn ' + string(self.asn) + ' is reserved by Azure; use another ASN for the on-premises device, e.g. 65010'")
public class LocalBgpSettings {

    @Required
    @Min(1)
    @Max(4294967295.0)
    @JsonPropertyDescription("The device's autonomous system number; Azure's reserved ASNs (65515, 65517-65520) are refused.")
    private Long asn;

    @Required
    @Pattern(ApiFormats.IPV4)
    @Size(max = ApiFormats.IPV4_MAX_LENGTH)
    @JsonPropertyDescription("The IPv4 address of the device's BGP speaker.")
    private String bgpPeeringAddress;

    @Min(0)
    @Max(100)
    @JsonPropertyDescription("Weight added to routes learned from this device (0..100).")
    private Integer peerWeight;

    public Long getAsn() {
        return asn;
    }

    public void setAsn(Long asn) {
        this.asn = asn;
    }

    public String getBgpPeeringAddress() {
        return bgpPeeringAddress;
    }

    public void setBgpPeeringAddress(String bgpPeeringAddress) {
        this.bgpPeeringAddress = bgpPeeringAddress;
    }

    public Integer getPeerWeight() {
        return peerWeight;
    }

    public void setPeerWeight(Integer peerWeight) {
        this.peerWeight = peerWeight;
    }
}
