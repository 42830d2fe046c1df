package io.vpngw.gateway.ike.engine;

import static io.vpngw.gateway.ike.engine.InMemoryNetwork.exchange;
import static io.vpngw.gateway.ike.engine.InMemoryNetwork.from;
import static io.vpngw.gateway.ike.engine.InMemoryNetwork.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.config.ConnectionConfig;
import io.vpngw.gateway.crypto.DiffieHellmanGroup;
import io.vpngw.gateway.crypto.DirectionalKeys;
import io.vpngw.gateway.crypto.EncryptionTransform;
import io.vpngw.gateway.crypto.IntegrityAlgorithm;
import io.vpngw.gateway.crypto.PrfAlgorithm;
import io.vpngw.gateway.crypto.ProtectionSuite;
import io.vpngw.gateway.ike.ChildSa;
import io.vpngw.gateway.ike.Datagram;
import io.vpngw.gateway.ike.DropReason;
import io.vpngw.gateway.ike.IkeEvent;
import io.vpngw.gateway.ike.IkeFailure;
import io.vpngw.gateway.ike.engine.InMemoryNetwork.Fate;
import io.vpngw.gateway.ike.engine.TwoPeers.Peer;
import io.vpngw.gateway.ike.message.ExchangeType;
import io.vpngw.gateway.ike.proposal.ChildSuite;
import io.vpngw.gateway.ike.proposal.IkeSuite;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Establishing an IKE SA and its first Child SA between two of our engines. */
class TwoPeerExchangeTest {

    static ConnectionConfig.Policy policy(String ikeEncryption, String ikeIntegrity, String dhGroup,
                                          String ipsecEncryption, String ipsecIntegrity, String pfsGroup) {
        return new ConnectionConfig.Policy(ikeEncryption, ikeIntegrity, dhGroup, ipsecEncryption, ipsecIntegrity,
                pfsGroup, 3600, 102400000);
    }

    /** Both directions of the only Child SA on each side pair up: same SPIs, suite and keys. */
    static void assertPairedChildSa(Peer a, Peer b) {
        assertThat(a.children()).hasSize(1);
        assertThat(b.children()).hasSize(1);
        ChildSa x = a.children().getFirst();
        ChildSa y = b.children().getFirst();
        assertThat(x.outboundSpi()).isEqualTo(y.inboundSpi());
        assertThat(x.inboundSpi()).isEqualTo(y.outboundSpi());
        assertThat(x.suite()).isEqualTo(y.suite());
        assertSameKeys(x.outboundKeys(), y.inboundKeys());
        assertSameKeys(x.inboundKeys(), y.outboundKeys());
        assertThat(x.outboundKeys().encryption().contentEquals(x.inboundKeys().encryption()))
                .as("each direction has its own key").isFalse();
    }

    static void assertSameKeys(DirectionalKeys one, DirectionalKeys other) {
        assertThat(one.encryption().length()).isEqualTo(other.encryption().length());
        assertThat(one.encryption().contentEquals(other.encryption())).isTrue();
        assertThat(one.integrity().contentEquals(other.integrity())).isTrue();
    }

    static IkeSuite ikeSuite(Peer peer) {
        return peer.ikeSas().getFirst().suite().orElseThrow();
    }

    @Test
    void azureDefaultsEstablishWithTheModernProposalFirst() {
        TwoPeers peers = new TwoPeers().connect();

        assertThat(peers.a.events(IkeEvent.Established.class)).singleElement()
                .satisfies(e -> assertThat(e.weInitiated()).isTrue());
        assertThat(peers.b.events(IkeEvent.Established.class)).singleElement()
                .satisfies(e -> assertThat(e.weInitiated()).isFalse());
        IkeSuite suite = ikeSuite(peers.a);
        assertThat(suite).isEqualTo(ikeSuite(peers.b));
        assertThat(suite.protection()).isEqualTo(new ProtectionSuite.Aead(EncryptionTransform.aesGcm16(256)));
        assertThat(suite.prf()).isEqualTo(PrfAlgorithm.PRF_HMAC_SHA2_256);
        assertThat(suite.group()).isEqualTo(DiffieHellmanGroup.CURVE25519);
        assertPairedChildSa(peers.a, peers.b);
        assertThat(peers.a.children().getFirst().suite())
                .isEqualTo(new ChildSuite(new ProtectionSuite.Aead(EncryptionTransform.aesGcm16(256)), Optional.empty(), false));
        assertThat(peers.a.engine.drops()).isEmpty();
        assertThat(peers.b.engine.drops()).isEmpty();
        // Two exchanges, four datagrams: nothing was retransmitted.
        assertThat(peers.network.sent()).hasSize(4);
    }

