package io.vpngw.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vpngw.api.validation.Manifests;
import io.vpngw.api.validation.Manifests.Manifest;
import io.vpngw.api.validation.ResourceValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example is ready to apply: valid, complete (its references resolve) and with no secret inline. */
class ExamplesTest {
    private static final Path EXAMPLES = Path.of(System.getProperty("vpngw.examples.dir"));
    private static final ResourceValidator VALIDATOR = ResourceValidator.forShippedCrds();

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> dirs = Files.list(EXAMPLES)) {
            return dirs.filter(Files::isDirectory).sorted().toList().stream();
        }
    }

    @Test
    void everyTopologyOfTheSeedHasAnExample() throws IOException {
        assertThat(examples().map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                "site-to-site", "multi-site", "vnet-to-vnet", "point-to-site", "policy-based",
                "expressroute-coexistence", "custom-ipsec-policy");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleIsValidAndComplete(Path dir) throws IOException {
        List<Manifest> manifests = Manifests.read(List.of(dir));
        List<Manifest> vpngw = manifests.stream().filter(m -> VALIDATOR.handles(m.object())).toList();
        assertThat(vpngw).as("vpngw objects in %s", dir).isNotEmpty();
        for (Manifest m : vpngw) {
            assertThat(VALIDATOR.validateCreate(m.object())).as(m.where()).isEmpty();
        }
        for (Manifest c : vpngw.stream().filter(m -> m.kind().equals("Connection")).toList()) {
            JsonNode spec = c.object().path("spec");
            assertThat(find(manifests, "VirtualNetworkGateway", spec.at("/virtualNetworkGateway1/name").asText(), c.namespace()))
                    .as("virtualNetworkGateway1 of %s", c.where()).isNotNull();
            if (spec.has("localNetworkGateway2")) {
                assertThat(find(manifests, "LocalNetworkGateway", spec.at("/localNetworkGateway2/name").asText(), c.namespace()))
                        .as("localNetworkGateway2 of %s", c.where()).isNotNull();
            }
            if (spec.has("virtualNetworkGateway2")) {
                String ns = spec.at("/virtualNetworkGateway2/namespace").asText(c.namespace());
                assertThat(find(manifests, "VirtualNetworkGateway", spec.at("/virtualNetworkGateway2/name").asText(), ns))
                        .as("virtualNetworkGateway2 of %s", c.where()).isNotNull();
            }
            if (spec.has("sharedKeySecretRef")) {
                JsonNode defaulted = VALIDATOR.withDefaults(c.object());
                Manifest secret = find(manifests, "Secret", spec.at("/sharedKeySecretRef/name").asText(), c.namespace());
                assertThat(secret).as("Secret of %s", c.where()).isNotNull();
                String key = defaulted.at("/spec/sharedKeySecretRef/key").asText();
                assertThat(secret.object().path("stringData").has(key) || secret.object().path("data").has(key))
                        .as("key %s in the Secret of %s", key, c.where()).isTrue();
            }
        }
        List<String> secretValues = manifests.stream().filter(m -> m.kind().equals("Secret"))
                .flatMap(m -> Stream.concat(values(m.object().path("stringData")), values(m.object().path("data")))).toList();
        for (Manifest m : vpngw) {
            String text = m.object().toString();
            assertThat(secretValues).as("secret values inside %s", m.where()).noneMatch(text::contains);
        }
    }

    private static Stream<String> values(JsonNode data) {
        return data.isObject() ? data.properties().stream().map(e -> e.getValue().asText()) : Stream.empty();
    }

    private static Manifest find(List<Manifest> manifests, String kind, String name, String namespace) {
        return manifests.stream()
                .filter(m -> m.kind().equals(kind) && m.name().equals(name) && m.namespace().equals(namespace))
                .findFirst().orElse(null);
    }
}
