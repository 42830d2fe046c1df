package io.vpngw.gateway.ike.engine;

import static io.vpngw.gateway.ike.engine.InMemoryNetwork.exchange;
import static io.vpngw.gateway.ike.engine.InMemoryNetwork.from;
import static io.vpngw.gateway.ike.engine.InMemoryNetwork.header;
import static io.vpngw.gateway.ike.engine.TwoPeerExchangeTest.assertPairedChildSa;
import static io.vpngw.gateway.ike.engine.TwoPeerExchangeTest.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.crypto.DiffieHellmanGroup;
import io.vpngw.gateway.ike.ChildSa;
import io.vpngw.gateway.ike.ChildSaListener.ChildSaDeletion;
import io.vpngw.gateway.ike.Datagram;
import io.vpngw.gateway.ike.IkeEvent;
import io.vpngw.gateway.ike.engine.InMemoryNetwork.Fate;
import io.vpngw.gateway.ike.message.ExchangeType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Retransmission, liveness, rekeying and deletion between two of our engines. */
class TwoPeerLifecycleTest {

    private static long count(TwoPeers peers, ExchangeType type, boolean response) {
        return peers.network.sent().stream().filter(exchange(type, response)).count();
    }

    @Test
    void aLostIkeAuthRequestIsRetransmitted() {
        TwoPeers peers = new TwoPeers();
        peers.network.when(exchange(ExchangeType.IKE_AUTH, false), Fate.LOSE, 1);
        peers.connect();
        assertThat(peers.a.events(IkeEvent.Established.class)).isEmpty();

        peers.advance(Duration.ofSeconds(1));

        assertPairedChildSa(peers.a, peers.b);
        assertThat(count(peers, ExchangeType.IKE_AUTH, false)).isEqualTo(2);
    }

    @Test
    void aLostResponseIsAnsweredFromTheCacheWithoutDoingTheWorkTwice() {
        TwoPeers peers = new TwoPeers();
        peers.network.when(exchange(ExchangeType.IKE_AUTH, true), Fate.LOSE, 1);
        peers.network.when(exchange(ExchangeType.IKE_SA_INIT, true), Fate.LOSE, 1);
        peers.connect();
        peers.advance(Duration.ofSeconds(1)); // IKE_SA_INIT again: the half-open SA answers the same
        peers.advance(Duration.ofSeconds(1)); // IKE_AUTH again: the cached response goes out

        assertPairedChildSa(peers.a, peers.b);
        assertThat(peers.b.everInstalled).hasSize(1);
        assertThat(peers.b.events(IkeEvent.Established.class)).hasSize(1);
        List<Datagram> initResponses = peers.network.sent().stream()
                .filter(exchange(ExchangeType.IKE_SA_INIT, true)).toList();
        assertThat(initResponses).hasSize(2);
        assertThat(initResponses.get(0).bytes()).isEqualTo(initResponses.get(1).bytes());
    }

    @Test
    void duplicatedAndReorderedDatagramsDoNotDisturbTheExchanges() {
        TwoPeers peers = new TwoPeers();
        peers.network.when(d -> true, Fate.DUPLICATE, 100);
        peers.connect();
        assertPairedChildSa(peers.a, peers.b);
        peers.a.engine.rekeyChildSas(TwoPeers.CONNECTION);
        peers.network.deliverAll();
        assertPairedChildSa(peers.a, peers.b);
        assertThat(peers.a.engine.drops()).doesNotContainKey(io.vpngw.gateway.ike.DropReason.PROCESSING_ERROR);
        assertThat(peers.b.engine.drops()).doesNotContainKey(io.vpngw.gateway.ike.DropReason.PROCESSING_ERROR);
    }

    @Test
    void aSilentPeerIsDeclaredDeadWithinTheDpdTimeout() {
        TwoPeers peers = new TwoPeers().connect();
        Instant lastHeard = peers.clock.now();
        peers.network.blackhole(from(TwoPeers.B));

        peers.advance(Duration.ofSeconds(14));
        assertThat(count(peers, ExchangeType.INFORMATIONAL, false)).as("no probe while within the interval").isZero();
        Instant deadline = lastHeard.plusSeconds(45);
        Instant declared = null;
        while (declared == null && peers.clock.now().isBefore(deadline.plusSeconds(5))) {
            peers.advance(Duration.ofMillis(500));
            if (!peers.a.events(IkeEvent.PeerDead.class).isEmpty()) {
                declared = peers.clock.now();
            }
        }
        assertThat(declared).isNotNull();
        assertThat(declared).isBeforeOrEqualTo(deadline).isAfter(lastHeard.plusSeconds(30));
        assertThat(peers.a.children()).isEmpty();
        assertThat(peers.a.deletions).containsExactly(ChildSaDeletion.IKE_SA_FAILED);
        assertThat(peers.a.ikeSas()).isEmpty();
        assertThat(count(peers, ExchangeType.INFORMATIONAL, false)).as("the probe was retransmitted").isGreaterThan(2);
    }

