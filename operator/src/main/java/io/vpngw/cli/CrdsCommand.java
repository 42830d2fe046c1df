package io.vpngw.cli;

import io.vpngw.api.validation.CrdCatalog;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vpngw crds}: the CustomResourceDefinitions, for {@code vpngw crds | kubectl apply -f -}. */
@Command(name = "crds", description = "Print the vpngw CustomResourceDefinitions as YAML (pipe into kubectl apply -f -).")
final class CrdsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(CrdCatalog.allAsYaml());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
