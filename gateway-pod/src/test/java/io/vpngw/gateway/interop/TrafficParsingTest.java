package io.vpngw.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The parts of the traffic helpers that need no namespace: output parsing and the byte stream. */
class TrafficParsingTest {

    @Test
    void pingSummaryGivesTheLoss() {
        PingResult result = PingResult.parse("""
                PING 10.2.0.1 (10.2.0.1) from 10.1.0.1 : 56(84) bytes of data.

                --- 10.2.0.1 ping statistics ---
                20 packets transmitted, 19 received, 5% packet loss, time 973ms
                rtt min/avg/max/mdev = 0.331/0.412/0.790/0.101 ms
                """);

        assertThat(result.transmitted()).isEqualTo(20);
        assertThat(result.received()).isEqualTo(19);
        assertThat(result.lossPercent()).isEqualTo(5.0);
    }

    @Test
    void pingWithoutSummaryIsAnError() {
        assertThatThrownBy(() -> PingResult.parse("connect: Network is unreachable")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void iperfJsonGivesRatesAndRetransmits() {
        IperfResult result = Traffic.parseIperfJson("""
                {"start": {"version": "iperf 3.12"},
                 "end": {
                   "sum_sent": {"start": 0, "end": 3.0, "seconds": 3.0, "bytes": 225000000,
                                "bits_per_second": 600000000.0, "retransmits": 42, "sender": true},
                   "sum_received": {"start": 0, "end": 3.01, "seconds": 3.01, "bytes": 224000000,
                                    "bits_per_second": 595348837.2, "sender": true},
                   "cpu_utilization_percent": {"host_total": 81.5, "remote_total": 40.25}}}
                """);

        assertThat(result.sentBytes()).isEqualTo(225_000_000L);
        assertThat(result.receivedBytes()).isEqualTo(224_000_000L);
        assertThat(result.retransmits()).isEqualTo(42);
        assertThat(result.receivedMegabitsPerSecond()).isBetween(595.3, 595.4);
        assertThat(result.seconds()).isEqualTo(3.01);
        assertThat(result.hostCpuPercent()).isEqualTo(81.5);
    }

    @Test
    void iperfErrorIsReported() {
        assertThatThrownBy(() -> Traffic.parseIperfJson("{\"start\": {}, \"intervals\": [], \"end\": {}, \"error\": \"unable to connect to server: Connection refused\"}"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Connection refused");
    }

    @Test
    void streamIsSplitMix64LittleEndian() {
        byte[] first = new byte[8];
        new DeterministicStream(0).fill(first, 8);

        // SplitMix64's first output for seed 0 is 0xE220A8397B1DCDAF.
        assertThat(first).containsExactly(0xAF, 0xCD, 0x1D, 0x7B, 0x39, 0xA8, 0x20, 0xE2);
    }

    @Test
    void streamHashDependsOnSeedAndLengthOnly() {
        assertThat(DeterministicStream.sha256(7, 1_000_003)).isEqualTo(DeterministicStream.sha256(7, 1_000_003));
        assertThat(DeterministicStream.sha256(7, 1_000_003)).isNotEqualTo(DeterministicStream.sha256(8, 1_000_003));
        assertThat(DeterministicStream.sha256(7, 1_000_003)).isNotEqualTo(DeterministicStream.sha256(7, 1_000_002));
        // SHA-256 of nothing.
        assertThat(DeterministicStream.sha256(7, 0)).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void transferIsIntactOnlyWhenCountsAndHashesAllAgree() {
        TransferResult good = new TransferResult(10, 10, 10, "aa", "aa", "aa", Duration.ofMillis(1));
        assertThat(good.intact()).isTrue();
        assertThat(new TransferResult(10, 10, 9, "aa", "aa", "aa", Duration.ofMillis(1)).intact()).isFalse();
        assertThat(new TransferResult(10, 10, 10, "aa", "aa", "ab", Duration.ofMillis(1)).intact()).isFalse();
        assertThat(new TransferResult(10, 10, 10, "aa", "ab", "ab", Duration.ofMillis(1)).intact()).isFalse();
    }
}
