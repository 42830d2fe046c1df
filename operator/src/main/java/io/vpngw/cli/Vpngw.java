package io.vpngw.cli;

import io.vpngw.cli.p2s.P2sCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vpngw} command line: one jar for the operator, the gateway pod and the tools. */
@Command(name = "vpngw",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Azure VPN Gateway as a Kubernetes operator.",
        subcommands = {VersionCommand.class, CrdsCommand.class, ValidateCommand.class, OperatorCommand.class, GatewayCommand.class, LocalCommand.class,
                P2sCommand.class, CommandLine.HelpCommand.class})
public final class Vpngw implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line, ready to execute; tests use it with their own writers. */
    public static CommandLine commandLine() {
        return new CommandLine(new Vpngw());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
