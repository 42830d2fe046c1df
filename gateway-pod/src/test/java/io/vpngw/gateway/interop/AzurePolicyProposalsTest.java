package io.vpngw.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vpngw.api.v1alpha1.DhGroup;
import io.vpngw.api.v1alpha1.IkeEncryption;
import io.vpngw.api.v1alpha1.IkeIntegrity;
import io.vpngw.api.v1alpha1.IpsecEncryption;
import io.vpngw.api.v1alpha1.IpsecIntegrity;
import io.vpngw.api.v1alpha1.IpsecPolicy;
import io.vpngw.api.v1alpha1.PfsGroup;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AzurePolicyProposalsTest {

    @Test
    void gcmPolicyOffersBothPrfsAndTheCurve() {
        StrongSwanProposals proposals = AzurePolicyProposals.forPolicy(IkeEncryption.GCMAES256, IkeIntegrity.GCMAES256,
                DhGroup.ECP384, IpsecEncryption.GCMAES256, IpsecIntegrity.GCMAES256, PfsGroup.ECP384);

        assertThat(proposals.ike()).isEqualTo("aes256gcm16-prfsha256-prfsha384-ecp384");
        assertThat(proposals.esp()).isEqualTo("aes256gcm16-ecp384");
    }

    @Test
    void cbcPolicyNamesItsHmacAndModpGroups() {
        StrongSwanProposals proposals = AzurePolicyProposals.forPolicy(IkeEncryption.AES256, IkeIntegrity.SHA256,
                DhGroup.DHGroup14, IpsecEncryption.AES128, IpsecIntegrity.SHA1, PfsGroup.PFS2048);

        assertThat(proposals.ike()).isEqualTo("aes256-sha256-modp2048");
        assertThat(proposals.esp()).isEqualTo("aes128-sha1-modp2048");
    }

    @Test
    void pfsmmReusesTheIkeGroupAndNoneLeavesPfsOut() {
        assertThat(AzurePolicyProposals.espProposal(IpsecEncryption.AES256, IpsecIntegrity.SHA256, PfsGroup.PFSMM, DhGroup.X25519))
                .isEqualTo("aes256-sha256-curve25519");
        assertThat(AzurePolicyProposals.espProposal(IpsecEncryption.GCMAES128, IpsecIntegrity.GCMAES128, PfsGroup.None, DhGroup.X25519))
                .isEqualTo("aes128gcm16");
        assertThat(AzurePolicyProposals.espProposal(IpsecEncryption.None, IpsecIntegrity.SHA256, PfsGroup.PFS24, DhGroup.ECP256))
                .isEqualTo("null-sha256-modp2048s256");
    }

    @Test
    void refusedButExpressibleAlgorithmsAreStillTranslatedForNegativeTests() {
        assertThat(AzurePolicyProposals.ikeProposal(IkeEncryption.DES, IkeIntegrity.MD5, DhGroup.DHGroup1)).isEqualTo("des-md5-modp768");
        assertThat(AzurePolicyProposals.espProposal(IpsecEncryption.DES3, IpsecIntegrity.MD5, PfsGroup.PFS1, DhGroup.ECP256))
                .isEqualTo("3des-md5-modp768");
    }

    @Test
    void aeadCipherWithAnotherIntegrityIsRefused() {
        assertThatThrownBy(() -> AzurePolicyProposals.ikeProposal(IkeEncryption.GCMAES256, IkeIntegrity.SHA256, DhGroup.ECP256))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ikeIntegrity must be GCMAES256");
        assertThatThrownBy(() -> AzurePolicyProposals.ikeProposal(IkeEncryption.AES256, IkeIntegrity.GCMAES256, DhGroup.ECP256))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names an AEAD cipher");
        assertThatThrownBy(() -> AzurePolicyProposals.espProposal(IpsecEncryption.GCMAES192, IpsecIntegrity.SHA256, PfsGroup.None, DhGroup.ECP256))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ipsecIntegrity must be GCMAES192");
        assertThatThrownBy(() -> AzurePolicyProposals.espProposal(IpsecEncryption.None, IpsecIntegrity.GCMAES128, PfsGroup.None, DhGroup.ECP256))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ikeWithoutKeyExchangeIsRefused() {
        assertThatThrownBy(() -> AzurePolicyProposals.keyExchange(DhGroup.None)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyDhGroupButNoneHasAKeyword() {
        Arrays.stream(DhGroup.values()).filter(group -> group != DhGroup.None)
                .forEach(group -> assertThat(AzurePolicyProposals.keyExchange(group)).as(group.name()).matches("[a-z0-9]+"));
    }

    @Test
    void readsTheApiObject() {
        IpsecPolicy policy = new IpsecPolicy();
        policy.setIkeEncryption(IkeEncryption.CHACHA20POLY1305);
        policy.setIkeIntegrity(IkeIntegrity.CHACHA20POLY1305);
        policy.setDhGroup(DhGroup.X25519);
        policy.setIpsecEncryption(IpsecEncryption.CHACHA20POLY1305);
        policy.setIpsecIntegrity(IpsecIntegrity.CHACHA20POLY1305);
        policy.setPfsGroup(PfsGroup.PFSMM);

        assertThat(AzurePolicyProposals.forPolicy(policy))
                .isEqualTo(new StrongSwanProposals("chacha20poly1305-prfsha256-prfsha384-curve25519", "chacha20poly1305-curve25519"));
    }
}
