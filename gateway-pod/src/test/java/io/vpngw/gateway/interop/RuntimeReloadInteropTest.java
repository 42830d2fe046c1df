package io.vpngw.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.config.ConnectionConfig;
import io.vpngw.gateway.config.GatewayConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gateway process against real strongSwan sites while its configuration file, secrets and
 * role change under it: connections added, removed and changed in place without disturbing the
 * others; per-connection counters exact to the packet; and a warm standby that stays silent until
 * it serves.
 */
@Timeout(240)
class RuntimeReloadInteropTest {
    private static final String PSK = "interop-reload-psk-not-secret-012345";
    private static final String GATEWAY_ADDRESS = "198.18.0.1";
    private static final String TO_A = "interop/to-a";
    private static final String TO_B = "interop/to-b";
    private static final Duration SA_TIMEOUT = Duration.ofSeconds(20);

    @BeforeAll
    static void machineCanRunStrongSwanLabs() {
        InteropPreconditions.requireStrongSwanLab();
    }

    private static GatewayConfig config(long generation, List<ConnectionConfig> connections) {
        GatewayConfig c = OurGateway.config("interop/gw", List.of("10.2.0.0/16"), connections);
        return new GatewayConfig(c.apiVersion(), c.gateway(), generation, c.sku(), c.limits(), c.vpnType(),
                c.activeActive(), c.addressSpace(), c.gatewaySubnet(), c.pointToSite(), c.connections());
    }

    private static ConnectionConfig toA(List<String> prefixes) {
        return OurGateway.connection(TO_A, "Default", "192.0.2.1", prefixes, 45, null);
    }

    private static ConnectionConfig toB() {
        return OurGateway.connection(TO_B, "Default", "198.51.100.2", List.of("10.3.0.0/16"), 45, null);
    }

    private static void awaitChild(StrongSwanSite site, OurGateway gateway) {
        try {
            site.awaitIkeSa("s2s", x -> x.established() && x.child("lan").map(ChildSaStatus::installed).orElse(false),
                    SA_TIMEOUT);
        } catch (AssertionError e) {
            throw new AssertionError(site.name() + ": " + e.getMessage() + "\n--- gateway:\n" + gateway.output(), e);
        }
    }

    /** Pings without pause on a thread of its own until stopped, adding up what went and came back. */
    private static final class ContinuousPing implements AutoCloseable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicInteger transmitted = new AtomicInteger();
        private final AtomicInteger received = new AtomicInteger();
        private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        private final StringBuilder lossy = new StringBuilder();
        private final Thread thread;

        ContinuousPing(NetworkNamespace from, String source, String destination) {
            thread = Thread.ofPlatform().name("continuous-ping").start(() -> {
                try {
                    while (!stop.get()) {
                        // exactly 10 requests, each reply awaited up to 2 s: ping's -w would stop at the
                        // tenth reply with an eleventh request still in flight and count that one as lost
                        CommandResult result = from.exec(List.of("ping", "-n", "-q", "-c", "10", "-i", "0.05", "-W", "2",
                                "-I", source, destination), Map.of(), Duration.ofSeconds(30));
                        if (result.exitCode() > 1) {
                            throw new IllegalStateException("ping failed: " + result.describe());
                        }
                        PingResult r = PingResult.parse(result.stdout());
                        transmitted.addAndGet(r.transmitted());
                        received.addAndGet(r.received());
                        if (r.received() != r.transmitted()) {
                            synchronized (lossy) {
                                lossy.append(r.output()).append('\n');
                            }
                        }
                    }
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            });
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(Duration.ofSeconds(30));
            if (failure.get() != null) {
                throw failure.get();
            }
        }

        String lossyRounds() {
            synchronized (lossy) {
                return lossy.toString();
            }
        }
    }

