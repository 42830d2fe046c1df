package io.vpngw.gateway.ike.engine;

import static io.vpngw.gateway.ike.engine.TwoPeerExchangeTest.assertPairedChildSa;
import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.ike.ChildSaListener.ChildSaDeletion;
import io.vpngw.gateway.ike.IkeEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A peer that lost its state (crashed, or a standby took its address over) starts a fresh IKE SA
 * with INITIAL_CONTACT, and the other side drops the stale SAs at once instead of keeping them,
 * and sealing into them, until dead peer detection gives up on them.
 */
class InitialContactTest {

    @Test
    void aRestartedInitiatorsInitialContactReplacesTheStaleSasAtTheResponder() {
        TwoPeers peers = new TwoPeers().connect();
        assertPairedChildSa(peers.a, peers.b);
        IkeSaStatus stale = peers.b.ikeSas().getFirst();
        int staleInbound = peers.b.children().getFirst().inboundSpi();

        peers.advance(java.time.Duration.ofSeconds(1));
        TwoPeers.Peer successor = peers.restartA();
        successor.engine.connect(TwoPeers.CONNECTION);
        peers.network.deliverAll();

        List<IkeSaStatus> atB = peers.b.ikeSas();
        assertThat(atB).as("only the successor's IKE SA is left").hasSize(1);
        assertThat(atB.getFirst().initiatorSpi()).isNotEqualTo(stale.initiatorSpi());
        assertThat(atB.getFirst().state()).isEqualTo("ESTABLISHED");
        assertThat(peers.b.installed).as("the stale Child SA left the data plane")
                .doesNotContainKey(staleInbound).hasSize(1);
        assertThat(peers.b.deletions).containsExactly(ChildSaDeletion.DELETED);
        assertPairedChildSa(successor, peers.b);
        // the responder reports the stale SA's end before the new one's start
        List<IkeEvent> last = peers.b.events.subList(peers.b.events.size() - 2, peers.b.events.size());
        assertThat(last.getFirst()).isInstanceOf(IkeEvent.Deleted.class);
        assertThat(last.getLast()).isInstanceOf(IkeEvent.Established.class);
    }

    @Test
    void theStaleSaIsForgottenWithoutADeleteTheSuccessorWouldNotUnderstand() {
        TwoPeers peers = new TwoPeers().connect();
        peers.advance(java.time.Duration.ofSeconds(1));
        TwoPeers.Peer successor = peers.restartA();
        int sentBefore = peers.network.sent().size();
        successor.engine.connect(TwoPeers.CONNECTION);
        peers.network.deliverAll();

        // IKE_SA_INIT and IKE_AUTH, each a request and a response: no INFORMATIONAL with a Delete
        assertThat(peers.network.sent().size() - sentBefore).isEqualTo(4);
        assertThat(successor.engine.drops().values().stream().mapToLong(Long::longValue).sum())
                .as("nothing addressed to the old SA reached the successor").isZero();
    }

    /**
     * Both ends initiating at once (VNet-to-VNet) each send INITIAL_CONTACT with their first SA:
     * neither may take the other's simultaneous SA for a stale one, or each end keeps a different
     * SA and dead peer detection tears both down a DPD timeout later.
     */
    @Test
    void simultaneousFirstContactsLeaveBothEndsWithTheSameSaThatSurvivesDeadPeerDetection() {
        TwoPeers peers = new TwoPeers();
        peers.a.engine.connect(TwoPeers.CONNECTION);
        peers.b.engine.connect(TwoPeers.CONNECTION);
        peers.network.deliverAll();
        peers.advance(java.time.Duration.ofSeconds(120));

        assertThat(peers.a.events).noneMatch(e -> e instanceof IkeEvent.PeerDead);
        assertThat(peers.b.events).noneMatch(e -> e instanceof IkeEvent.PeerDead);
        List<IkeSaStatus> atA = peers.a.ikeSas().stream().filter(s -> s.state().equals("ESTABLISHED")).toList();
        List<IkeSaStatus> atB = peers.b.ikeSas().stream().filter(s -> s.state().equals("ESTABLISHED")).toList();
        assertThat(atA).isNotEmpty();
        assertThat(atA).extracting(IkeSaStatus::initiatorSpi)
                .containsExactlyInAnyOrderElementsOf(atB.stream().map(IkeSaStatus::initiatorSpi).toList());
        assertPairedChildSa(peers.a, peers.b);
    }
}
