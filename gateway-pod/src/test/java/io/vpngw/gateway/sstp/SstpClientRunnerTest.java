package io.vpngw.gateway.sstp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SstpClientRunnerTest {
    @Test
    void loadReportGivesNearestRankMedianAndP95WhateverTheOrderOfArrival() {
        List<Duration> times = new ArrayList<>(IntStream.rangeClosed(1, 20).mapToObj(Duration::ofMillis).toList());
        Collections.shuffle(times);
        SstpClientRunner.LoadReport report = new SstpClientRunner.LoadReport(22, times, new TreeMap<>(Map.of("refused: x", 2)));
        assertThat(report.established()).isEqualTo(20);
        assertThat(report.median()).isEqualTo(Duration.ofMillis(10));
        assertThat(report.p95()).isEqualTo(Duration.ofMillis(19));
        assertThat(report.percentile(100)).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void anEmptyLoadReportHasZeroTimes() {
        SstpClientRunner.LoadReport report = new SstpClientRunner.LoadReport(3, List.of(), new TreeMap<>());
        assertThat(report.established()).isZero();
        assertThat(report.p95()).isEqualTo(Duration.ZERO);
    }

    @Test
    void theConnectedLineNamesAddressGatewayAndBothDnsServers() {
        SstpClient.Connected c = new SstpClient.Connected(0xAC10C902, 0xAC10C901, 0x0A010035, 0);
        assertThat(SstpClientRunner.describe(c)).isEqualTo("connected address=172.16.201.2 gateway=172.16.201.1 dns=10.1.0.53");
    }
}
