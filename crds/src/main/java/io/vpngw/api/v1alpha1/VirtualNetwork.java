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

/** The network a gateway serves. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.gatewaySubnet) || self.addressSpace.exists(a, cidr(a).containsCIDR(self.gatewaySubnet))",
        message = "virtualNetwork.gatewaySubnet must lie inside one of virtualNetwork.addressSpace")
public class VirtualNetwork {

    @Required
    @Size(min = 1, max = ApiFormats.MAX_PREFIXES)
    @JsonPropertyDescription("IPv4 prefixes (CIDR, e.g. 10.1.0.0/16) behind this gateway: the cluster's pod and service ranges or routed on-site ranges. Peers route these through the tunnel.")
    private List<@Pattern(ApiFormats.IPV4_CIDR) @Size(max = ApiFormats.IPV4_CIDR_MAX_LENGTH) String> addressSpace;

    @Pattern(ApiFormats.IPV4_CIDR)
    @Size(max = ApiFormats.IPV4_CIDR_MAX_LENGTH)
    @JsonPropertyDescription("Optional IPv4 prefix inside addressSpace from which the gateway's inner addresses are taken (Azure's GatewaySubnet; /27 or larger recommended).")
    private String gatewaySubnet;

    @Size(max = 4)
    @JsonPropertyDescription("Optional IPv4 addresses of the DNS servers of this network (Azure's VNet DNS servers); point-to-site clients are given them (IPCP for SSTP, the configuration payload for IKEv2).")
    private List<@Pattern(ApiFormats.IPV4) @Size(max = 15) String> dnsServers;

    public List<String> getDnsServers() {
        return dnsServers;
    }

    public void setDnsServers(List<String> dnsServers) {
        this.dnsServers = dnsServers;
    }

    public List<String> getAddressSpace() {
        return addressSpace;
    }

    public void setAddressSpace(List<String> addressSpace) {
        this.addressSpace = addressSpace;
    }

    public String getGatewaySubnet() {
        return gatewaySubnet;
    }

    public void setGatewaySubnet(String gatewaySubnet) {
        this.gatewaySubnet = gatewaySubnet;
    }
}
