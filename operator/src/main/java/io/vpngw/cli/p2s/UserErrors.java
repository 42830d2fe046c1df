package io.vpngw.cli.p2s;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * Runs a command body and turns what the user can fix (a missing file, a wrong CA, no such
 * gateway) into one line on stderr and exit code 1 instead of a stack trace. Messages name files
 * and resources, never key material.
 */
final class UserErrors {
    private UserErrors() {}

    static int run(CommandLine.Model.CommandSpec spec, Callable<Integer> body) throws Exception {
        try {
            return body.call();
        } catch (CommandLine.ParameterException e) {
            throw e;
        } catch (NoSuchFileException e) {
            return fail(spec, "no such file: " + e.getFile());
        } catch (IllegalArgumentException | IOException e) {
            return fail(spec, e.getMessage());
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            return fail(spec, "the Kubernetes API answered: " + e.getMessage());
        }
    }

    private static int fail(CommandLine.Model.CommandSpec spec, String message) {
        spec.commandLine().getErr().println(spec.qualifiedName() + ": " + message);
        spec.commandLine().getErr().flush();
        return 1;
    }
}
