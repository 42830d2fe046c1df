package io.vpngw.operator.k3s;

import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Runs a test class only where Testcontainers finds a Docker engine; elsewhere the class is
 * reported skipped with the reason, so a run without Docker says what it did not test.
 */
public final class RequiresDocker implements ExecutionCondition {
    static final String NO_DOCKER = "skipped: no Docker engine reachable (Testcontainers found none: set DOCKER_HOST or start dockerd). "
            + "The k3s suite starts rancher/k3s and builds the vpngw images with Docker; run ./mvnw verify -Pe2e-k3s on a machine that has one.";

    private final BooleanSupplier dockerAvailable;

    public RequiresDocker() {
        this(() -> DockerClientFactory.instance().isDockerAvailable());
    }

    RequiresDocker(BooleanSupplier dockerAvailable) {
        this.dockerAvailable = dockerAvailable;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return dockerAvailable.getAsBoolean()
                ? ConditionEvaluationResult.enabled("a Docker engine is reachable")
                : ConditionEvaluationResult.disabled(NO_DOCKER);
    }
}
