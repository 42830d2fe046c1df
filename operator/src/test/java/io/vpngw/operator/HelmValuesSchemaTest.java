package io.vpngw.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * helm/vpngw/values.schema.json refuses bad values before anything is installed, and Helm's
 * message names the value and what is wrong with it.
 */
class HelmValuesSchemaTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        bad-replicas.yaml     | operator.replicas        | 1
        bad-pull-policy.yaml  | gateway.imagePullPolicy  | IfNotPresent
        bad-typo.yaml         | operator                 | replica
        bad-sku.yaml          | gateway.resources        | VpnGw9
        bad-memory.yaml       | gateway.resources.VpnGw1.memory | ^[0-9]+(Mi|Gi)$
        bad-toleration.yaml   | gateway.placement.tolerations.0 | value
        bad-resync.yaml       | operator.resync          | PT
        bad-digest.yaml       | operator.image.digest    | sha256
        """)
    void badValuesAreRefusedWithAMessageNamingThem(String file, String path, String hint) {
        assertThatThrownBy(() -> HelmChart.template("vpngw", "vpngw-system", t -> t.withValuesFile(HelmChart.TEST_VALUES.resolve(file))))
                .satisfies(e -> assertThat(e.getMessage())
                        .contains("values don't meet the specifications of the schema")
                        .contains(path)
                        .contains(hint));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"operator.replicas, 2", "gateway.imagePullPolicy, Never", "operator.resync, PT1H30M", "operator.logLevel, debug"})
    void goodValuesPass(String key, String value) {
        assertThat(HelmChart.template("vpngw", "vpngw-system", t -> t.set(key, value))).contains("kind: Deployment");
    }
}
