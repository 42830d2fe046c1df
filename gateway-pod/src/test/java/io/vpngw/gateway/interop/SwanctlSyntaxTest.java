package io.vpngw.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwanctlSyntaxTest {

    private static final StrongSwanConnection CONNECTION = StrongSwanConnection
            .psk("s2s", "192.0.2.1", "192.0.2.2", "siteA", "siteB", "key with \"quotes\" and spaces", "aes256gcm16-prfsha256-x25519")
            .withDpdDelay(Duration.ofSeconds(10))
            .withRekeyTime(Duration.ofHours(8))
            .withChild(StrongSwanChild.tunnel("lan", "10.1.0.0/16", "10.2.0.0/16", "aes256gcm16", "aes128-sha256")
                    .withStartAction(StrongSwanChild.StartAction.TRAP)
                    .withRekey(Duration.ofSeconds(27000), 102400000L * 1024));

    @Test
    void writesEveryFieldOfTheConnection() {
        String conf = SwanctlSyntax.swanctlConf(List.of(CONNECTION));

        assertThat(conf).contains(
                "    s2s {\n        version = 2\n",
                "local_addrs = 192.0.2.1\n", "remote_addrs = 192.0.2.2\n",
                "proposals = aes256gcm16-prfsha256-x25519\n",
                "encap = yes\n", "dpd_delay = 10s\n", "rekey_time = 28800s\n",
                "local {\n            auth = psk\n            id = siteA\n",
                "remote {\n            auth = psk\n            id = siteB\n",
                "            lan {\n                mode = tunnel\n",
                "local_ts = 10.1.0.0/16\n", "remote_ts = 10.2.0.0/16\n",
                "esp_proposals = aes256gcm16,aes128-sha256\n",
                "start_action = trap\n", "dpd_action = clear\n",
                "rekey_time = 27000s\n", "rekey_bytes = 104857600000\n",
                "ike-s2s {\n        id-local = siteA\n        id-remote = siteB\n");
        assertThat(braces(conf, '{')).isEqualTo(braces(conf, '}'));
    }

    @Test
    void theKeyIsWrittenInHexSoNoTextNeedsQuoting() {
        String conf = SwanctlSyntax.swanctlConf(List.of(CONNECTION));

        assertThat(conf).contains("secret = 0x6b65792077697468202271756f7465732220616e6420737061636573\n");
        assertThat(conf).doesNotContain("quotes");
    }

    @Test
    void valuesThatWouldNeedQuotingAreRefusedWhereTheyAreGiven() {
        assertThatThrownBy(() -> StrongSwanConnection.psk("s2s", "192.0.2.1", "192.0.2.2", "site A", "siteB", "k", "aes256-sha256-ecp256"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("identity");
        assertThatThrownBy(() -> StrongSwanConnection.psk("s2s", "192.0.2.1", "192.0.2.2", "siteA", "siteB", "k", "aes256, sha256"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("proposal");
        assertThatThrownBy(() -> StrongSwanConnection.psk("s2s", "192.0.2.999", "192.0.2.2", "siteA", "siteB", "k", "aes256-sha256-ecp256"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IPv4");
        assertThatThrownBy(() -> StrongSwanChild.tunnel("lan", "10.1.0.0", "10.2.0.0/16", "aes256gcm16"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CIDR");
        assertThatThrownBy(() -> StrongSwanChild.tunnel("lan}", "10.1.0.0/16", "10.2.0.0/16", "aes256gcm16"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aResponderMayAcceptAnyPeerAddress() {
        StrongSwanConnection responder = StrongSwanConnection.psk("s2s", "192.0.2.2", "%any", "siteB", "siteA", "k", "aes256-sha256-ecp256");

        assertThat(SwanctlSyntax.swanctlConf(List.of(responder))).contains("remote_addrs = %any\n");
    }

    @Test
    void twoChildrenOfTheSameNameAreRefused() {
        StrongSwanChild child = StrongSwanChild.tunnel("lan", "10.1.0.0/16", "10.2.0.0/16", "aes256gcm16");

        assertThatThrownBy(() -> CONNECTION.withChild(child)).isInstanceOf(IllegalArgumentException.class);
    }

    private static long braces(String text, char brace) {
        return text.chars().filter(c -> c == brace).count();
    }
}
