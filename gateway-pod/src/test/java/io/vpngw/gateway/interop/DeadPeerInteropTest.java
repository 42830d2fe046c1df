package io.vpngw.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** strongSwan vanishes (SIGKILL): our gateway declares it dead in time and reconnects once it is back. */
@Timeout(120)
class DeadPeerInteropTest {
    private static final String PSK = "interop-dpd-psk-not-secret-0123456789";
    private static final int DPD_TIMEOUT_SECONDS = 9;
    private static final Duration OUTPUT_POLLING_SLACK = Duration.ofMillis(300);
    private static final String PEER_DEAD = "event PeerDead[connection=interop/to-site]";

    @BeforeAll
    static void machineCanRunStrongSwanLabs() {
        InteropPreconditions.requireStrongSwanLab();
    }

    @Test
    void ourGatewayReportsTheDeadPeerWithinTheDpdTimeoutAndReconnects() throws Exception {
        try (InteropLab lab = InteropLab.open()) {
            NetworkNamespace site = lab.newNamespace("site");
            NetworkNamespace gw = lab.newNamespace("gateway");
            site.connect("wan", "192.0.2.1/24", gw, "wan", "192.0.2.2/24");
            site.addLanAddress("10.1.0.1");
            gw.addLanAddress("10.2.0.1");
            StrongSwanSite strongSwan = lab.strongSwanSite("site", site, List.of(
                    StrongSwanConnection.psk("s2s", "192.0.2.1", "192.0.2.2", "192.0.2.1", "192.0.2.2", PSK,
                                    "aes256gcm16-prfsha256-ecp256", "aes256-sha256-modp2048")
                            .withChild(StrongSwanChild.tunnel("lan", "10.1.0.0/16", "10.2.0.0/16", "aes256gcm16", "aes256-sha256"))))
                    .startAndLoad();
            OurGateway gateway = OurGateway.start(gw, OurGateway.config("interop/gw", List.of("10.2.0.0/16"), List.of(
                    OurGateway.connection("interop/to-site", "Default", "192.0.2.1", List.of("10.1.0.0/16"),
                            DPD_TIMEOUT_SECONDS, null))), PSK, "192.0.2.2");
            strongSwan.awaitIkeSa("s2s", sa -> sa.established() && sa.child("lan").map(ChildSaStatus::installed).orElse(false),
                    Duration.ofSeconds(20));
            OurGateway.awaitPath(gw, "10.2.0.1", "10.1.0.1");

            long killedAt = System.nanoTime();
            strongSwan.kill();
            gateway.awaitOutput(PEER_DEAD, Duration.ofSeconds(3L * DPD_TIMEOUT_SECONDS));
            Duration detection = Duration.ofNanos(System.nanoTime() - killedAt);
            System.out.printf("peer declared dead %d ms after SIGKILL (DPD timeout %d s)%n",
                    detection.toMillis(), DPD_TIMEOUT_SECONDS);
            // the timeout runs from the peer's last message (before the kill); the slack covers
            // printing the event and this test polling the output for it
            assertThat(detection).as("PeerDead within the connection's DPD timeout")
                    .isLessThanOrEqualTo(Duration.ofSeconds(DPD_TIMEOUT_SECONDS).plus(OUTPUT_POLLING_SLACK))
                    .isGreaterThan(Duration.ofSeconds(DPD_TIMEOUT_SECONDS / 3));

            strongSwan.startAndLoad();
            long restartedAt = System.nanoTime();
            IkeSaStatus again;
            try {
                again = strongSwan.awaitIkeSa("s2s",
                        sa -> sa.established() && sa.child("lan").map(ChildSaStatus::installed).orElse(false),
                        Duration.ofSeconds(20));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n--- gateway:\n" + gateway.output(), e);
            }
            System.out.printf("re-established %d ms after strongSwan came back%n",
                    Duration.ofNanos(System.nanoTime() - restartedAt).toMillis());
            assertThat(again.initiator()).as("our gateway reconnected; strongSwan only responded").isFalse();
            OurGateway.awaitPath(gw, "10.2.0.1", "10.1.0.1");
            PingResult ping = Traffic.ping(gw, "10.2.0.1", "10.1.0.1", 10);
            assertThat(ping.lossPercent()).as(ping.output()).isZero();
            assertThat(gateway.output()).containsOnlyOnce(PEER_DEAD);
        }
    }
}
