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

/** A custom IPsec/IKE policy, with Azure's field names and values. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(self.ikeEncryption in ['GCMAES256', 'GCMAES128', 'CHACHA20POLY1305']) || self.ikeIntegrity == self.ikeEncryption",
        messageExpression = "'ikeEncryption ' + self.ikeEncryption + ' is an AEAD cipher: set ikeIntegrity to ' + self.ikeEncryption + ' as well'")
@ValidationRule(value = "!(self.ikeIntegrity in ['GCMAES256', 'GCMAES128', 'CHACHA20POLY1305']) || self.ikeEncryption == self.ikeIntegrity",
        messageExpression = "'ikeIntegrity ' + self.ikeIntegrity + ' names an AEAD cipher: set ikeEncryption to ' + self.ikeIntegrity + ' as well, or choose ikeIntegrity SHA256 or SHA384'")
@ValidationRule(value = "!(self.ipsecEncryption in ['GCMAES256', 'GCMAES192', 'GCMAES128', 'CHACHA20POLY1305']) || self.ipsecIntegrity == self.ipsecEncryption",
        messageExpression = "'ipsecEncryption ' + self.ipsecEncryption + ' is an AEAD cipher: set ipsecIntegrity to ' + self.ipsecEncryption + ' as well'")
@ValidationRule(value = "!(self.ipsecIntegrity in ['GCMAES256', 'GCMAES192', 'GCMAES128', 'CHACHA20POLY1305']) || self.ipsecEncryption == 'None' || self.ipsecEncryption == self.ipsecIntegrity",
        messageExpression = "'ipsecIntegrity ' + self.ipsecIntegrity + ' names an AEAD cipher: set ipsecEncryption to ' + self.ipsecIntegrity + ' as well, or choose ipsecIntegrity SHA256'")
@ValidationRule(value = "self.ipsecEncryption != 'None' || !(self.ipsecIntegrity in ['GCMAES256', 'GCMAES192', 'GCMAES128', 'CHACHA20POLY1305'])",
        message = "ipsecEncryption None (integrity only) needs a GCM-free ipsecIntegrity: SHA256 or SHA1")
@ValidationRule(value = "self.ikeEncryption != 'DES'", message = "ikeEncryption DES is broken and refused; use GCMAES256 or AES256")
@ValidationRule(value = "self.ipsecEncryption != 'DES'", message = "ipsecEncryption DES is broken and refused; use GCMAES256 or AES256")
@ValidationRule(value = "self.ikeIntegrity != 'MD5'", message = "ikeIntegrity MD5 is broken and refused; use SHA256 or SHA384")
@ValidationRule(value = "self.ipsecIntegrity != 'MD5'", message = "ipsecIntegrity MD5 is broken and refused; use SHA256 or an AEAD cipher such as GCMAES256")
@ValidationRule(value = "self.dhGroup != 'DHGroup1'", message = "dhGroup DHGroup1 (768-bit MODP) is broken and refused; use ECP256, X25519 or DHGroup14")
@ValidationRule(value = "self.dhGroup != 'None'", message = "dhGroup None leaves IKE without a key exchange; choose ECP256, X25519 or DHGroup14")
@ValidationRule(value = "self.pfsGroup != 'PFS1'", message = "pfsGroup PFS1 (768-bit MODP) is broken and refused; use ECP256, X25519, PFS2048 or None")
public class IpsecPolicy {

    @Required
    @JsonPropertyDescription("IKE encryption: GCMAES256, GCMAES128, AES256, AES192, AES128, DES3 (accepted with a warning), CHACHA20POLY1305; DES is refused.")
    private IkeEncryption ikeEncryption;

    @Required
    @JsonPropertyDescription("IKE integrity/PRF: SHA384, SHA256, SHA1 (accepted with a warning); with an AEAD ikeEncryption the same value (GCMAES256, GCMAES128, CHACHA20POLY1305); MD5 is refused.")
    private IkeIntegrity ikeIntegrity;

    @Required
    @JsonPropertyDescription("IKE Diffie-Hellman group: ECP384, ECP256, X25519, DHGroup24, DHGroup14 = DHGroup2048, DHGroup2 (accepted with a warning); DHGroup1 and None are refused.")
    private DhGroup dhGroup;

    @Required
    @JsonPropertyDescription("ESP encryption: GCMAES256, GCMAES192, GCMAES128, AES256, AES192, AES128, DES3 (accepted with a warning), CHACHA20POLY1305, None (integrity only); DES is refused.")
    private IpsecEncryption ipsecEncryption;

    @Required
    @JsonPropertyDescription("ESP integrity: SHA256, SHA1 (accepted with a warning); with an AEAD ipsecEncryption the same value; MD5 is refused.")
    private IpsecIntegrity ipsecIntegrity;

    @Required
    @JsonPropertyDescription("ESP perfect forward secrecy: None, PFS2, PFS14 = PFS2048, PFS24, ECP256, ECP384, X25519, PFSMM (the IKE group); PFS1 is refused.")
    private PfsGroup pfsGroup;

    @Default("27000")
    @Min(300)
    @Max(172799)
    @JsonPropertyDescription("ESP SA lifetime in seconds before rekeying (default 27000, at least 300).")
    private Long saLifeTimeSeconds = 27000L;

    @Default("102400000")
    @Min(1024)
    @Max(2147483647)
    @JsonPropertyDescription("ESP SA volume in kilobytes before rekeying (default 102400000, at least 1024).")
    private Long saDataSizeKilobytes = 102400000L;

    public IkeEncryption getIkeEncryption() {
        return ikeEncryption;
    }

    public void setIkeEncryption(IkeEncryption ikeEncryption) {
        this.ikeEncryption = ikeEncryption;
    }

    public IkeIntegrity getIkeIntegrity() {
        return ikeIntegrity;
    }

    public void setIkeIntegrity(IkeIntegrity ikeIntegrity) {
        this.ikeIntegrity = ikeIntegrity;
    }

    public DhGroup getDhGroup() {
        return dhGroup;
    }

    public void setDhGroup(DhGroup dhGroup) {
        this.dhGroup = dhGroup;
    }

    public IpsecEncryption getIpsecEncryption() {
        return ipsecEncryption;
    }

    public void setIpsecEncryption(IpsecEncryption ipsecEncryption) {
        this.ipsecEncryption = ipsecEncryption;
    }

    public IpsecIntegrity getIpsecIntegrity() {
        return ipsecIntegrity;
    }

    public void setIpsecIntegrity(IpsecIntegrity ipsecIntegrity) {
        this.ipsecIntegrity = ipsecIntegrity;
    }

    public PfsGroup getPfsGroup() {
        return pfsGroup;
    }

    public void setPfsGroup(PfsGroup pfsGroup) {
        this.pfsGroup = pfsGroup;
    }

    public Long getSaLifeTimeSeconds() {
        return saLifeTimeSeconds;
    }

    public void setSaLifeTimeSeconds(Long saLifeTimeSeconds) {
        this.saLifeTimeSeconds = saLifeTimeSeconds;
    }

    public Long getSaDataSizeKilobytes() {
        return saDataSizeKilobytes;
    }

    public void setSaDataSizeKilobytes(Long saDataSizeKilobytes) {
        this.saDataSizeKilobytes = saDataSizeKilobytes;
    }
}
