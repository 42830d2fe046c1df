package io.vpngw.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vpngw.api.validation.ResourceValidator;
import io.vpngw.api.validation.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves the CRDs' OpenAPI constraints and CEL rules against a corpus of objects a user might
 * apply: every valid one passes, every invalid one is refused with exactly the message expected.
 */
class ValidationCorpusTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ResourceValidator VALIDATOR = ResourceValidator.forShippedCrds();

    record Case(String name, JsonNode object, JsonNode old, String expect) {}

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validObjectsAreAccepted(Case c) {
        assertThat(validate(c)).as(c.name()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidObjectsAreRefusedWithTheirMessage(Case c) {
        List<Violation> violations = validate(c);
        assertThat(violations).as(c.name()).hasSize(1);
        assertThat(violations.getFirst().toString()).as(c.name()).startsWith(c.expect());
    }

    @Test
    void corpusHoldsAtLeastFortyRefusals() throws IOException {
        assertThat(invalid().count()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void defaultsAreAppliedAsTheApiServerWould() throws IOException {
        JsonNode conn = VALIDATOR.withDefaults(bases().get("s2s"));
        assertThat(conn.at("/spec/connectionProtocol").asText()).isEqualTo("IKEv2");
        assertThat(conn.at("/spec/dpdTimeoutSeconds").asInt()).isEqualTo(45);
        assertThat(conn.at("/spec/sharedKeySecretRef/key").asText()).isEqualTo("sharedKey");
        JsonNode policy = VALIDATOR.withDefaults(bases().get("policy"));
        assertThat(policy.at("/spec/ipsecPolicies/0/saLifeTimeSeconds").asLong()).isEqualTo(27000);
        assertThat(policy.at("/spec/ipsecPolicies/0/saDataSizeKilobytes").asLong()).isEqualTo(102400000);
    }

    private static List<Violation> validate(Case c) {
        return c.old() == null ? VALIDATOR.validateCreate(c.object()) : VALIDATOR.validateUpdate(c.object(), c.old());
    }

    static Stream<Arguments> valid() throws IOException {
        return cases("validation/valid.yaml");
    }

    static Stream<Arguments> invalid() throws IOException {
        return cases("validation/invalid.yaml");
    }

    private static Stream<Arguments> cases(String resource) throws IOException {
        Map<String, JsonNode> bases = bases();
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : read(resource)) {
            JsonNode base = bases.get(c.path("base").asText());
            assertThat(base).as("base of %s", c.path("name").asText()).isNotNull();
            JsonNode object = mergePatch(base.deepCopy(), c.path("patch"));
            JsonNode old = c.has("old") ? mergePatch(base.deepCopy(), c.get("old")) : null;
            Case k = new Case(c.path("name").asText(), object, old, c.path("expect").asText(null));
            out.add(Arguments.of(Named.of(k.name(), k)));
        }
        return out.stream();
    }

    static Map<String, JsonNode> bases() throws IOException {
        JsonNode b = read("validation/bases.yaml");
        Map<String, JsonNode> m = new java.util.HashMap<>();
        b.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    static JsonNode read(String resource) throws IOException {
        try (InputStream in = ValidationCorpusTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return YAML.readTree(in);
        }
    }

    /** JSON merge patch, RFC 7386. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (patch == null || patch.isMissingNode()) {
            return target;
        }
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode t = target != null && target.isObject() ? (ObjectNode) target : YAML.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                t.remove(e.getKey());
            } else {
                t.set(e.getKey(), mergePatch(t.get(e.getKey()), e.getValue()));
            }
        }
        return t;
    }
}