    static Stream<Arguments> customPolicies() {
        return Stream.of(
                Arguments.of(policy("GCMAES256", "GCMAES256", "ECP384", "GCMAES256", "GCMAES256", "None"),
                        new ProtectionSuite.Aead(EncryptionTransform.aesGcm16(256)), PrfAlgorithm.PRF_HMAC_SHA2_384,
                        DiffieHellmanGroup.ECP_384, new ProtectionSuite.Aead(EncryptionTransform.aesGcm16(256))),
                Arguments.of(policy("GCMAES128", "GCMAES128", "ECP256", "GCMAES128", "GCMAES128", "ECP256"),
                        new ProtectionSuite.Aead(EncryptionTransform.aesGcm16(128)), PrfAlgorithm.PRF_HMAC_SHA2_256,
                        DiffieHellmanGroup.ECP_256, new ProtectionSuite.Aead(EncryptionTransform.aesGcm16(128))),
                Arguments.of(policy("AES256", "SHA256", "DHGroup14", "AES256", "SHA256", "PFS2048"),
                        new ProtectionSuite.EncryptThenMac(EncryptionTransform.aesCbc(256), IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128),
                        PrfAlgorithm.PRF_HMAC_SHA2_256, DiffieHellmanGroup.MODP_2048,
                        new ProtectionSuite.EncryptThenMac(EncryptionTransform.aesCbc(256), IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128)),
                Arguments.of(policy("CHACHA20POLY1305", "SHA256", "X25519", "CHACHA20POLY1305", "SHA256", "None"),
                        new ProtectionSuite.Aead(EncryptionTransform.chaCha20Poly1305()), PrfAlgorithm.PRF_HMAC_SHA2_256,
                        DiffieHellmanGroup.CURVE25519, new ProtectionSuite.Aead(EncryptionTransform.chaCha20Poly1305())),
                Arguments.of(policy("AES128", "SHA384", "DHGroup24", "AES192", "SHA1", "PFS24"),
                        new ProtectionSuite.EncryptThenMac(EncryptionTransform.aesCbc(128), IntegrityAlgorithm.AUTH_HMAC_SHA2_384_192),
                        PrfAlgorithm.PRF_HMAC_SHA2_384, DiffieHellmanGroup.MODP_2048_256,
                        new ProtectionSuite.EncryptThenMac(EncryptionTransform.aesCbc(192), IntegrityAlgorithm.AUTH_HMAC_SHA1_96)),
                Arguments.of(policy("DES3", "SHA1", "DHGroup2", "DES3", "SHA1", "None"),
                        new ProtectionSuite.EncryptThenMac(EncryptionTransform.tripleDes(), IntegrityAlgorithm.AUTH_HMAC_SHA1_96),
                        PrfAlgorithm.PRF_HMAC_SHA1, DiffieHellmanGroup.MODP_1024,
                        new ProtectionSuite.EncryptThenMac(EncryptionTransform.tripleDes(), IntegrityAlgorithm.AUTH_HMAC_SHA1_96)));
    }

