package io.vpngw.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class TunnelCountersTest {

    @Test
    void countsPacketsAndBytesPerTunnel() {
        TunnelCounters counters = new TunnelCounters(4);
        counters.count(1, 100);
        counters.count(1, 60);
        counters.count(3, 1400);

        assertThat(counters.packets(1)).isEqualTo(2);
        assertThat(counters.bytes(1)).isEqualTo(160);
        assertThat(counters.packets(3)).isEqualTo(1);
        assertThat(counters.bytes(3)).isEqualTo(1400);
        assertThat(counters.packets(0)).isZero();
        assertThat(counters.capacity()).isEqualTo(4);
    }

    /** The writer's thread counts; a reader on another thread sees every increment once it has finished. */
    @Test
    void aReaderOnAnotherThreadSeesTheWritersCountsGrowToTheTotal() throws Exception {
        TunnelCounters counters = new TunnelCounters(2);
        int packets = 1_000_000;
        CountDownLatch done = new CountDownLatch(1);
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < packets; i++) {
                counters.count(0, 3);
            }
            done.countDown();
        });
        long previous = 0;
        while (done.getCount() > 0) {
            long seen = counters.packets(0);
            assertThat(seen).as("never goes backwards").isGreaterThanOrEqualTo(previous);
            previous = seen;
        }
        writer.join();
        assertThat(counters.packets(0)).isEqualTo(packets);
        assertThat(counters.bytes(0)).isEqualTo(3L * packets);
        assertThat(counters.packets(1)).isZero();
    }
}
