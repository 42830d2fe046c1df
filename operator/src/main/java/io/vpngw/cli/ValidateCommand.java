package io.vpngw.cli;

import io.vpngw.api.validation.Manifests;
import io.vpngw.api.validation.Manifests.Manifest;
import io.vpngw.api.validation.ResourceValidator;
import io.vpngw.api.validation.Violation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code vpngw validate}: checks manifests against the CRDs' schema and CEL rules without a
 * cluster, with the messages the API server would give.
 */
@Command(name = "validate",
        description = "Validate vpngw manifests (files or folders) offline, as the API server would: defaults, schema and CEL rules.")
final class ValidateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(arity = "1..*", paramLabel = "PATH", description = "Manifest files, or folders of .yaml/.yml/.json files.")
    List<Path> paths;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ResourceValidator validator = ResourceValidator.forShippedCrds();
        int refused = 0;
        int checked = 0;
        for (Manifest m : Manifests.read(paths)) {
            if (!validator.handles(m.object())) {
                out.printf("skipped  %s/%s (%s): not a vpngw kind%n", m.kind(), m.name(), m.where());
                continue;
            }
            checked++;
            List<Violation> violations = validator.validateCreate(m.object());
            if (violations.isEmpty()) {
                out.printf("valid    %s/%s (%s)%n", m.kind(), m.name(), m.where());
            } else {
                refused++;
                err.printf("invalid  %s/%s (%s):%n", m.kind(), m.name(), m.where());
                violations.forEach(v -> err.printf("  %s%n", v));
            }
        }
        out.printf("%d vpngw objects checked, %d refused%n", checked, refused);
        out.flush();
        err.flush();
        return refused == 0 ? 0 : 1;
    }
}