    @Test
    void connectionsAreAddedRemovedAndChangedInPlaceWithoutInterruptingTheOthers() throws Exception {
        try (InteropLab lab = InteropLab.open()) {
            NetworkNamespace gw = lab.newNamespace("gateway");
            NetworkNamespace a = lab.newNamespace("siteA");
            NetworkNamespace b = lab.newNamespace("siteB");
            a.connect("wan", "192.0.2.1/24", gw, "wanA", "192.0.2.2/24");
            b.connect("wan", "198.51.100.2/24", gw, "wanB", "198.51.100.1/24");
            gw.addLanAddress(GATEWAY_ADDRESS);
            a.addRoute(GATEWAY_ADDRESS + "/32", "192.0.2.2");
            b.addRoute(GATEWAY_ADDRESS + "/32", "198.51.100.1");
            gw.addLanAddress("10.2.0.1");
            a.addLanAddress("10.1.0.1");
            a.addLanAddress("10.4.0.1");
            b.addLanAddress("10.3.0.1");

            // site A already offers 10.4.0.0/16; the gateway routes it only once its configuration says so
            StrongSwanSite siteA = lab.strongSwanSite("siteA", a, List.of(
                    StrongSwanConnection.psk("s2s", "192.0.2.1", GATEWAY_ADDRESS, "192.0.2.1", GATEWAY_ADDRESS, PSK,
                                    "aes256gcm16-prfsha256-ecp256")
                            .withChild(new StrongSwanChild("lan", List.of("10.1.0.0/16", "10.4.0.0/16"), List.of("10.2.0.0/16"),
                                    List.of("aes256gcm16"), StrongSwanChild.StartAction.NONE, StrongSwanChild.DpdAction.CLEAR,
                                    Duration.ZERO, 0))))
                    .startAndLoad();
            StrongSwanSite siteB = lab.strongSwanSite("siteB", b, List.of(
                    StrongSwanConnection.psk("s2s", "198.51.100.2", GATEWAY_ADDRESS, "198.51.100.2", GATEWAY_ADDRESS, PSK,
                                    "aes256gcm16-prfsha256-ecp256")
                            .withChild(StrongSwanChild.tunnel("lan", "10.3.0.0/16", "10.2.0.0/16", "aes256gcm16"))))
                    .startAndLoad();
            OurGateway gateway = OurGateway.start(gw, config(1, List.of(toA(List.of("10.1.0.0/16")))), PSK, GATEWAY_ADDRESS);
            awaitChild(siteA, gateway);
            OurGateway.awaitPath(gw, "10.2.0.1", "10.1.0.1");
            long siteASa = siteA.ikeSa("s2s").orElseThrow().uniqueId();
            long siteAChild = siteA.ikeSa("s2s").orElseThrow().child("lan").orElseThrow().uniqueId();

            Map<String, Long> beforeReloads = gateway.awaitQuietStats(Duration.ofMillis(2500), Duration.ofSeconds(20));
            ContinuousPing ping = new ContinuousPing(gw, "10.2.0.1", "10.1.0.1");
            try (ping) {
                // add a second connection: it comes up by itself
                gateway.reconfigure(config(2, List.of(toA(List.of("10.1.0.0/16")), toB())), PSK);
                assertThat(gateway.output()).contains("added=[" + TO_B + "]");
                awaitChild(siteB, gateway);
                OurGateway.awaitPath(gw, "10.2.0.1", "10.3.0.1");
                PingResult toB = Traffic.ping(gw, "10.2.0.1", "10.3.0.1", 10);
                assertThat(toB.lossPercent()).as(toB.output()).isZero();

                // remove it: site B is told with an IKE Delete, and its route goes
                gateway.reconfigure(config(3, List.of(toA(List.of("10.1.0.0/16")))), PSK);
                assertThat(gateway.output()).contains("removed=[" + TO_B + "]");
                siteB.awaitNoIkeSa("s2s", SA_TIMEOUT);
                assertThat(Traffic.ping(gw, "10.2.0.1", "10.3.0.1", 3).received()).as("no tunnel to B any more").isZero();
                assertThat(BoundedWait.until(Duration.ofSeconds(10), () -> gateway.tunnelStat(TO_B, "packetsOut") < 0))
                        .as("the removed connection leaves the counters").isTrue();
            }
            assertThat(ping.transmitted.get()).as("pings to A while B came and went").isGreaterThanOrEqualTo(20);
            assertThat(ping.received.get()).as("lost pings to A:\n" + ping.lossyRounds())
                    .isEqualTo(ping.transmitted.get());
            Map<String, Long> afterReloads = gateway.awaitQuietStats(Duration.ofMillis(2500), Duration.ofSeconds(20));
            String keyA = "tunnel." + TO_A + ".";
            assertThat(afterReloads.get(keyA + "packetsIn") - beforeReloads.get(keyA + "packetsIn"))
                    .as("every echo request to A the gateway sent came back through it")
                    .isEqualTo(afterReloads.get(keyA + "packetsOut") - beforeReloads.get(keyA + "packetsOut"))
                    .isEqualTo(ping.transmitted.get());
            assertThat(siteA.ikeSa("s2s").orElseThrow().uniqueId()).as("site A's IKE_SA was not touched").isEqualTo(siteASa);
            assertThat(siteA.ikeSa("s2s").orElseThrow().child("lan").orElseThrow().uniqueId())
                    .as("nor its CHILD_SA").isEqualTo(siteAChild);

            // change A's prefixes: the connection is renegotiated and carries the new prefix
            assertThat(Traffic.ping(gw, "10.2.0.1", "10.4.0.1", 2).received()).as("10.4/16 not routed yet").isZero();
            gateway.reconfigure(config(4, List.of(toA(List.of("10.1.0.0/16", "10.4.0.0/16")))), PSK);
            assertThat(gateway.output()).contains("changed=[" + TO_A + "]");
            IkeSaStatus renegotiated = siteA.awaitIkeSa("s2s", x -> x.uniqueId() != siteASa && x.established()
                    && x.child("lan").map(ChildSaStatus::installed).orElse(false), SA_TIMEOUT);
            assertThat(siteA.listSas()).as("the old IKE_SA was deleted").hasSize(1);
            assertThat(renegotiated.initiator()).as("our gateway initiated the new SA").isFalse();
            OurGateway.awaitPath(gw, "10.2.0.1", "10.4.0.1");
            PingResult newPrefix = Traffic.ping(gw, "10.2.0.1", "10.4.0.1", 10);
            assertThat(newPrefix.lossPercent()).as(newPrefix.output()).isZero();
            PingResult oldPrefix = Traffic.ping(gw, "10.2.0.1", "10.1.0.1", 10);
            assertThat(oldPrefix.lossPercent()).as(oldPrefix.output()).isZero();
        }
    }

