package dev.hubconsole.wizard;

/** A step could not do its work; the message is one line naming the problem and, where known, the fix. */
public class StepFailure extends RuntimeException {

    public StepFailure(String message) {
        super(message);
    }

    public StepFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
