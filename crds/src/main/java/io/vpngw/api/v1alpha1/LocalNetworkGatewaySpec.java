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

/** The desired state of a LocalNetworkGateway: an on-premises VPN device and what lies behind it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.gatewayIpAddress) != has(self.fqdn)",
        message = "set exactly one of gatewayIpAddress and fqdn")
@ValidationRule(value = "has(self.bgpSettings) || (has(self.localNetworkAddressSpace) && self.localNetworkAddressSpace.addressPrefixes.size() > 0)",
        message = "localNetworkAddressSpace.addressPrefixes needs at least one prefix unless bgpSettings is set (routes then come from BGP)")
public class LocalNetworkGatewaySpec {

    @Pattern(ApiFormats.IPV4)
    @Size(max = ApiFormats.IPV4_MAX_LENGTH)
    @JsonPropertyDescription("The public IPv4 address of the on-premises VPN device. Set this or fqdn.")
    private String gatewayIpAddress;

    @Pattern(ApiFormats.FQDN)
    @Size(max = ApiFormats.NAME_MAX_LENGTH)
    @JsonPropertyDescription("The DNS name of the on-premises VPN device, resolved by the operator into status.resolvedAddresses. Set this or gatewayIpAddress.")
    private String fqdn;

    @JsonPropertyDescription("The IPv4 prefixes behind the device: traffic to them goes through the tunnel.")
    private AddressSpace localNetworkAddressSpace;

    @JsonPropertyDescription("BGP settings of the on-premises device.")
    private LocalBgpSettings bgpSettings;

    public String getGatewayIpAddress() {
        return gatewayIpAddress;
    }

    public void setGatewayIpAddress(String gatewayIpAddress) {
        this.gatewayIpAddress = gatewayIpAddress;
    }

    public String getFqdn() {
        return fqdn;
    }

    public void setFqdn(String fqdn) {
        this.fqdn = fqdn;
    }

    public AddressSpace getLocalNetworkAddressSpace() {
        return localNetworkAddressSpace;
    }

    public void setLocalNetworkAddressSpace(AddressSpace localNetworkAddressSpace) {
        this.localNetworkAddressSpace = localNetworkAddressSpace;
    }

    public LocalBgpSettings getBgpSettings() {
        return bgpSettings;
    }

    public void setBgpSettings(LocalBgpSettings bgpSettings) {
        this.bgpSettings = bgpSettings;
    }
}