    @ParameterizedTest
    @MethodSource("customPolicies")
    void customPoliciesEstablishExactlyWhatTheyName(ConnectionConfig.Policy policy, ProtectionSuite ike,
                                                    PrfAlgorithm prf, DiffieHellmanGroup group, ProtectionSuite esp) {
        TwoPeers peers = TwoPeers.both(side -> side.policy(policy)).connect();

        assertThat(ikeSuite(peers.a)).isEqualTo(new IkeSuite(ike, prf, group)).isEqualTo(ikeSuite(peers.b));
        assertPairedChildSa(peers.a, peers.b);
        // IKE_AUTH carries no key exchange, so even a PFS policy's first Child SA has none (RFC 7296 §1.2).
        assertThat(peers.a.children().getFirst().suite()).isEqualTo(new ChildSuite(esp, Optional.empty(), false));
    }

    @Test
    void aCustomPolicyOnOneSideIsWhatBothEndUpWith() {
        ConnectionConfig.Policy gcm = policy("GCMAES256", "GCMAES256", "ECP384", "GCMAES256", "GCMAES256", "None");
        TwoPeers peers = new TwoPeers(TwoPeers.Side.defaults(), TwoPeers.Side.defaults().policy(gcm));
        // A offers Azure's defaults, which do not include PRF SHA-384 with GCM: B enforces its policy.
        peers.connect();
        assertThat(peers.a.events(IkeEvent.Failed.class)).singleElement()
                .satisfies(f -> assertThat(f.failure()).isEqualTo(IkeFailure.NO_PROPOSAL_CHOSEN));

        TwoPeers reversed = new TwoPeers(TwoPeers.Side.defaults().policy(gcm), TwoPeers.Side.defaults()).connect();
        // B's defaults accept what A's policy offers.
        assertThat(ikeSuite(reversed.b).prf()).isEqualTo(PrfAlgorithm.PRF_HMAC_SHA2_384);
        assertPairedChildSa(reversed.a, reversed.b);
    }

    @Test
    void aWrongPreSharedKeyFailsAuthenticationOnBothSides() {
        TwoPeers peers = new TwoPeers(TwoPeers.Side.defaults(), TwoPeers.Side.defaults().psk("something else")).connect();

        assertThat(peers.a.events(IkeEvent.Failed.class)).singleElement()
                .satisfies(f -> assertThat(f.failure()).isEqualTo(IkeFailure.AUTHENTICATION_FAILED));
        assertThat(peers.b.events(IkeEvent.Failed.class)).singleElement()
                .satisfies(f -> assertThat(f.failure()).isEqualTo(IkeFailure.AUTHENTICATION_FAILED));
        assertThat(peers.a.events(IkeEvent.Established.class)).isEmpty();
        assertThat(peers.b.events(IkeEvent.Established.class)).isEmpty();
        assertThat(peers.a.everInstalled).isEmpty();
        assertThat(peers.b.everInstalled).isEmpty();
        assertThat(peers.a.ikeSas()).isEmpty();
        assertThat(peers.b.ikeSas()).isEmpty();
    }

    @Test
    void noCommonProposalIsReportedAsNoProposalChosen() {
        TwoPeers peers = new TwoPeers(
                TwoPeers.Side.defaults().policy(policy("GCMAES256", "GCMAES256", "ECP384", "GCMAES256", "GCMAES256", "None")),
                TwoPeers.Side.defaults().policy(policy("AES256", "SHA256", "DHGroup14", "AES256", "SHA256", "None")))
                .connect();

        assertThat(peers.a.events(IkeEvent.Failed.class)).singleElement()
                .satisfies(f -> assertThat(f.failure()).isEqualTo(IkeFailure.NO_PROPOSAL_CHOSEN));
        assertThat(peers.b.ikeSas()).as("the refusal keeps no state").isEmpty();
        assertThat(peers.b.engine.halfOpenCount()).isZero();
    }

