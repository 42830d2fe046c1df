package io.vpngw.gateway.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KubernetesConfigSourceTest {
    private final MockApi api = new MockApi();
    private final List<GatewayConfiguration> heard = new CopyOnWriteArrayList<>();
    private final KubernetesConfigSource source = new KubernetesConfigSource(api.newClient(),
            new KubernetesConfigSource.Location(MockApi.NAMESPACE, MockApi.CONFIG_MAP, MockApi.SECRET, Duration.ofMillis(100)),
            heard::add);

    @AfterEach
    void close() {
        source.close();
        api.close();
    }

    @Test
    void deliversTheConfigurationAndDecodedKeysThenEachChange() {
        api.writeKeys(Map.of("psk.to-site", "s3cret\n", "identity.pem", "not a psk"));
        api.writeConfig(MockApi.config(1, false, "to-site").toJson());
        source.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 1);
        assertThat(heard.getFirst().config()).isEqualTo(MockApi.config(1, false, "to-site"));
        assertThat(heard.getFirst().presharedKeys()).containsExactly(Map.entry("psk.to-site", "s3cret"));
        assertThat(heard.getFirst().toString()).doesNotContain("s3cret");

        api.writeConfig(MockApi.config(2, false, "to-site").toJson());
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 2);
        assertThat(heard.getLast().config().generation()).isEqualTo(2);

        api.writeKeys(Map.of("psk.to-site", "rotated"));
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 3);
        assertThat(heard.getLast().presharedKeys()).containsEntry("psk.to-site", "rotated");
    }

    @Test
    void aMalformedDocumentIsIgnoredAndTheLastGoodOneStays() {
        api.writeKeys(Map.of("psk.to-site", "s3cret"));
        api.writeConfig(MockApi.config(1, false, "to-site").toJson());
        source.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 1);

        api.writeConfig("{ not json");
        api.writeConfig("{\"apiVersion\":\"vpngw.io/gateway-config/v0\"}");
        // a good document written after the bad ones proves the bad ones were seen and passed over
        api.writeConfig(MockApi.config(3, false, "to-site").toJson());

        await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 2);
        assertThat(heard).extracting(c -> c.config().generation()).containsExactly(1L, 3L);
        assertThat(source.current()).map(c -> c.config().generation()).contains(3L);
    }

    @Test
    void aMalformedDocumentAloneLeavesTheLastGoodOneInForce() {
        api.writeKeys(Map.of("psk.to-site", "s3cret"));
        api.writeConfig(MockApi.config(1, false, "to-site").toJson());
        source.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 1);

        api.writeConfig("{ not json");
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> heard.size() == 1);
        assertThat(source.current()).map(c -> c.config().generation()).contains(1L);
    }

    @Test
    void theSstpServerCertificateAndKeyComeApartFromThePsks() {
        api.writeKeys(Map.of("psk.to-site", "s3cret", "p2s-server.crt", "-----BEGIN CERTIFICATE-----\n",
                "p2s-server.key", "-----BEGIN PRIVATE KEY-----\nsecret-key-body\n"));
        api.writeConfig(MockApi.config(1, false, "to-site").toJson());
        source.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 1);
        assertThat(heard.getFirst().presharedKeys()).containsOnlyKeys("psk.to-site");
        assertThat(heard.getFirst().pointToSiteKeys()).containsOnlyKeys("p2s-server.crt", "p2s-server.key");
        assertThat(heard.getFirst().pointToSiteKeys().get("p2s-server.key")).contains("secret-key-body");
        assertThat(heard.getFirst().toString()).doesNotContain("secret-key-body");
    }
}
