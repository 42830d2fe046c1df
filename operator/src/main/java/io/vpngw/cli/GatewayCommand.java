package io.vpngw.cli;

import io.vpngw.gateway.runtime.GatewayMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code vpngw gateway}: one gateway instance, run from a configuration document and a Secret's files. */
@Command(name = "gateway",
        description = "Run a gateway instance: --config FILE (configuration document) --secrets DIR (one file per key) "
                + "--bind ADDRESS [--tun NAME]. Needs NET_ADMIN and /dev/net/tun.")
final class GatewayCommand implements Callable<Integer> {
    @Unmatched
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        GatewayMain.main(arguments.toArray(String[]::new));
        return 0;
    }
}