    @Test
    void noCommonEspProposalLeavesTheIkeSaUpWithoutChildSa() {
        TwoPeers peers = new TwoPeers(
                TwoPeers.Side.defaults().policy(policy("AES256", "SHA256", "DHGroup14", "GCMAES256", "GCMAES256", "None")),
                TwoPeers.Side.defaults().policy(policy("AES256", "SHA256", "DHGroup14", "AES128", "SHA1", "None")))
                .connect();

        assertThat(peers.a.events(IkeEvent.Established.class)).hasSize(1);
        assertThat(peers.a.events(IkeEvent.ChildSaFailed.class)).singleElement()
                .satisfies(f -> assertThat(f.failure()).isEqualTo(IkeFailure.NO_PROPOSAL_CHOSEN));
        assertThat(peers.a.children()).isEmpty();
        assertThat(peers.b.children()).isEmpty();
    }

    @Test
    void invalidKePayloadMakesTheInitiatorRetryWithTheGroupTheResponderWants() {
        // A's first proposal offers X25519 then ECP256 and sends an X25519 KE; B accepts ECP256 only.
        TwoPeers peers = new TwoPeers(TwoPeers.Side.defaults(),
                TwoPeers.Side.defaults().policy(policy("GCMAES256", "SHA256", "ECP256", "GCMAES256", "GCMAES256", "None")))
                .connect();

        assertThat(ikeSuite(peers.a).group()).isEqualTo(DiffieHellmanGroup.ECP_256);
        assertPairedChildSa(peers.a, peers.b);
        List<Datagram> initRequests = peers.network.sent().stream()
                .filter(exchange(ExchangeType.IKE_SA_INIT, false)).toList();
        assertThat(initRequests).hasSize(2);
    }

    @Test
    void aResponderUnderLoadDemandsACookieAndTheInitiatorReturnsIt() {
        TwoPeers peers = new TwoPeers(TwoPeers.Side.defaults(), TwoPeers.Side.defaults().halfOpenThreshold(0)).connect();

        assertPairedChildSa(peers.a, peers.b);
        List<Datagram> initResponses = peers.network.sent().stream()
                .filter(exchange(ExchangeType.IKE_SA_INIT, true)).toList();
        assertThat(initResponses).hasSize(2);
        assertThat(header(initResponses.getFirst()).responderSpi()).as("a cookie response keeps no state").isZero();
        assertThat(peers.network.sent().stream().filter(exchange(ExchangeType.IKE_SA_INIT, false))).hasSize(2);
    }

    @Test
    void aForgedCookieIsNotAccepted() {
        TwoPeers peers = new TwoPeers(TwoPeers.Side.defaults(), TwoPeers.Side.defaults().halfOpenThreshold(0));
        // Every COOKIE answer is lost and replaced by nothing: the initiator keeps retrying without one.
        peers.network.blackhole(exchange(ExchangeType.IKE_SA_INIT, true));
        peers.connect();
        peers.advance(java.time.Duration.ofSeconds(60));
        assertThat(peers.b.engine.halfOpenCount()).isZero();
        assertThat(peers.b.ikeSas()).isEmpty();
        assertThat(peers.a.events(IkeEvent.Failed.class)).singleElement()
                .satisfies(f -> assertThat(f.failure()).isEqualTo(IkeFailure.PEER_DEAD));
    }

    @Test
    void policyBasedSelectorsAreNarrowedByTheResponder() {
        ConnectionConfig.TrafficSelectorPair wide = new ConnectionConfig.TrafficSelectorPair(
                List.of("10.1.0.0/16"), List.of("10.2.0.0/16"));
        ConnectionConfig.TrafficSelectorPair narrow = new ConnectionConfig.TrafficSelectorPair(
                List.of("10.2.5.0/24"), List.of("10.1.0.0/16"));
        TwoPeers peers = new TwoPeers(TwoPeers.Side.defaults().selectors(List.of(wide)),
                TwoPeers.Side.defaults().selectors(List.of(narrow))).connect();

        assertPairedChildSa(peers.a, peers.b);
        ChildSa a = peers.a.children().getFirst();
        ChildSa b = peers.b.children().getFirst();
        assertThat(a.remoteSelectors()).isEqualTo(b.localSelectors())
                .isEqualTo(io.vpngw.gateway.ike.selector.TrafficSelectors.fromPrefixes(List.of("10.2.5.0/24")));
        assertThat(a.localSelectors()).isEqualTo(b.remoteSelectors());
    }