    @Test
    void perConnectionCountersEqualTheInnerTrafficSentEachWay() throws Exception {
        try (InteropLab lab = InteropLab.open()) {
            NetworkNamespace site = lab.newNamespace("site");
            NetworkNamespace gw = lab.newNamespace("gateway");
            site.connect("wan", "192.0.2.1/24", gw, "wan", "192.0.2.2/24");
            site.addLanAddress("10.1.0.1");
            gw.addLanAddress("10.2.0.1");
            StrongSwanSite strongSwan = lab.strongSwanSite("site", site, List.of(
                    StrongSwanConnection.psk("s2s", "192.0.2.1", "192.0.2.2", "192.0.2.1", "192.0.2.2", PSK,
                                    "aes256gcm16-prfsha256-x25519")
                            .withChild(StrongSwanChild.tunnel("lan", "10.1.0.0/16", "10.2.0.0/16", "aes256gcm16"))))
                    .startAndLoad();
            OurGateway gateway = OurGateway.start(gw, config(1, List.of(toA(List.of("10.1.0.0/16")))), PSK, "192.0.2.2");
            awaitChild(strongSwan, gateway);
            OurGateway.awaitPath(gw, "10.2.0.1", "10.1.0.1");

            Map<String, Long> before = gateway.awaitQuietStats(Duration.ofMillis(2500), Duration.ofSeconds(20));
            ChildSaStatus childBefore = strongSwan.ikeSa("s2s").orElseThrow().child("lan").orElseThrow();
            int outbound = 20;
            int outboundPayload = 1000;
            int inbound = 7;
            int inboundPayload = 200;
            PingResult fromGateway = Traffic.ping(gw, "10.2.0.1", "10.1.0.1", outbound, outboundPayload);
            PingResult fromSite = Traffic.ping(site, "10.1.0.1", "10.2.0.1", inbound, inboundPayload);
            assertThat(fromGateway.received()).as(fromGateway.output()).isEqualTo(outbound);
            assertThat(fromSite.received()).as(fromSite.output()).isEqualTo(inbound);
            Map<String, Long> after = gateway.awaitQuietStats(Duration.ofMillis(2500), Duration.ofSeconds(20));

            // each echo and its reply: an IPv4 header (20) + ICMP header (8) + payload, both ways
            long packets = outbound + inbound;
            long bytes = outbound * (28L + outboundPayload) + inbound * (28L + inboundPayload);
            String key = "tunnel." + TO_A + ".";
            assertThat(after.get(key + "packetsOut") - before.get(key + "packetsOut")).as("packets out").isEqualTo(packets);
            assertThat(after.get(key + "packetsIn") - before.get(key + "packetsIn")).as("packets in").isEqualTo(packets);
            assertThat(after.get(key + "bytesOut") - before.get(key + "bytesOut")).as("inner bytes out").isEqualTo(bytes);
            assertThat(after.get(key + "bytesIn") - before.get(key + "bytesIn")).as("inner bytes in").isEqualTo(bytes);
            assertThat(after.get(key + "connected")).isEqualTo(1);
            ChildSaStatus childAfter = strongSwan.ikeSa("s2s").orElseThrow().child("lan").orElseThrow();
            assertThat(childAfter.packetsIn() - childBefore.packetsIn()).as("strongSwan received what we counted out")
                    .isEqualTo(packets);
            assertThat(childAfter.bytesOut() - childBefore.bytesOut()).as("strongSwan sent what we counted in")
                    .isEqualTo(bytes);
        }
    }

