package io.vpngw.gateway.interop;

import java.util.List;

/** What a finished command printed and how it exited. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

    public CommandResult {
        command = List.copyOf(command);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** Returns this result, or throws with everything the command printed when it failed. */
    public CommandResult orThrow() {
        if (!succeeded()) {
            throw new CommandFailedException(this);
        }
        return this;
    }

    /** A one-paragraph account for failure messages. */
    public String describe() {
        return "`" + String.join(" ", command) + "` exited " + exitCode
                + (stdout.isBlank() ? "" : "\nstdout:\n" + stdout.strip())
                + (stderr.isBlank() ? "" : "\nstderr:\n" + stderr.strip());
    }

    /** A command that exited non-zero where success was required. */
    public static final class CommandFailedException extends RuntimeException {
        private final transient CommandResult result;

        CommandFailedException(CommandResult result) {
            super(result.describe());
            this.result = result;
        }

        public CommandResult result() {
            return result;
        }
    }
}