    @Test
    void disjointSelectorsAreRefusedWithTsUnacceptable() {
        TwoPeers peers = new TwoPeers(
                TwoPeers.Side.defaults().selectors(List.of(new ConnectionConfig.TrafficSelectorPair(
                        List.of("10.1.0.0/16"), List.of("10.2.0.0/16")))),
                TwoPeers.Side.defaults().selectors(List.of(new ConnectionConfig.TrafficSelectorPair(
                        List.of("172.16.0.0/12"), List.of("10.1.0.0/16"))))).connect();

        assertThat(peers.a.events(IkeEvent.ChildSaFailed.class)).singleElement()
                .satisfies(f -> assertThat(f.failure()).isEqualTo(IkeFailure.TS_UNACCEPTABLE));
        assertThat(peers.a.children()).isEmpty();
        assertThat(peers.b.children()).isEmpty();
    }

    @Test
    void aResponderOnlyConnectionNeverInitiates() {
        TwoPeers peers = new TwoPeers(TwoPeers.Side.defaults().mode("ResponderOnly"), TwoPeers.Side.defaults());
        assertThat(peers.a.engine.connect(TwoPeers.CONNECTION)).isFalse();
        assertThat(peers.network.sent()).isEmpty();
        // It still answers.
        peers.b.engine.connect(TwoPeers.CONNECTION);
        peers.network.deliverAll();
        assertPairedChildSa(peers.a, peers.b);
    }

    @Test
    void anInitiatorOnlyConnectionRefusesThePeersIkeSaInit() {
        TwoPeers peers = new TwoPeers(TwoPeers.Side.defaults(), TwoPeers.Side.defaults().mode("InitiatorOnly")).connect();

        assertThat(peers.b.engine.drops()).containsEntry(DropReason.REFUSED, 1L);
        assertThat(peers.b.ikeSas()).isEmpty();
        peers.advance(java.time.Duration.ofSeconds(60));
        assertThat(peers.a.events(IkeEvent.Failed.class)).singleElement()
                .satisfies(f -> assertThat(f.failure()).isEqualTo(IkeFailure.PEER_DEAD));
    }

    @Test
    void junkAndTamperedDatagramsAreDroppedAndCounted() {
        TwoPeers peers = new TwoPeers().connect();
        peers.b.engine.receive(new Datagram(TwoPeers.A, TwoPeers.B, new byte[] {1, 2, 3}));
        Datagram lastAuthRequest = peers.network.sent().stream()
                .filter(exchange(ExchangeType.IKE_AUTH, false)).reduce((x, y) -> y).orElseThrow();
        byte[] tampered = lastAuthRequest.bytes();
        tampered[tampered.length - 1] ^= 1;
        peers.b.engine.receive(new Datagram(TwoPeers.A, TwoPeers.B, tampered));

        assertThat(peers.b.engine.drops())
                .containsEntry(DropReason.MALFORMED, 1L)
                .containsEntry(DropReason.UNEXPECTED_MESSAGE_ID, 1L);
        // A forged message with a current message ID fails to decrypt.
        peers.a.engine.rekeyChildSas(TwoPeers.CONNECTION);
        Datagram rekey = peers.network.sent().getLast();
        byte[] forged = rekey.bytes();
        forged[forged.length - 3] ^= 0x40;
        peers.network.clearRules();
        peers.b.engine.receive(new Datagram(TwoPeers.A, TwoPeers.B, forged));
        assertThat(peers.b.engine.drops()).containsEntry(DropReason.UNDECRYPTABLE, 1L);
        assertThat(peers.b.engine.drops()).doesNotContainKey(DropReason.PROCESSING_ERROR);
        assertThat(from(TwoPeers.A).test(rekey)).isTrue();
    }
}
