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

/** The desired state of a Connection: one tunnel relationship of a gateway. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.connectionType != 'IPsec' || (has(self.localNetworkGateway2) && !has(self.virtualNetworkGateway2))",
        message = "connectionType IPsec needs localNetworkGateway2 (the on-premises side) and no virtualNetworkGateway2")
@ValidationRule(value = "self.connectionType != 'Vnet2Vnet' || (has(self.virtualNetworkGateway2) && !has(self.localNetworkGateway2))",
        message = "connectionType Vnet2Vnet needs virtualNetworkGateway2 (the other gateway) and no localNetworkGateway2")
@ValidationRule(value = "self.connectionType != 'ExpressRoute' || (has(self.peer) && !has(self.localNetworkGateway2) && !has(self.virtualNetworkGateway2))",
        message = "connectionType ExpressRoute needs peer (the circuit) and neither localNetworkGateway2 nor virtualNetworkGateway2")
@ValidationRule(value = "self.connectionType == 'ExpressRoute' || has(self.sharedKeySecretRef)",
        message = "IPsec and Vnet2Vnet connections need sharedKeySecretRef: the pre-shared key lives in a Secret, never in the spec")
@ValidationRule(value = "!has(self.virtualNetworkGateway2) || has(self.virtualNetworkGateway2.namespace) || self.virtualNetworkGateway2.name != self.virtualNetworkGateway1.name",
        message = "virtualNetworkGateway2 must be another gateway than virtualNetworkGateway1")
@ValidationRule(value = "!self.usePolicyBasedTrafficSelectors || (has(self.ipsecPolicies) && self.ipsecPolicies.size() == 1)",
        message = "usePolicyBasedTrafficSelectors needs a custom policy in ipsecPolicies, as in Azure")
@ValidationRule(value = "self.connectionProtocol != 'IKEv1' || !has(self.ipsecPolicies) || self.ipsecPolicies.all(p, !(p.ikeEncryption in ['GCMAES256', 'GCMAES128', 'CHACHA20POLY1305']))",
        message = "IKEv1 has no AEAD ciphers for IKE: use ikeEncryption AES256 with ikeIntegrity SHA256 or SHA384, or connectionProtocol IKEv2")
public class ConnectionSpec {

    @Required
    @JsonPropertyDescription("IPsec: to a LocalNetworkGateway (site-to-site; several per gateway make multi-site). Vnet2Vnet: to another VirtualNetworkGateway, each side with its own Connection. ExpressRoute: to a circuit (refused as NotSupported until ExpressRoute lands).")
    private ConnectionType connectionType;

    @Required
    @JsonPropertyDescription("The local gateway, a VirtualNetworkGateway in this namespace.")
    private LocalReference virtualNetworkGateway1;

    @JsonPropertyDescription("The on-premises side, a LocalNetworkGateway in this namespace (connectionType IPsec).")
    private LocalReference localNetworkGateway2;

    @JsonPropertyDescription("The other gateway (connectionType Vnet2Vnet); it may live in another namespace, as Azure allows another subscription. It needs a Connection of its own pointing back.")
    private NamespacedReference virtualNetworkGateway2;

    @JsonPropertyDescription("The ExpressRoute circuit (connectionType ExpressRoute).")
    private ExpressRouteCircuitReference peer;

    @JsonPropertyDescription("The Secret key holding the pre-shared key (IPsec and Vnet2Vnet). Both sides of a tunnel must hold the same key.")
    private SecretKeyReference sharedKeySecretRef;

    @Default("IKEv2")
    @ValidationRule(value = "self == oldSelf", message = "connectionProtocol cannot change after creation; delete and recreate the Connection")
    @JsonPropertyDescription("IKEv2 (default) or IKEv1 (refused as NotSupported until IKEv1 lands). Immutable after creation, as in Azure.")
    private ConnectionProtocol connectionProtocol = ConnectionProtocol.IKEv2;

    @Default("Default")
    @JsonPropertyDescription("Default: the gateway initiates and responds. ResponderOnly: it never initiates. InitiatorOnly: it refuses peers' initiations.")
    private ConnectionMode connectionMode = ConnectionMode.Default;

    @Default("0")
    @Min(0)
    @Max(32000)
    @JsonPropertyDescription("Preference among connections that reach the same prefixes; higher wins.")
    private Integer routingWeight = 0;

    @Default("45")
    @Min(9)
    @Max(3600)
    @JsonPropertyDescription("Dead peer detection: seconds without a sign of life from the peer before the tunnel is declared dead and re-established (9..3600, default 45).")
    private Integer dpdTimeoutSeconds = 45;

    @Default("false")
    @JsonPropertyDescription("Exchange routes over BGP on this connection (refused as NotSupported until BGP lands).")
    private Boolean enableBgp = false;

    @Default("false")
    @JsonPropertyDescription("Propose one prefix pair per local and remote prefix instead of any-to-any, for policy-based devices; needs a custom policy in ipsecPolicies.")
    private Boolean usePolicyBasedTrafficSelectors = false;

    @Size(max = 16)
    @JsonPropertyDescription("Traffic selectors proposed when this gateway initiates.")
    private List<TrafficSelectorPolicy> trafficSelectorPolicies;

    @Size(max = 1)
    @JsonPropertyDescription("At most one custom IPsec/IKE policy, offered and enforced exactly; absent: Azure's default proposals, with a modern AEAD proposal first.")
    private List<IpsecPolicy> ipsecPolicies;

    public ConnectionType getConnectionType() {
        return connectionType;
    }

    public void setConnectionType(ConnectionType connectionType) {
        this.connectionType = connectionType;
    }

    public LocalReference getVirtualNetworkGateway1() {
        return virtualNetworkGateway1;
    }

    public void setVirtualNetworkGateway1(LocalReference virtualNetworkGateway1) {
        this.virtualNetworkGateway1 = virtualNetworkGateway1;
    }

    public LocalReference getLocalNetworkGateway2() {
        return localNetworkGateway2;
    }

    public void setLocalNetworkGateway2(LocalReference localNetworkGateway2) {
        this.localNetworkGateway2 = localNetworkGateway2;
    }

    public NamespacedReference getVirtualNetworkGateway2() {
        return virtualNetworkGateway2;
    }

    public void setVirtualNetworkGateway2(NamespacedReference virtualNetworkGateway2) {
        this.virtualNetworkGateway2 = virtualNetworkGateway2;
    }

    public ExpressRouteCircuitReference getPeer() {
        return peer;
    }

    public void setPeer(ExpressRouteCircuitReference peer) {
        this.peer = peer;
    }

    public SecretKeyReference getSharedKeySecretRef() {
        return sharedKeySecretRef;
    }

    public void setSharedKeySecretRef(SecretKeyReference sharedKeySecretRef) {
        this.sharedKeySecretRef = sharedKeySecretRef;
    }

    public ConnectionProtocol getConnectionProtocol() {
        return connectionProtocol;
    }

    public void setConnectionProtocol(ConnectionProtocol connectionProtocol) {
        this.connectionProtocol = connectionProtocol;
    }

    public ConnectionMode getConnectionMode() {
        return connectionMode;
    }

    public void setConnectionMode(ConnectionMode connectionMode) {
        this.connectionMode = connectionMode;
    }

    public Integer getRoutingWeight() {
        return routingWeight;
    }

    public void setRoutingWeight(Integer routingWeight) {
        this.routingWeight = routingWeight;
    }

    public Integer getDpdTimeoutSeconds() {
        return dpdTimeoutSeconds;
    }

    public void setDpdTimeoutSeconds(Integer dpdTimeoutSeconds) {
        this.dpdTimeoutSeconds = dpdTimeoutSeconds;
    }

    public Boolean getEnableBgp() {
        return enableBgp;
    }

    public void setEnableBgp(Boolean enableBgp) {
        this.enableBgp = enableBgp;
    }

    public Boolean getUsePolicyBasedTrafficSelectors() {
        return usePolicyBasedTrafficSelectors;
    }

    public void setUsePolicyBasedTrafficSelectors(Boolean usePolicyBasedTrafficSelectors) {
        this.usePolicyBasedTrafficSelectors = usePolicyBasedTrafficSelectors;
    }

    public List<TrafficSelectorPolicy> getTrafficSelectorPolicies() {
        return trafficSelectorPolicies;
    }

    public void setTrafficSelectorPolicies(List<TrafficSelectorPolicy> trafficSelectorPolicies) {
        this.trafficSelectorPolicies = trafficSelectorPolicies;
    }

    public List<IpsecPolicy> getIpsecPolicies() {
        return ipsecPolicies;
    }

    public void setIpsecPolicies(List<IpsecPolicy> ipsecPolicies) {
        this.ipsecPolicies = ipsecPolicies;
    }
}