    @Test
    void aWarmStandbyIsSilentUntilItServesAndHoldsNoSaAfterwards() throws Exception {
        try (InteropLab lab = InteropLab.open()) {
            NetworkNamespace site = lab.newNamespace("site");
            NetworkNamespace gw = lab.newNamespace("gateway");
            site.connect("wan", "192.0.2.1/24", gw, "wan", "192.0.2.2/24");
            site.addLanAddress("10.1.0.1");
            gw.addLanAddress("10.2.0.1");
            StrongSwanSite strongSwan = lab.strongSwanSite("site", site, List.of(
                    StrongSwanConnection.psk("s2s", "192.0.2.1", "192.0.2.2", "192.0.2.1", "192.0.2.2", PSK,
                                    "aes256gcm16-prfsha256-x25519")
                            .withChild(StrongSwanChild.tunnel("lan", "10.1.0.0/16", "10.2.0.0/16", "aes256gcm16"))))
                    .startAndLoad();
            // mode Default: serving, it would initiate at once
            OurGateway gateway = OurGateway.startStandby(gw, config(1, List.of(toA(List.of("10.1.0.0/16")))), PSK,
                    "192.0.2.2");
            assertThat(gateway.output()).contains("role standby");

            CommandResult attempt = strongSwan.swanctl("--initiate", "--ike", "s2s", "--child", "lan", "--timeout", "6");
            assertThat(attempt.succeeded()).as("the standby answered strongSwan: " + attempt.describe()).isFalse();
            assertThat(strongSwan.log()).as("strongSwan sent IKE_SA_INIT").contains("sending packet: from 192.0.2.1[500] to 192.0.2.2[500]");
            assertThat(strongSwan.log()).as("strongSwan received nothing from the standby")
                    .doesNotContain("received packet: from 192.0.2.2");
            assertThat(gateway.output()).doesNotContain("event Established");
            assertThat(gateway.tunnelStat(TO_A, "connected")).isNotEqualTo(1);
            strongSwan.swanctl("--terminate", "--ike", "s2s", "--timeout", "3"); // drop its half-open attempt, if any is left

            gateway.setRole("active");
            gateway.awaitOutput("role serving", Duration.ofSeconds(10));
            awaitChild(strongSwan, gateway);
            OurGateway.awaitPath(gw, "10.2.0.1", "10.1.0.1");
            PingResult ping = Traffic.ping(gw, "10.2.0.1", "10.1.0.1", 10);
            assertThat(ping.lossPercent()).as(ping.output()).isZero();

            gateway.setRole("standby");
            assertThat(BoundedWait.until(Duration.ofSeconds(10), () -> gateway.countOutputLines("role standby") == 2))
                    .as("the gateway went back to standby:\n" + gateway.output()).isTrue();
            strongSwan.awaitNoIkeSa("s2s", SA_TIMEOUT);
            assertThat(Traffic.ping(gw, "10.2.0.1", "10.1.0.1", 3).received()).as("no tunnel from a standby").isZero();
            assertThat(BoundedWait.until(Duration.ofSeconds(10), () -> gateway.tunnelStat(TO_A, "connected") == 0))
                    .as("reported as not connected").isTrue();
        }
    }
}