    @Test
    void liveTrafficAnswersProbesAndNobodyDies() {
        TwoPeers peers = new TwoPeers().connect();
        peers.advance(Duration.ofMinutes(5));

        assertThat(count(peers, ExchangeType.INFORMATIONAL, false)).isPositive();
        assertThat(count(peers, ExchangeType.INFORMATIONAL, true)).isEqualTo(count(peers, ExchangeType.INFORMATIONAL, false));
        assertThat(peers.a.events(IkeEvent.PeerDead.class)).isEmpty();
        assertThat(peers.b.events(IkeEvent.PeerDead.class)).isEmpty();
        assertPairedChildSa(peers.a, peers.b);
    }

    @Test
    void aChildSaRekeyInstallsTheNewSaBeforeDeletingTheOld() {
        TwoPeers peers = new TwoPeers().connect();
        ChildSa old = peers.a.children().getFirst();

        peers.a.engine.rekeyChildSas(TwoPeers.CONNECTION);
        peers.network.deliverAll();

        assertPairedChildSa(peers.a, peers.b);
        ChildSa fresh = peers.a.children().getFirst();
        assertThat(fresh.inboundSpi()).isNotEqualTo(old.inboundSpi());
        assertThat(fresh.outboundSpi()).isNotEqualTo(old.outboundSpi());
        for (TwoPeers.Peer peer : List.of(peers.a, peers.b)) {
            assertThat(peer.dataPlaneLog).hasSize(3);
            assertThat(peer.dataPlaneLog.get(1)).startsWith("installed");
            assertThat(peer.dataPlaneLog.get(2)).startsWith("deleted");
            assertThat(peer.deletions).containsExactly(ChildSaDeletion.REKEYED);
        }
    }

    @Test
    void aChildSaRekeyWithPfsRunsItsOwnKeyExchange() {
        TwoPeers peers = TwoPeers.both(side -> side.policy(policy("AES256", "SHA256", "DHGroup14", "AES256", "SHA256", "PFS14")))
                .connect();
        assertThat(peers.a.children().getFirst().suite().pfsGroup()).isEmpty();

        peers.b.engine.rekeyChildSas(TwoPeers.CONNECTION);
        peers.network.deliverAll();

        assertPairedChildSa(peers.a, peers.b);
        assertThat(peers.a.children().getFirst().suite().pfsGroup()).contains(DiffieHellmanGroup.MODP_2048);
    }

    @Test
    void anInitiatorWithoutPfsIsRefusedByAPfsPolicy() {
        TwoPeers peers = new TwoPeers(
                TwoPeers.Side.defaults().policy(policy("AES256", "SHA256", "DHGroup14", "AES256", "SHA256", "None")),
                TwoPeers.Side.defaults().policy(policy("AES256", "SHA256", "DHGroup14", "AES256", "SHA256", "PFS14")))
                .connect();
        ChildSa before = peers.a.children().getFirst();

        peers.a.engine.rekeyChildSas(TwoPeers.CONNECTION);
        peers.network.deliverAll();

        assertThat(peers.a.events(IkeEvent.ChildSaFailed.class)).singleElement()
                .satisfies(f -> assertThat(f.failure()).isEqualTo(io.vpngw.gateway.ike.IkeFailure.NO_PROPOSAL_CHOSEN));
        assertThat(peers.a.children()).containsExactly(before);
    }

    @Test
    void simultaneousChildSaRekeysLeaveOnePairAsSection281Says() {
        TwoPeers peers = new TwoPeers().connect();
        ChildSa old = peers.a.children().getFirst();

        peers.a.engine.rekeyChildSas(TwoPeers.CONNECTION);
        peers.b.engine.rekeyChildSas(TwoPeers.CONNECTION);
        peers.network.deliverAll();

        assertPairedChildSa(peers.a, peers.b);
        ChildSa survivor = peers.a.children().getFirst();
        assertThat(survivor.inboundSpi()).isNotEqualTo(old.inboundSpi());
        // Each side created two SAs (one per exchange) and deleted the old and the redundant one.
        assertThat(peers.a.everInstalled).hasSize(3);
        assertThat(peers.b.everInstalled).hasSize(3);
        assertThat(peers.a.deletions).hasSize(2);
        assertThat(peers.b.deletions).hasSize(2);
        // The survivor comes from the exchange whose lowest nonce is not the lowest of all four:
        // whichever side that was, both ends agree, as the pairing above shows.
        assertThat(peers.a.deletions).contains(ChildSaDeletion.REKEYED);
        // Exactly one side found its own new SA redundant and deleted it.
        assertThat(java.util.stream.Stream.concat(peers.a.deletions.stream(), peers.b.deletions.stream())
                .filter(ChildSaDeletion.REDUNDANT::equals)).hasSize(1);
    }

