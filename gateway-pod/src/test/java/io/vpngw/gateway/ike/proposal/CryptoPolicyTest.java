package io.vpngw.gateway.ike.proposal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vpngw.gateway.config.ConnectionConfig;
import io.vpngw.gateway.crypto.DiffieHellmanGroup;
import io.vpngw.gateway.crypto.EncryptionAlgorithm;
import io.vpngw.gateway.crypto.IntegrityAlgorithm;
import io.vpngw.gateway.crypto.PrfAlgorithm;
import io.vpngw.gateway.ike.message.Octets;
import io.vpngw.gateway.ike.message.Proposal;
import io.vpngw.gateway.ike.message.ProtocolId;
import io.vpngw.gateway.ike.message.Transform;
import io.vpngw.gateway.ike.message.TransformType;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CryptoPolicyTest {

    private static ConnectionConfig.Policy policy(String ikeEnc, String ikeInt, String dh, String espEnc, String espInt,
                                                  String pfs) {
        return new ConnectionConfig.Policy(ikeEnc, ikeInt, dh, espEnc, espInt, pfs, 27000, 102400000);
    }

    private static List<Integer> ids(Proposal proposal, TransformType type) {
        return proposal.transforms(type).stream().map(Transform::id).toList();
    }

    @Test
    void azureDefaultsOfferTheModernProposalFirstThenTheCbcSuitesWithGroup2() {
        List<Proposal> ike = ProposalSpec.toProposals(CryptoPolicy.azureDefaults().ikeOffered(), Octets.EMPTY);
        assertThat(ike).hasSize(7);
        Proposal first = ike.getFirst();
        assertThat(first.transforms(TransformType.ENCR)).containsExactly(Transform.withKeyLength(TransformType.ENCR, 20, 256));
        assertThat(ids(first, TransformType.PRF)).containsExactly(5);
        assertThat(ids(first, TransformType.INTEG)).isEmpty();
        assertThat(ids(first, TransformType.KE)).containsExactly(31, 19);
        assertThat(ike.subList(1, 7)).allSatisfy(p -> assertThat(ids(p, TransformType.KE)).containsExactly(2));
        assertThat(ike.subList(1, 7).stream().map(p -> ids(p, TransformType.ENCR).getFirst() + "/"
                + p.transforms(TransformType.ENCR).getFirst().keyLength() + "/" + ids(p, TransformType.INTEG).getFirst()))
                .containsExactly("12/OptionalInt[256]/2", "12/OptionalInt[256]/12", "12/OptionalInt[128]/2",
                        "12/OptionalInt[128]/12", "3/OptionalInt.empty/2", "3/OptionalInt.empty/12");
        assertThat(ike.stream().map(Proposal::number)).containsExactly(1, 2, 3, 4, 5, 6, 7);

        List<Proposal> esp = ProposalSpec.toProposals(CryptoPolicy.azureDefaults().espOffered(), Octets.ofInt(0x1234));
        assertThat(esp).hasSize(6).allSatisfy(p -> {
            assertThat(p.protocol()).isEqualTo(ProtocolId.ESP);
            assertThat(ids(p, TransformType.KE)).as("no PFS").isEmpty();
            assertThat(ids(p, TransformType.ESN)).containsExactly(0);
        });
        assertThat(esp.stream().map(p -> ids(p, TransformType.ENCR).getFirst() + ":" + ids(p, TransformType.INTEG)))
                .containsExactly("20:[]", "12:[2]", "3:[2]", "12:[12]", "12:[2]", "3:[12]");
    }

    @Test
    void aCustomPolicyMapsAzureNamesToTransforms() {
        CryptoPolicy gcm = CryptoPolicy.custom(policy("GCMAES256", "GCMAES256", "DHGroup24", "GCMAES128", "GCMAES128", "PFSMM"));
        Proposal ike = gcm.ikeOffered().getFirst().toProposal(1, Octets.EMPTY);
        assertThat(ike.transforms(TransformType.ENCR)).containsExactly(Transform.withKeyLength(TransformType.ENCR, 20, 256));
        assertThat(ids(ike, TransformType.PRF)).containsExactly(PrfAlgorithm.PRF_HMAC_SHA2_384.id());
        assertThat(ids(ike, TransformType.KE)).containsExactly(24);
        assertThat(gcm.pfsGroup()).contains(DiffieHellmanGroup.MODP_2048_256);
        assertThat(gcm.custom()).isTrue();

        CryptoPolicy gcm128 = CryptoPolicy.custom(policy("GCMAES128", "GCMAES128", "DHGroup2048", "AES256", "SHA256", "None"));
        Proposal ike128 = gcm128.ikeOffered().getFirst().toProposal(1, Octets.EMPTY);
        assertThat(ids(ike128, TransformType.PRF)).containsExactly(PrfAlgorithm.PRF_HMAC_SHA2_256.id());
        assertThat(ids(ike128, TransformType.KE)).containsExactly(14);
        Proposal esp = gcm128.espOffered().getFirst().toProposal(1, Octets.ofInt(7));
        assertThat(ids(esp, TransformType.INTEG)).containsExactly(IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128.id());
        assertThat(gcm128.pfsGroup()).isEmpty();

        CryptoPolicy chacha = CryptoPolicy.custom(policy("CHACHA20POLY1305", "SHA256", "X25519", "CHACHA20POLY1305", "SHA256", "X25519"));
        Proposal chachaEsp = chacha.espOffered().getFirst().toProposal(1, Octets.ofInt(7));
        assertThat(chachaEsp.transforms(TransformType.ENCR)).containsExactly(Transform.of(TransformType.ENCR, 28));
        assertThat(ids(chachaEsp, TransformType.KE)).containsExactly(31);
    }

    @Test
    void namesThisGatewayLacksAreRefused() {
        assertThatThrownBy(() -> CryptoPolicy.custom(policy("AES256", "MD5", "DHGroup14", "AES256", "SHA1", "None")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MD5");
        assertThatThrownBy(() -> CryptoPolicy.custom(policy("AES256", "SHA1", "DHGroup1", "AES256", "SHA1", "None")))
                .hasMessageContaining("DHGroup1");
        assertThatThrownBy(() -> CryptoPolicy.custom(policy("AES256", "SHA1", "DHGroup14", "DES", "SHA1", "None")))
                .hasMessageContaining("DES");
    }

    @Test
    void theResponderTakesTheInitiatorsFirstAcceptableProposalAndPreference() {
        CryptoPolicy defaults = CryptoPolicy.azureDefaults();
        Proposal unknownCipher = new Proposal(1, ProtocolId.IKE, Octets.EMPTY, List.of(
                Transform.of(TransformType.ENCR, 99), Transform.of(TransformType.PRF, 5), Transform.of(TransformType.KE, 19)));
        Proposal cbc = new Proposal(2, ProtocolId.IKE, Octets.EMPTY, List.of(
                Transform.withKeyLength(TransformType.ENCR, 12, 128), Transform.withKeyLength(TransformType.ENCR, 12, 256),
                Transform.of(TransformType.PRF, 2), Transform.of(TransformType.PRF, 5),
                Transform.of(TransformType.INTEG, 12), Transform.of(TransformType.KE, 14), Transform.of(TransformType.KE, 19)));

        Proposal chosen = ProposalSelector.select(List.of(unknownCipher, cbc), defaults.ikeAccepted(), OptionalInt.of(19),
                Octets.EMPTY).orElseThrow();

        assertThat(chosen.number()).isEqualTo(2);
        assertThat(chosen.transforms()).containsExactlyInAnyOrder(
                Transform.withKeyLength(TransformType.ENCR, 12, 128), Transform.of(TransformType.PRF, 2),
                Transform.of(TransformType.INTEG, 12), Transform.of(TransformType.KE, 19));
        IkeSuite suite = IkeSuite.from(chosen).orElseThrow();
        assertThat(suite.protection().encryption().algorithm()).isEqualTo(EncryptionAlgorithm.ENCR_AES_CBC);
        assertThat(suite.group()).as("the KE payload's group wins when allowed").isEqualTo(DiffieHellmanGroup.ECP_256);
    }

    @Test
    void aCustomPolicyIsEnforcedAsResponder() {
        CryptoPolicy custom = CryptoPolicy.custom(policy("AES256", "SHA256", "DHGroup14", "AES256", "SHA256", "None"));
        Proposal weakerGroup = new Proposal(1, ProtocolId.IKE, Octets.EMPTY, List.of(
                Transform.withKeyLength(TransformType.ENCR, 12, 256), Transform.of(TransformType.PRF, 5),
                Transform.of(TransformType.INTEG, 12), Transform.of(TransformType.KE, 2)));
        assertThat(ProposalSelector.select(List.of(weakerGroup), custom.ikeAccepted(), OptionalInt.empty(), Octets.EMPTY))
                .isEmpty();
        assertThat(ProposalSelector.select(List.of(weakerGroup), CryptoPolicy.azureDefaults().ikeAccepted(),
                OptionalInt.empty(), Octets.EMPTY)).isPresent();
    }

    @Test
    void anOptionalPfsOfferWithNoneIsAcceptedWithoutPfs() {
        Proposal esp = new Proposal(1, ProtocolId.ESP, Octets.ofInt(0x1000), List.of(
                Transform.withKeyLength(TransformType.ENCR, 20, 256), Transform.of(TransformType.KE, 19),
                Transform.of(TransformType.KE, 0), Transform.of(TransformType.ESN, 0)));
        Proposal chosen = ProposalSelector.select(List.of(esp), CryptoPolicy.azureDefaults().espAccepted(),
                OptionalInt.empty(), Octets.ofInt(0x2000)).orElseThrow();
        assertThat(ChildSuite.from(chosen).orElseThrow().pfsGroup()).isEqualTo(Optional.empty());
        assertThat(chosen.spi()).isEqualTo(Octets.ofInt(0x2000));
    }
}
