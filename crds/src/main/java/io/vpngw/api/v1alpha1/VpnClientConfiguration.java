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

/** Point-to-site settings of a gateway. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.vpnClientProtocols.all(p, self.vpnClientProtocols.exists_one(q, q == p))",
        message = "vpnClientProtocols must list each protocol once")
@ValidationRule(value = "self.vpnClientRootCertificates.all(c, self.vpnClientRootCertificates.exists_one(d, d.name == c.name))",
        message = "vpnClientRootCertificates names must be unique")
@ValidationRule(value = "!has(self.vpnClientRevokedCertificates) || self.vpnClientRevokedCertificates.all(c, self.vpnClientRevokedCertificates.exists_one(d, d.thumbprint.lowerAscii() == c.thumbprint.lowerAscii()))",
        message = "vpnClientRevokedCertificates must list each thumbprint once")
public class VpnClientConfiguration {

    @Required
    @JsonPropertyDescription("The prefixes client addresses are assigned from (e.g. 172.16.201.0/24); must not overlap virtualNetwork.addressSpace.")
    private AddressSpace vpnClientAddressPool;

    @Required
    @Size(min = 1, max = 2)
    @JsonPropertyDescription("Protocols offered to clients: SSTP (TLS on TCP 443) and IkeV2 (UDP 500/4500; not on Basic).")
    private List<VpnClientProtocol> vpnClientProtocols;

    @Size(min = 1, max = 1)
    @JsonPropertyDescription("How clients authenticate; Certificate (default): a client certificate that chains to one of vpnClientRootCertificates.")
    private List<VpnAuthenticationType> vpnAuthenticationTypes = List.of(VpnAuthenticationType.Certificate);

    @Required
    @Size(min = 1, max = 20)
    @JsonPropertyDescription("Trusted root certificates for client certificates, at most 20 as in Azure.")
    private List<VpnClientRootCertificate> vpnClientRootCertificates;

    @Size(max = 1000)
    @JsonPropertyDescription("Client certificates refused even though they chain to a trusted root, by thumbprint.")
    private List<VpnClientRevokedCertificate> vpnClientRevokedCertificates;

    public AddressSpace getVpnClientAddressPool() {
        return vpnClientAddressPool;
    }

    public void setVpnClientAddressPool(AddressSpace vpnClientAddressPool) {
        this.vpnClientAddressPool = vpnClientAddressPool;
    }

    public List<VpnClientProtocol> getVpnClientProtocols() {
        return vpnClientProtocols;
    }

    public void setVpnClientProtocols(List<VpnClientProtocol> vpnClientProtocols) {
        this.vpnClientProtocols = vpnClientProtocols;
    }

    public List<VpnAuthenticationType> getVpnAuthenticationTypes() {
        return vpnAuthenticationTypes;
    }

    public void setVpnAuthenticationTypes(List<VpnAuthenticationType> vpnAuthenticationTypes) {
        this.vpnAuthenticationTypes = vpnAuthenticationTypes;
    }

    public List<VpnClientRootCertificate> getVpnClientRootCertificates() {
        return vpnClientRootCertificates;
    }

    public void setVpnClientRootCertificates(List<VpnClientRootCertificate> vpnClientRootCertificates) {
        this.vpnClientRootCertificates = vpnClientRootCertificates;
    }

    public List<VpnClientRevokedCertificate> getVpnClientRevokedCertificates() {
        return vpnClientRevokedCertificates;
    }

    public void setVpnClientRevokedCertificates(List<VpnClientRevokedCertificate> vpnClientRevokedCertificates) {
        this.vpnClientRevokedCertificates = vpnClientRevokedCertificates;
    }
}