    @Test
    void anIkeSaRekeyMovesTheChildSasToNewSpis() {
        TwoPeers peers = new TwoPeers().connect();
        IkeSaStatus before = peers.a.ikeSas().getFirst();
        ChildSa child = peers.a.children().getFirst();

        peers.b.engine.rekeyIkeSa(TwoPeers.CONNECTION);
        peers.network.deliverAll();

        for (TwoPeers.Peer peer : List.of(peers.a, peers.b)) {
            assertThat(peer.ikeSas()).singleElement().satisfies(sa -> {
                assertThat(sa.state()).isEqualTo("ESTABLISHED");
                assertThat(sa.initiatorSpi()).isNotEqualTo(before.initiatorSpi());
                assertThat(sa.responderSpi()).isNotEqualTo(before.responderSpi());
                assertThat(sa.childSas()).hasSize(1);
            });
            assertThat(peer.events(IkeEvent.Rekeyed.class)).hasSize(1);
            assertThat(peer.deletions).isEmpty();
        }
        assertThat(peers.b.ikeSas().getFirst().originalInitiator()).as("the rekeying side initiates the new SA").isTrue();
        assertThat(peers.a.children()).containsExactly(child);

        // The new SA works: a Child SA rekey and a liveness probe run over it.
        peers.a.engine.rekeyChildSas(TwoPeers.CONNECTION);
        peers.network.deliverAll();
        assertPairedChildSa(peers.a, peers.b);
        peers.advance(Duration.ofMinutes(2));
        assertThat(peers.a.events(IkeEvent.PeerDead.class)).isEmpty();
        assertThat(peers.a.engine.drops()).isEmpty();
        assertThat(peers.b.engine.drops()).isEmpty();
    }

    @Test
    void deletingAChildSaRemovesItOnBothSides() {
        TwoPeers peers = new TwoPeers().connect();
        ChildSa child = peers.a.children().getFirst();

        assertThat(peers.a.engine.deleteChildSa(TwoPeers.CONNECTION, child.inboundSpi())).isTrue();
        peers.network.deliverAll();

        assertThat(peers.a.children()).isEmpty();
        assertThat(peers.b.children()).isEmpty();
        assertThat(peers.a.ikeSas()).hasSize(1);
        assertThat(peers.b.ikeSas()).hasSize(1);
    }

    @Test
    void deletingTheIkeSaTakesItsChildSasAlong() {
        TwoPeers peers = new TwoPeers().connect();

        peers.b.engine.deleteIkeSa(TwoPeers.CONNECTION);
        peers.network.deliverAll();

        assertThat(peers.a.ikeSas()).isEmpty();
        assertThat(peers.b.ikeSas()).isEmpty();
        assertThat(peers.a.children()).isEmpty();
        assertThat(peers.b.children()).isEmpty();
        assertThat(peers.a.events(IkeEvent.Deleted.class)).singleElement()
                .satisfies(d -> assertThat(d.byPeer()).isTrue());
        assertThat(peers.b.events(IkeEvent.Deleted.class)).singleElement()
                .satisfies(d -> assertThat(d.byPeer()).isFalse());
        // After a delete the connection can come up again.
        assertThat(peers.a.engine.connect(TwoPeers.CONNECTION)).isTrue();
        peers.network.deliverAll();
        assertPairedChildSa(peers.a, peers.b);
    }

    @Test
    void messageIdsAdvanceOnePerExchange() {
        TwoPeers peers = new TwoPeers().connect();
        peers.a.engine.rekeyChildSas(TwoPeers.CONNECTION);
        peers.network.deliverAll();
        List<Long> ids = peers.network.sent().stream().filter(from(TwoPeers.A))
                .map(d -> header(d).messageId()).toList();
        assertThat(ids).containsExactly(0L, 1L, 2L, 3L);
        assertThat(Optional.of(peers.a.children().size())).contains(1);
    }
}
