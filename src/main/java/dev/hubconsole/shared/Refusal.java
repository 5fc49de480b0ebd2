package dev.hubconsole.shared;

/**
 * A request the console refuses, with a one-line message naming the problem and the fix; nothing was changed.
 * Features throw subclasses; the web and API layers turn them into a message or a problem response.
 */
public class Refusal extends RuntimeException {

    /** Why it was refused, which decides the HTTP status. */
    public enum Reason {
        /** The input is wrong (400). */
        INVALID,
        /** The request does not fit the current state (409). */
        CONFLICT,
        /** The thing named does not exist (404). */
        NOT_FOUND
    }

    private final Reason reason;

    public Refusal(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Why it was refused. */
    public Reason reason() {
        return reason;
    }
}
