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

/** The desired state of a VirtualNetworkGateway. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.vpnType != 'PolicyBased' || self.sku == 'Basic'",
        message = "vpnType PolicyBased needs sku Basic (Azure offers PolicyBased gateways only on Basic); use vpnType RouteBased with a VpnGw SKU")
@ValidationRule(value = "!self.activeActive || (self.sku != 'Basic' && self.vpnType == 'RouteBased')",
        message = "activeActive needs a RouteBased gateway with a VpnGw SKU; Basic and PolicyBased gateways are active-standby only")
@ValidationRule(value = "self.sku != 'Basic' || !self.enableBgp",
        message = "sku Basic does not support BGP; choose VpnGw1 or larger, or set enableBgp to false")
@ValidationRule(value = "self.sku != 'Basic' || !has(self.vpnClientConfiguration) || !self.vpnClientConfiguration.vpnClientProtocols.exists(p, p == 'IkeV2')",
        message = "sku Basic offers point-to-site over SSTP only; remove IkeV2 from vpnClientProtocols or choose VpnGw1 or larger")
@ValidationRule(value = "self.vpnType != 'PolicyBased' || !has(self.vpnClientConfiguration)",
        message = "PolicyBased gateways do not support point-to-site; use vpnType RouteBased to set vpnClientConfiguration")
@ValidationRule(value = "self.vpnGatewayGeneration != 'Generation2' || self.sku in ['VpnGw2', 'VpnGw3', 'VpnGw4', 'VpnGw5', 'VpnGw2AZ', 'VpnGw3AZ', 'VpnGw4AZ', 'VpnGw5AZ']",
        message = "vpnGatewayGeneration Generation2 exists for VpnGw2 to VpnGw5 and their AZ SKUs only")
@ValidationRule(value = "!(self.sku in ['VpnGw4', 'VpnGw5', 'VpnGw4AZ', 'VpnGw5AZ']) || self.vpnGatewayGeneration == 'Generation2'",
        messageExpression = "'sku ' + self.sku + ' exists in Generation2 only; set vpnGatewayGeneration to Generation2'")
@ValidationRule(value = "(self.gatewayType == 'ExpressRoute') == self.sku.startsWith('ErGw')",
        message = "gatewayType ExpressRoute takes an ErGw SKU, and gatewayType Vpn takes Basic or a VpnGw SKU")
@ValidationRule(value = "self.gatewayType != 'ExpressRoute' || (!has(self.vpnClientConfiguration) && !self.activeActive)",
        message = "ExpressRoute gateways take neither vpnClientConfiguration nor activeActive; put point-to-site on a Vpn gateway")
@ValidationRule(value = "!has(self.vpnClientConfiguration) || self.vpnClientConfiguration.vpnClientAddressPool.addressPrefixes.all(p, self.virtualNetwork.addressSpace.all(a, !cidr(a).containsIP(cidr(p).masked().ip()) && !cidr(p).containsIP(cidr(a).masked().ip())))",
        message = "vpnClientConfiguration.vpnClientAddressPool must not overlap virtualNetwork.addressSpace: clients need addresses of their own")
public class VirtualNetworkGatewaySpec {

    @Default("Vpn")
    @JsonPropertyDescription("Vpn (default) terminates IPsec and point-to-site tunnels; ExpressRoute terminates an ExpressRoute circuit (refused as NotSupported until ExpressRoute lands).")
    private GatewayType gatewayType = GatewayType.Vpn;

    @Default("RouteBased")
    @JsonPropertyDescription("RouteBased (default): any-to-any traffic selectors, routes from each peer's prefixes. PolicyBased: prefix-pair selectors over IKEv1, sku Basic only, one IPsec connection.")
    private VpnType vpnType = VpnType.RouteBased;

    @Required
    @JsonPropertyDescription("The gateway SKU, as Azure's SKU table: it fixes aggregate throughput (shared by all tunnels), the number of site-to-site tunnels and point-to-site sessions, and BGP support. AZ SKUs spread the two instances across zones; ErGw SKUs are for gatewayType ExpressRoute.")
    private GatewaySku sku;

    @Default("Generation1")
    @JsonPropertyDescription("Generation1 (default) or Generation2; Generation2 raises throughput and exists for VpnGw2 to VpnGw5 only (VpnGw4 and VpnGw5 exist only in Generation2).")
    private VpnGatewayGeneration vpnGatewayGeneration = VpnGatewayGeneration.Generation1;

    @Default("false")
    @JsonPropertyDescription("false (default): active-standby, one instance serves and the other takes over. true: both instances serve, each with its own public endpoint and its own tunnel to every peer. Not on Basic, RouteBased only.")
    private Boolean activeActive = false;

    @Required
    @JsonPropertyDescription("The network behind this gateway: the prefixes that peers reach through it.")
    private VirtualNetwork virtualNetwork;

    @Default("false")
    @JsonPropertyDescription("Exchange routes with peers over BGP (not on Basic). Refused as NotSupported until BGP lands.")
    private Boolean enableBgp = false;

    @JsonPropertyDescription("BGP settings of this gateway; used when enableBgp is true.")
    private GatewayBgpSettings bgpSettings;

    @JsonPropertyDescription("Point-to-site: individual clients connecting over SSTP or IKEv2 with certificates. Absent: no point-to-site.")
    private VpnClientConfiguration vpnClientConfiguration;

    @JsonPropertyDescription("How the gateway is reached from outside the cluster: the Service that carries UDP 500/4500 (and TCP 443 for SSTP).")
    private PublicEndpoint publicEndpoint;

    @JsonPropertyDescription("Where the two instances run: the GatewaySubnet of Kubernetes.")
    private Placement placement;

    public GatewayType getGatewayType() {
        return gatewayType;
    }

    public void setGatewayType(GatewayType gatewayType) {
        this.gatewayType = gatewayType;
    }

    public VpnType getVpnType() {
        return vpnType;
    }

    public void setVpnType(VpnType vpnType) {
        this.vpnType = vpnType;
    }

    public GatewaySku getSku() {
        return sku;
    }

    public void setSku(GatewaySku sku) {
        this.sku = sku;
    }

    public VpnGatewayGeneration getVpnGatewayGeneration() {
        return vpnGatewayGeneration;
    }

    public void setVpnGatewayGeneration(VpnGatewayGeneration vpnGatewayGeneration) {
        this.vpnGatewayGeneration = vpnGatewayGeneration;
    }

    public Boolean getActiveActive() {
        return activeActive;
    }

    public void setActiveActive(Boolean activeActive) {
        this.activeActive = activeActive;
    }

    public VirtualNetwork getVirtualNetwork() {
        return virtualNetwork;
    }

    public void setVirtualNetwork(VirtualNetwork virtualNetwork) {
        this.virtualNetwork = virtualNetwork;
    }

    public Boolean getEnableBgp() {
        return enableBgp;
    }

    public void setEnableBgp(Boolean enableBgp) {
        this.enableBgp = enableBgp;
    }

    public GatewayBgpSettings getBgpSettings() {
        return bgpSettings;
    }

    public void setBgpSettings(GatewayBgpSettings bgpSettings) {
        this.bgpSettings = bgpSettings;
    }

    public VpnClientConfiguration getVpnClientConfiguration() {
        return vpnClientConfiguration;
    }

    public void setVpnClientConfiguration(VpnClientConfiguration vpnClientConfiguration) {
        this.vpnClientConfiguration = vpnClientConfiguration;
    }

    public PublicEndpoint getPublicEndpoint() {
        return publicEndpoint;
    }

    public void setPublicEndpoint(PublicEndpoint publicEndpoint) {
        this.publicEndpoint = publicEndpoint;
    }

    public Placement getPlacement() {
        return placement;
    }

    public void setPlacement(Placement placement) {
        this.placement = placement;
    }
}
