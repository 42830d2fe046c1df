package io.vpngw.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The namespace plumbing on its own: links, addresses, and above all the clean-up guarantees. */
@Timeout(60)
class NetworkNamespaceTest {

    @BeforeAll
    static void machineCanRunLabs() {
        InteropPreconditions.requireStrongSwanLab();
    }

    @Test
    void closingTheLabStopsItsProcessesByPidAndDeletesTheNamespaces() {
        NetworkNamespace namespace;
        NamespaceProcess sleeper;
        // assigned inside, read after the lab is closed
        try (InteropLab lab = InteropLab.open()) {
            namespace = lab.newNamespace("idle");
            sleeper = namespace.start("sleeper", List.of("sleep", "300"), Map.of());
            assertThat(BoundedWait.until(Duration.ofSeconds(5), () -> namespace.processIds().contains(sleeper.pid())))
                    .as("the PID Java holds is the program's own, inside the namespace").isTrue();
            assertThat(Path.of("/run/netns", namespace.name())).exists();
        }
        assertThat(ProcessHandle.of(sleeper.pid())).isEmpty();
        assertThat(Path.of("/run/netns", namespace.name())).doesNotExist();
    }

    @Test
    void labsNeverShareANamespaceName() {
        try (InteropLab first = InteropLab.open(); InteropLab second = InteropLab.open()) {
            String one = first.newNamespace("x").name();
            String two = second.newNamespace("x").name();
            String three = first.newNamespace("y").name();

            assertThat(List.of(one, two, three)).doesNotHaveDuplicates()
                    .allMatch(name -> name.matches("vpngw-" + ProcessHandle.current().pid() + "-\\d+"));
            assertThat(first.directory()).isNotEqualTo(second.directory());
        }
    }

    @Test
    void vethPairsCarryTrafficBetweenNamespacesAndToTheHost() {
        String hostInterface;
        try (InteropLab lab = InteropLab.open()) {
            NetworkNamespace left = lab.newNamespace("left");
            NetworkNamespace right = lab.newNamespace("right");
            VethLink link = left.connect("toright", "192.0.2.1/24", right, "toleft", "192.0.2.2/24");
            hostInterface = lab.hostInterfaceName();
            VethLink toHost = left.connectToHost("tohost", "198.18.42.2/30", hostInterface, "198.18.42.1/30");

            assertThat(Traffic.ping(left, link.localAddress(), link.peerAddress(), 3).lossPercent()).isZero();
            assertThat(Traffic.ping(left, toHost.localAddress(), toHost.peerAddress(), 3).lossPercent()).isZero();
            assertThat(Commands.run("ip", "link", "show", hostInterface).succeeded()).isTrue();
        }
        assertThat(Commands.run("ip", "link", "show", hostInterface).succeeded())
                .as("the host end went with its namespace").isFalse();
    }

    @Test
    void lanAddressesOnLoopbackAreReachableThroughARoute() {
        try (InteropLab lab = InteropLab.open()) {
            NetworkNamespace left = lab.newNamespace("left");
            NetworkNamespace right = lab.newNamespace("right");
            left.connect("wan", "192.0.2.1/24", right, "wan", "192.0.2.2/24");
            left.addLanAddress("10.1.0.1");
            right.addLanAddress("10.2.0.1");
            left.addRoute("10.2.0.0/16", "192.0.2.2");
            right.addRoute("10.1.0.0/16", "192.0.2.1");

            PingResult ping = Traffic.ping(left, "10.1.0.1", "10.2.0.1", 3);

            assertThat(ping.lossPercent()).as(ping.output()).isZero();
            TransferResult transfer = Traffic.tcpTransfer(left, "10.1.0.1", right, "10.2.0.1", 5003, 1 << 20, 99L);
            assertThat(transfer.intact()).as(transfer.toString()).isTrue();
        }
    }

    @Test
    void aProcessThatExitsEarlyIsReportedWithItsOutput() {
        try (InteropLab lab = InteropLab.open()) {
            NamespaceProcess failing = lab.newNamespace("fail")
                    .start("failing", List.of("sh", "-c", "echo cannot bind; exit 3"), Map.of());

            assertThatThrownBy(() -> failing.awaitOutput("LISTENING", Duration.ofSeconds(10)))
                    .hasMessageContaining("exited with 3").hasMessageContaining("cannot bind");
        }
    }
}
