package io.vpngw.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Argo CD health checks in gitops/argocd, run against their test cases in Argo CD's own
 * format (health_test.yaml listing testdata/*.yaml with the expected status and message), so the
 * directory can be contributed to or checked by Argo CD's resource_customizations test runner too.
 */
class HelmArgoCdHealthTest {
    private static final List<String> KINDS = List.of("VirtualNetworkGateway", "LocalNetworkGateway", "Connection");

    @TestFactory
    List<DynamicTest> everyCaseOfEveryKind() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String kind : KINDS) {
            Path dir = ArgoHealth.DIR.resolve(kind);
            Map<String, Object> spec = Serialization.unmarshal(Files.readString(dir.resolve("health_test.yaml")), Map.class);
            @SuppressWarnings("unchecked") List<Map<String, Object>> cases = (List<Map<String, Object>>) spec.get("tests");
            for (Map<String, Object> c : cases) {
                String input = (String) c.get("inputPath");
                @SuppressWarnings("unchecked") Map<String, String> expected = (Map<String, String>) c.get("healthStatus");
                tests.add(DynamicTest.dynamicTest(kind + " " + input, () -> {
                    Map<String, Object> object = Serialization.unmarshal(Files.readString(dir.resolve(input)), Map.class);
                    assertThat(object.get("kind")).isEqualTo(kind);
                    ArgoHealth health = ArgoHealth.of(kind, object);
                    assertThat(health.status()).as("status of %s", input).isEqualTo(expected.get("status"));
                    assertThat(health.message()).as("message of %s", input).isEqualTo(expected.get("message"));
                }));
            }
        }
        return tests;
    }

    /** Each kind is tested for each of Argo CD's three states that the operator's conditions map to. */
    @Test
    void everyKindHasHealthyProgressingAndDegradedCases() throws IOException {
        for (String kind : KINDS) {
            Map<String, Object> spec = Serialization.unmarshal(Files.readString(ArgoHealth.DIR.resolve(kind).resolve("health_test.yaml")), Map.class);
            @SuppressWarnings("unchecked") Set<String> statuses = ((List<Map<String, Map<String, String>>>) spec.get("tests")).stream()
                    .map(c -> c.get("healthStatus").get("status")).collect(Collectors.toCollection(TreeSet::new));
            assertThat(statuses).as("states covered for %s", kind).containsAll(Set.of("Healthy", "Progressing", "Degraded"));
            try (var files = Files.list(ArgoHealth.DIR.resolve(kind).resolve("testdata"))) {
                assertThat(files.count()).as("every testdata file of %s is listed", kind).isEqualTo(((List<?>) spec.get("tests")).size());
            }
        }
    }
}
