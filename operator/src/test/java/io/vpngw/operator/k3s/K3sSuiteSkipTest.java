package io.vpngw.operator.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.testcontainers.DockerClientFactory;

/** Where there is no Docker engine the k3s suite says so and skips; where there is one it runs. */
class K3sSuiteSkipTest {
    @Test
    void withoutDockerTheSuiteIsDisabledWithTheReason() {
        ConditionEvaluationResult r = new RequiresDocker(() -> false).evaluateExecutionCondition(null);
        assertThat(r.isDisabled()).isTrue();
        assertThat(r.getReason()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("no Docker engine").contains("./mvnw verify -Pe2e-k3s"));
    }

    @Test
    void withDockerTheSuiteRuns() {
        assertThat(new RequiresDocker(() -> true).evaluateExecutionCondition(null).isDisabled()).isFalse();
    }

    /** The real probe on this machine: the whole class is reported skipped, and nothing in it starts. */
    @Test
    void onAMachineWithoutDockerTheSuiteReportsItselfSkipped() {
        assumeFalse(DockerClientFactory.instance().isDockerAvailable(), "a Docker engine is here: the suite would run, not skip");
        Map<String, String> skipped = new ConcurrentHashMap<>();
        List<String> started = new ArrayList<>();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(K3sClusterIT.class)).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionSkipped(TestIdentifier id, String reason) {
                        skipped.put(id.getDisplayName(), reason);
                    }

                    @Override
                    public void executionStarted(TestIdentifier id) {
                        if (id.isTest() || id.getDisplayName().equals(K3sClusterIT.class.getSimpleName())) {
                            started.add(id.getDisplayName());
                        }
                    }
                });
        assertThat(skipped).containsEntry(K3sClusterIT.class.getSimpleName(), RequiresDocker.NO_DOCKER);
        assertThat(started).as("nothing of the suite runs without Docker").isEmpty();
    }
}
