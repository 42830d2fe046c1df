package io.vpngw.gateway.ike.engine;

import static io.vpngw.gateway.ike.engine.InMemoryNetwork.from;
import static io.vpngw.gateway.ike.engine.TwoPeerExchangeTest.assertPairedChildSa;
import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.config.ConnectionConfig;
import io.vpngw.gateway.ike.ConnectionSettings;
import io.vpngw.gateway.ike.DropReason;
import io.vpngw.gateway.ike.IkeEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Connections added, removed and replaced on a running engine, and an engine that does not serve. */
class ConnectionReconfigurationTest {

    /** A's connection as TwoPeers builds it, optionally with policy-based selectors (a changed connection). */
    private static ConnectionSettings connectionOfA(boolean policyBased) {
        ConnectionConfig config = new ConnectionConfig(TwoPeers.CONNECTION, "IPsec", "IKEv2", "Default",
                new ConnectionConfig.Peer(List.of(TwoPeers.B.address().getHostAddress()), null, List.of("10.2.0.0/16")),
                "site-psk", 45, 0, policyBased, List.of(), null);
        return ConnectionSettings.from(config, TwoPeers.A.address(), List.of("10.1.0.0/16"));
    }

    private static long sentBy(TwoPeers peers, io.vpngw.gateway.ike.Endpoint source) {
        return peers.network.sent().stream().filter(from(source)).count();
    }

    @Test
    void aRemovedConnectionIsDeletedAtThePeerAndNoLongerAnswered() {
        TwoPeers peers = new TwoPeers().connect();
        assertPairedChildSa(peers.a, peers.b);

        assertThat(peers.a.engine.removeConnection(TwoPeers.CONNECTION)).isTrue();
        peers.network.deliverAll();

        assertThat(peers.b.events(IkeEvent.Deleted.class)).as("the peer was told with an IKE Delete")
                .containsExactly(new IkeEvent.Deleted(TwoPeers.CONNECTION, true));
        assertThat(peers.b.ikeSas()).isEmpty();
        assertThat(peers.b.children()).isEmpty();
        assertThat(peers.a.children()).as("our Child SAs left the data plane").isEmpty();
        assertThat(peers.a.engine.connectionNames()).isEmpty();
        assertThat(peers.a.engine.connect(TwoPeers.CONNECTION)).isFalse();

        long fromABefore = sentBy(peers, TwoPeers.A);
        assertThat(peers.b.engine.connect(TwoPeers.CONNECTION)).isTrue();
        peers.network.deliverAll();
        assertThat(sentBy(peers, TwoPeers.A)).as("a removed connection's peer gets no answer").isEqualTo(fromABefore);
        assertThat(peers.a.engine.drops()).containsKey(DropReason.REFUSED);
    }

    @Test
    void anAddedConnectionComesUp() {
        TwoPeers peers = new TwoPeers();
        peers.a.engine.removeConnection(TwoPeers.CONNECTION);
        assertThat(peers.a.engine.connect(TwoPeers.CONNECTION)).isFalse();

        peers.a.engine.addConnection(connectionOfA(false));
        peers.connect();

        assertPairedChildSa(peers.a, peers.b);
        assertThat(peers.a.engine.connectionNames()).containsExactly(TwoPeers.CONNECTION);
    }

    @Test
    void aReplacedConnectionIsDeletedAndNegotiatedAgainUnderItsNewSettings() {
        TwoPeers peers = new TwoPeers().connect();
        long oldSpi = peers.a.ikeSas().getFirst().initiatorSpi();
        int oldChild = peers.a.children().getFirst().inboundSpi();

        peers.a.engine.replaceConnection(connectionOfA(true));
        assertThat(peers.a.ikeSas()).as("the old SA no longer counts while its Delete is under way").isEmpty();
        assertThat(peers.a.engine.connect(TwoPeers.CONNECTION)).isTrue();
        peers.network.deliverAll();

        assertPairedChildSa(peers.a, peers.b);
        assertThat(peers.a.ikeSas()).singleElement().satisfies(sa -> {
            assertThat(sa.state()).isEqualTo("ESTABLISHED");
            assertThat(sa.initiatorSpi()).isNotEqualTo(oldSpi);
        });
        assertThat(peers.b.ikeSas()).as("the peer deleted the old IKE SA").hasSize(1);
        assertThat(peers.a.children()).singleElement().satisfies(c -> {
            assertThat(c.inboundSpi()).isNotEqualTo(oldChild);
            assertThat(c.remoteSelectors().toString()).contains("10.2.0.0");
        });
    }

    @Test
    void anEngineThatDoesNotServeSendsNothingUntilItDoes() {
        TwoPeers peers = new TwoPeers();
        peers.b.engine.setAcceptingNewSas(false);
        assertThat(peers.b.engine.connect(TwoPeers.CONNECTION)).as("a standby does not initiate").isFalse();

        peers.connect();
        peers.advance(Duration.ofSeconds(3)); // A retransmits; B stays silent

        assertThat(sentBy(peers, TwoPeers.B)).as("datagrams from the standby").isZero();
        assertThat(peers.b.ikeSas()).isEmpty();
        assertThat(peers.a.events(IkeEvent.Established.class)).isEmpty();

        peers.b.engine.setAcceptingNewSas(true);
        peers.advance(Duration.ofSeconds(8)); // the next retransmission is answered
        assertPairedChildSa(peers.a, peers.b);
    }

    @Test
    void retiringEverySaClosesTheTunnelsButKeepsTheConnections() {
        TwoPeers peers = new TwoPeers().connect();
        peers.a.engine.setAcceptingNewSas(false);
        peers.a.engine.retireAllSas();
        peers.network.deliverAll();

        assertThat(peers.a.children()).isEmpty();
        assertThat(peers.b.ikeSas()).isEmpty();
        assertThat(peers.a.engine.connectionNames()).containsExactly(TwoPeers.CONNECTION);

        peers.a.engine.setAcceptingNewSas(true);
        peers.connect();
        assertPairedChildSa(peers.a, peers.b);
    }
}
