package io.vpngw.gateway.esp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.routing.SaSelectors;
import org.junit.jupiter.api.Test;

class SpiIndexTest {

    private static InboundSa<String> sa(int spi) {
        return new InboundSa<>(spi, 0, "k", new ReplayWindow(64, false), new SaLifetime(LifetimeLimits.unlimited(), 0),
                SaSelectors.any(), SaExpiryListener.IGNORE);
    }

    @Test
    void growsToKeepProbesShortAndShrinksWhenEmptied() {
        SpiIndex<String> index = new SpiIndex<>();
        assertThat(index.capacity()).isEqualTo(16);
        for (int spi = 1000; spi < 2000; spi++) {
            index.put(sa(spi));
        }
        assertThat(index.size()).isEqualTo(1000);
        assertThat(index.capacity()).isGreaterThanOrEqualTo(2000);
        for (int spi = 1000; spi < 1990; spi++) {
            assertThat(index.remove(spi)).isNotNull();
        }
        assertThat(index.size()).isEqualTo(10);
        assertThat(index.capacity()).isLessThanOrEqualTo(128);
        for (int spi = 1990; spi < 2000; spi++) {
            assertThat(index.get(spi).spi()).isEqualTo(spi);
        }
    }

    @Test
    void tombstonesDoNotFillTheTableForever() {
        SpiIndex<String> index = new SpiIndex<>();
        for (int i = 0; i < 100_000; i++) {
            index.put(sa(256 + i));
            index.remove(256 + i - 3 < 256 ? -1 : 256 + i - 3);
        }
        assertThat(index.size()).isEqualTo(3);
        assertThat(index.capacity()).isLessThanOrEqualTo(64);
        assertThat(index.get(256 + 99_999)).isNotNull();
        assertThat(index.get(256 + 99_996)).isNull();
    }
}
