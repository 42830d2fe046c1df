package io.vpngw.gateway.esp;

import static io.vpngw.gateway.routing.TestPackets.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vpngw.gateway.routing.Ipv4Prefix;
import io.vpngw.gateway.routing.Ipv4Selector;
import io.vpngw.gateway.routing.SaSelectors;
import io.vpngw.gateway.routing.TestPackets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityAssociationTest {

    private final RecordingListener listener = new RecordingListener();
    private final FakeClock clock = new FakeClock();

    private OutboundSa<String> outbound(OutboundSequence sequence, LifetimeLimits limits) {
        return new OutboundSa<>(0xC0FFEE, 3, "keys", sequence, new SaLifetime(limits, clock.nanoTime()), listener);
    }

    private InboundSa<String> inbound(LifetimeLimits limits, SaSelectors selectors) {
        return new InboundSa<>(0x1234_5678, 3, "keys", new ReplayWindow(64, true), new SaLifetime(limits, clock.nanoTime()),
                selectors, listener);
    }

    @Test
    void outboundNumbersPacketsFromOneAndAccountsThem() {
        OutboundSa<String> sa = outbound(OutboundSequence.forNewSa(false), LifetimeLimits.unlimited());
        assertThat(sa.nextSequence(1400)).isEqualTo(1);
        assertThat(sa.nextSequence(100)).isEqualTo(2);
        assertThat(sa.lifetime().bytes()).isEqualTo(1500);
        assertThat(sa.lifetime().packets()).isEqualTo(2);
        assertThat(listener.events).isEmpty();
    }

    @Test
    void outboundAsksForARekeyAtTheSequenceSoftLimitAndStopsAtTheHardLimit() {
        OutboundSa<String> sa = outbound(new OutboundSequence(false, 0xFFFF_FFFEL, 0xFFFF_FFFDL), LifetimeLimits.unlimited());
        assertThat(sa.nextSequence(100)).isEqualTo(0xFFFF_FFFEL);
        assertThat(listener.soft()).singleElement()
                .satisfies(e -> assertThat(e.cause()).isEqualTo(ExpiryCause.SEQUENCE_NUMBERS))
                .satisfies(e -> assertThat(e.sa()).isSameAs(sa));
        assertThat(sa.nextSequence(100)).isEqualTo(0xFFFF_FFFFL);
        assertThat(sa.nextSequence(100)).isEqualTo(OutboundSa.REFUSED);
        assertThat(sa.nextSequence(100)).isEqualTo(OutboundSa.REFUSED);
        assertThat(listener.hard()).singleElement()
                .satisfies(e -> assertThat(e.cause()).isEqualTo(ExpiryCause.SEQUENCE_NUMBERS));
        assertThat(sa.refusals()).isEqualTo(2);
        assertThat(sa.lifetime().isHardExpired()).isTrue();
    }

    @Test
    void outboundRefusesPacketsPastTheByteLimit() {
        LifetimeLimits limits = new LifetimeLimits(LifetimeLimits.UNLIMITED_TIME, LifetimeLimits.UNLIMITED_TIME,
                2000, 3000, LifetimeLimits.UNLIMITED, LifetimeLimits.UNLIMITED);
        OutboundSa<String> sa = outbound(OutboundSequence.forNewSa(true), limits);
        assertThat(sa.nextSequence(1500)).isEqualTo(1);
        assertThat(sa.nextSequence(1500)).isEqualTo(2);
        assertThat(listener.soft()).singleElement().satisfies(e -> assertThat(e.cause()).isEqualTo(ExpiryCause.BYTES));
        assertThat(sa.nextSequence(1)).isEqualTo(OutboundSa.REFUSED);
        assertThat(listener.hard()).singleElement().satisfies(e -> assertThat(e.cause()).isEqualTo(ExpiryCause.BYTES));
    }

    @Test
    void theTimeLimitIsReportedByTheHousekeepingCheck() {
        LifetimeLimits limits = new LifetimeLimits(Duration.ofSeconds(10), Duration.ofSeconds(20), LifetimeLimits.UNLIMITED,
                LifetimeLimits.UNLIMITED, LifetimeLimits.UNLIMITED, LifetimeLimits.UNLIMITED);
        OutboundSa<String> sa = outbound(OutboundSequence.forNewSa(false), limits);
        clock.advance(Duration.ofSeconds(10));
        assertThat(sa.checkTime(clock.nanoTime())).isEqualTo(LifetimeVerdict.SOFT_LIMIT_REACHED);
        assertThat(listener.soft()).singleElement().satisfies(e -> assertThat(e.cause()).isEqualTo(ExpiryCause.TIME));
        clock.advance(Duration.ofSeconds(10));
        sa.checkTime(clock.nanoTime());
        assertThat(sa.nextSequence(1)).isEqualTo(OutboundSa.REFUSED);
        assertThat(listener.hard()).hasSize(1);
    }

    /** The whole receive order of the class comment, with an ICV that passes or fails on demand. */
    @Test
    void inboundFollowsCheckThenIcvThenAcceptThenSelectors() {
        SaSelectors selectors = new SaSelectors(List.of(Ipv4Selector.of(Ipv4Prefix.parse("10.0.0.0/16"))),
                List.of(Ipv4Selector.of(Ipv4Prefix.parse("192.168.1.0/24"))));
        InboundSa<String> sa = inbound(LifetimeLimits.unlimited(), selectors);
        byte[] fromPeer = TestPackets.udp(address("192.168.1.7"), address("10.0.3.4"), 5000, 53, 20);
        byte[] spoofed = TestPackets.udp(address("192.168.2.7"), address("10.0.3.4"), 5000, 53, 20);

        long sequence = sa.sequenceFor(1);
        assertThat(sa.checkReplay(sequence)).isEqualTo(ReplayVerdict.FRESH);
        // ICV fails: nothing is accepted, the window does not move.
        assertThat(sa.replayWindow().highestAccepted()).isZero();
        // The genuine packet then arrives and passes.
        assertThat(sa.checkReplay(sequence)).isEqualTo(ReplayVerdict.FRESH);
        assertThat(sa.acceptAuthenticated(sequence, fromPeer.length)).isEqualTo(InboundVerdict.ACCEPTED);
        assertThat(sa.admitsInnerPacket(fromPeer, 0, fromPeer.length)).isTrue();
        // A replay of it stops at the pre-check.
        assertThat(sa.checkReplay(sa.sequenceFor(1))).isEqualTo(ReplayVerdict.DUPLICATE);
        // An authenticated packet from an address the SA was not negotiated for is dropped and counted.
        long next = sa.sequenceFor(2);
        assertThat(sa.acceptAuthenticated(next, spoofed.length)).isEqualTo(InboundVerdict.ACCEPTED);
        assertThat(sa.admitsInnerPacket(spoofed, 0, spoofed.length)).isFalse();
        assertThat(sa.selectorDrops()).isEqualTo(1);
        assertThat(sa.lifetime().bytes()).isEqualTo(fromPeer.length + spoofed.length);
    }

    @Test
    void inboundDropsAfterTheHardLimitWithoutTouchingTheWindow() {
        LifetimeLimits limits = new LifetimeLimits(LifetimeLimits.UNLIMITED_TIME, LifetimeLimits.UNLIMITED_TIME,
                LifetimeLimits.UNLIMITED, LifetimeLimits.UNLIMITED, 1, 2);
        InboundSa<String> sa = inbound(limits, SaSelectors.any());
        assertThat(sa.acceptAuthenticated(1, 100)).isEqualTo(InboundVerdict.ACCEPTED);
        assertThat(listener.soft()).hasSize(1);
        assertThat(sa.acceptAuthenticated(2, 100)).isEqualTo(InboundVerdict.ACCEPTED);
        assertThat(sa.acceptAuthenticated(3, 100)).isEqualTo(InboundVerdict.EXPIRED);
        assertThat(listener.hard()).singleElement().satisfies(e -> assertThat(e.cause()).isEqualTo(ExpiryCause.PACKETS));
        assertThat(sa.acceptAuthenticated(4, 100)).isEqualTo(InboundVerdict.EXPIRED);
        assertThat(sa.replayWindow().highestAccepted()).as("not moved once expired").isEqualTo(3);
        assertThat(sa.expiredDrops()).isEqualTo(2);
    }

    @Test
    void inboundReportsARacingDuplicateAtAccept() {
        InboundSa<String> sa = inbound(LifetimeLimits.unlimited(), SaSelectors.any());
        assertThat(sa.checkReplay(7)).isEqualTo(ReplayVerdict.FRESH);
        assertThat(sa.checkReplay(7)).isEqualTo(ReplayVerdict.FRESH);
        assertThat(sa.acceptAuthenticated(7, 10)).isEqualTo(InboundVerdict.ACCEPTED);
        assertThat(sa.acceptAuthenticated(7, 10)).isEqualTo(InboundVerdict.DUPLICATE);
        assertThat(sa.lifetime().packets()).as("a duplicate is not accounted").isEqualTo(1);
    }

    @Test
    void reservedSpisAndNegativeTunnelIdsAreRefused() {
        SaLifetime lifetime = new SaLifetime(LifetimeLimits.unlimited(), 0);
        assertThatThrownBy(() -> new InboundSa<>(255, 0, "k", new ReplayWindow(64, false), lifetime, SaSelectors.any(),
                listener)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InboundSa<>(256, -1, "k", new ReplayWindow(64, false), lifetime, SaSelectors.any(),
                listener)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutboundSa<>(256, -1, "k", OutboundSequence.forNewSa(false), lifetime, listener))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
