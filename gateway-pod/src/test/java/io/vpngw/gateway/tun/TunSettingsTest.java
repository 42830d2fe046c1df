package io.vpngw.gateway.tun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TunSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"vpngw0", "vpngw%d", "a", "tun.ipsec_0-1", "fifteen-chars15"})
    void kernelAcceptableNamesAreAccepted(String name) {
        assertThat(TunSettings.named(name).name()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sixteen-chars-16", "-n", "..", ".", "has space", "a/b", "a:b", "%d%d", "%s",
            "tün"})
    void namesTheKernelOrIpWouldMisreadAreRefused(String name) {
        assertThatThrownBy(() -> TunSettings.named(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void configurationRefusesPatternsAndOptionsAsLinkNames() {
        LinkConfigurator links = LinkConfigurator.inCurrentNamespace();
        assertThatThrownBy(() -> links.bringUp("vpngw%d")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> links.setMtu("vpngw0", 67)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkConfigurator.inNamespace("-all")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkConfigurator.inNamespace("../x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void multiQueueIsAFlag() {
        assertThat(TunSettings.named("vpngw0").multiQueue()).isFalse();
        assertThat(TunSettings.named("vpngw0").withMultiQueue(true)).isEqualTo(new TunSettings("vpngw0", true, false));
    }
}
