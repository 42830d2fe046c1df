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

/** The algorithms agreed with the peer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NegotiatedAlgorithms {

    @JsonPropertyDescription("IKEv2 or IKEv1.")
    private String ikeVersion;

    @JsonPropertyDescription("IKE SA encryption, e.g. AES_GCM_16_256.")
    private String ikeEncryption;

    @JsonPropertyDescription("IKE SA integrity, absent with an AEAD cipher.")
    private String ikeIntegrity;

    @JsonPropertyDescription("IKE SA pseudo-random function, e.g. PRF_HMAC_SHA2_256.")
    private String prf;

    @JsonPropertyDescription("IKE SA Diffie-Hellman group, e.g. CURVE_25519.")
    private String dhGroup;

    @JsonPropertyDescription("ESP encryption, e.g. AES_GCM_16_256.")
    private String ipsecEncryption;

    @JsonPropertyDescription("ESP integrity, absent with an AEAD cipher.")
    private String ipsecIntegrity;

    @JsonPropertyDescription("ESP PFS group, absent without PFS.")
    private String pfsGroup;

    public String getIkeVersion() {
        return ikeVersion;
    }

    public void setIkeVersion(String ikeVersion) {
        this.ikeVersion = ikeVersion;
    }

    public String getIkeEncryption() {
        return ikeEncryption;
    }

    public void setIkeEncryption(String ikeEncryption) {
        this.ikeEncryption = ikeEncryption;
    }

    public String getIkeIntegrity() {
        return ikeIntegrity;
    }

    public void setIkeIntegrity(String ikeIntegrity) {
        this.ikeIntegrity = ikeIntegrity;
    }

    public String getPrf() {
        return prf;
    }

    public void setPrf(String prf) {
        this.prf = prf;
    }

    public String getDhGroup() {
        return dhGroup;
    }

    public void setDhGroup(String dhGroup) {
        this.dhGroup = dhGroup;
    }

    public String getIpsecEncryption() {
        return ipsecEncryption;
    }

    public void setIpsecEncryption(String ipsecEncryption) {
        this.ipsecEncryption = ipsecEncryption;
    }

    public String getIpsecIntegrity() {
        return ipsecIntegrity;
    }

    public void setIpsecIntegrity(String ipsecIntegrity) {
        this.ipsecIntegrity = ipsecIntegrity;
    }

    public String getPfsGroup() {
        return pfsGroup;
    }

    public void setPfsGroup(String pfsGroup) {
        this.pfsGroup = pfsGroup;
    }
}
