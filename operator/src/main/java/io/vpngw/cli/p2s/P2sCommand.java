package io.vpngw.cli.p2s;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vpngw p2s}: point-to-site clients — connect, issue client certificates, write client profiles. */
@Command(name = "p2s",
        description = "Point-to-site clients: connect over SSTP (also as a load tool), issue client certificates, write client profiles.",
        subcommands = {ConnectCommand.class, IssueCertCommand.class, ProfileCommand.class})
public final class P2sCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
