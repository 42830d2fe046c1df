package io.vpngw.gateway.esp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vpngw.gateway.config.ConnectionConfig;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LifetimePolicyTest {

    @Test
    void withoutACustomPolicyAzuresDefaultsApply() {
        LifetimePolicy policy = LifetimePolicy.forConnection(null);
        assertThat(policy.hardTime()).isEqualTo(Duration.ofSeconds(27_000));
        assertThat(policy.hardBytes()).isEqualTo(102_400_000L * 1024);
        assertThat(policy.hardPackets()).isEqualTo(LifetimeLimits.UNLIMITED);
    }

    @Test
    void aCustomPolicyGivesTheHardLimitsInSecondsAndKibibytes() {
        ConnectionConfig.Policy custom = new ConnectionConfig.Policy("AES256", "SHA256", "DHGroup14", "GCMAES256",
                "GCMAES256", "None", 3600, 1024);
        LifetimePolicy policy = LifetimePolicy.forConnection(custom);
        assertThat(policy.hardTime()).isEqualTo(Duration.ofHours(1));
        assertThat(policy.hardBytes()).isEqualTo(1024L * 1024);
    }

    @Test
    void aDataSizeOfZeroMeansNoByteLimit() {
        assertThat(LifetimePolicy.fromAzurePolicy(300, 0).hardBytes()).isEqualTo(LifetimeLimits.UNLIMITED);
        assertThatThrownBy(() -> LifetimePolicy.fromAzurePolicy(0, 1024)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachSaDrawsItsSoftLimitsAtOneFractionBetween85And95Percent() {
        LifetimePolicy policy = LifetimePolicy.azureDefaults().withHardPackets(1_000_000);
        SplittableRandom random = new SplittableRandom(7296);
        Set<Long> softSeconds = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            LifetimeLimits limits = policy.draw(random);
            double timeFraction = (double) limits.softTime().toNanos() / limits.hardTime().toNanos();
            double byteFraction = (double) limits.softBytes() / limits.hardBytes();
            double packetFraction = (double) limits.softPackets() / limits.hardPackets();
            assertThat(timeFraction).isBetween(0.85, 0.95);
            assertThat(byteFraction).isCloseTo(timeFraction, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(packetFraction).isCloseTo(timeFraction, org.assertj.core.data.Offset.offset(1e-5));
            assertThat(limits.hardTime()).isEqualTo(Duration.ofSeconds(27_000));
            softSeconds.add(limits.softTime().toSeconds());
        }
        // Spread over the range, not one point: two peers configured alike rekey at different moments.
        assertThat(softSeconds.stream().mapToLong(Long::longValue).min().orElseThrow()).isLessThan(23_300);
        assertThat(softSeconds.stream().mapToLong(Long::longValue).max().orElseThrow()).isGreaterThan(25_300);
        assertThat(softSeconds).hasSizeGreaterThan(500);
    }

    @Test
    void unlimitedHardLimitsStayUnlimitedWhenDrawn() {
        LifetimeLimits limits = LifetimePolicy.fromAzurePolicy(300, 0).draw(new SplittableRandom(1));
        assertThat(limits.softBytes()).isEqualTo(LifetimeLimits.UNLIMITED);
        assertThat(limits.softPackets()).isEqualTo(LifetimeLimits.UNLIMITED);
    }

    @Test
    void aFixedFractionNeedsNoRandomness() {
        LifetimeLimits limits = LifetimePolicy.fromAzurePolicy(1000, 1000).withSoftFractions(0.5, 0.5)
                .draw(new SplittableRandom(2));
        assertThat(limits.softTime()).isEqualTo(Duration.ofSeconds(500));
        assertThat(limits.softBytes()).isEqualTo(512_000);
        assertThatThrownBy(() -> LifetimePolicy.azureDefaults().withSoftFractions(0.9, 0.8))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LifetimePolicy.azureDefaults().withSoftFractions(0, 0.8))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
