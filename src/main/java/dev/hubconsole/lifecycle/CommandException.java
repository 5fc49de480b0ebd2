package dev.hubconsole.lifecycle;

/**
 * An external command could not be run at all (program not found or not executable, working directory
 * missing, interrupted). The message is one line naming the problem and the fix. A command that runs and
 * fails is not an exception: see {@link CommandResult}.
 */
public class CommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CommandException(String message) {
        super(message);
    }

    public CommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
