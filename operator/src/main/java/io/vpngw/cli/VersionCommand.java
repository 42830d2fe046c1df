package io.vpngw.cli;

import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vpngw version}: what this build is and which API it serves. */
@Command(name = "version", description = "Print the vpngw version, the API it serves and the Java runtime.")
final class VersionCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static String version() {
        return io.vpngw.operator.Version.current();
    }

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.printf("vpngw %s%n", version());
        out.printf("api: %s/%s (VirtualNetworkGateway, LocalNetworkGateway, Connection)%n",
                VirtualNetworkGateway.GROUP, VirtualNetworkGateway.VERSION);
        out.printf("java: %s %s%n", System.getProperty("java.vendor"), Runtime.version());
        out.flush();
        return 0;
    }

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"vpngw " + version()};
        }
    }
}
