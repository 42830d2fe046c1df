package io.vpngw.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.api.v1alpha1.DhGroup;
import io.vpngw.api.v1alpha1.IkeEncryption;
import io.vpngw.api.v1alpha1.IkeIntegrity;
import io.vpngw.api.v1alpha1.IpsecEncryption;
import io.vpngw.api.v1alpha1.IpsecIntegrity;
import io.vpngw.api.v1alpha1.PfsGroup;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The proposals {@link AzurePolicyProposals} writes are ones charon accepts and negotiates as
 * intended, PFS group included (visible after a CHILD_SA rekey, since the first CHILD_SA comes
 * with IKE_AUTH and has no key exchange of its own).
 */
@Timeout(60)
class StrongSwanPolicyTest {

    private static final String PSK = "interop-test-psk-not-secret-0123456789";

    @BeforeAll
    static void machineCanRunStrongSwanLabs() {
        InteropPreconditions.requireStrongSwanLab();
    }

    @ParameterizedTest(name = "{0}/{1}/{2} + {3}/{4}/{5}")
    @CsvSource({
            "GCMAES256, GCMAES256, ECP256,    GCMAES256,        GCMAES256,        ECP256, AES_GCM_16-256/PRF_HMAC_SHA2_256/ECP_256,                AES_GCM_16-256/ECP_256",
            "AES256,    SHA256,    DHGroup14, AES256,           SHA256,           PFS2048, AES_CBC-256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048, AES_CBC-256/HMAC_SHA2_256_128/MODP_2048",
            "AES128,    SHA384,    ECP384,    AES128,           SHA1,             PFSMM,  AES_CBC-128/HMAC_SHA2_384_192/PRF_HMAC_SHA2_384/ECP_384, AES_CBC-128/HMAC_SHA1_96/ECP_384",
            "CHACHA20POLY1305, CHACHA20POLY1305, X25519, CHACHA20POLY1305, CHACHA20POLY1305, X25519, CHACHA20_POLY1305/PRF_HMAC_SHA2_256/CURVE_25519, CHACHA20_POLY1305/CURVE_25519",
    })
    void policyNegotiatesTheAlgorithmsItNames(IkeEncryption ikeEncryption, IkeIntegrity ikeIntegrity, DhGroup dhGroup,
                                               IpsecEncryption ipsecEncryption, IpsecIntegrity ipsecIntegrity, PfsGroup pfsGroup,
                                               String expectedIke, String expectedChildAfterRekey) {
        StrongSwanProposals proposals = AzurePolicyProposals.forPolicy(ikeEncryption, ikeIntegrity, dhGroup,
                ipsecEncryption, ipsecIntegrity, pfsGroup);
        try (InteropLab lab = InteropLab.open()) {
            NetworkNamespace namespaceA = lab.newNamespace("siteA");
            NetworkNamespace namespaceB = lab.newNamespace("siteB");
            namespaceA.connect("wan", "192.0.2.1/24", namespaceB, "wan", "192.0.2.2/24");
            namespaceA.addLanAddress("10.1.0.1");
            namespaceB.addLanAddress("10.2.0.1");
            StrongSwanSite siteA = lab.strongSwanSite("siteA", namespaceA, List.of(
                    StrongSwanConnection.psk("s2s", "192.0.2.1", "192.0.2.2", "siteA", "siteB", PSK, proposals.ike())
                            .withChild(StrongSwanChild.tunnel("lan", "10.1.0.0/16", "10.2.0.0/16", proposals.esp())))).startAndLoad();
            StrongSwanSite siteB = lab.strongSwanSite("siteB", namespaceB, List.of(
                    StrongSwanConnection.psk("s2s", "192.0.2.2", "192.0.2.1", "siteB", "siteA", PSK, proposals.ike())
                            .withChild(StrongSwanChild.tunnel("lan", "10.2.0.0/16", "10.1.0.0/16", proposals.esp())))).startAndLoad();

            siteA.initiate("s2s", "lan");
            assertThat(siteA.ikeSa("s2s").orElseThrow().algorithms()).isEqualTo(expectedIke);

            long firstChild = siteA.ikeSa("s2s").orElseThrow().child("lan").orElseThrow().uniqueId();
            siteA.rekeyChild("lan");
            IkeSaStatus rekeyed = siteA.awaitIkeSa("s2s",
                    sa -> sa.child("lan").filter(child -> child.installed() && child.uniqueId() != firstChild).isPresent(),
                    Duration.ofSeconds(10));
            assertThat(rekeyed.child("lan").orElseThrow().algorithms()).isEqualTo(expectedChildAfterRekey);
            assertThat(Traffic.ping(namespaceA, "10.1.0.1", "10.2.0.1", 3).lossPercent()).isZero();
        }
    }
}
