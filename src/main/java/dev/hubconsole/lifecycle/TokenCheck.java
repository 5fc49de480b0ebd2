package dev.hubconsole.lifecycle;

import java.util.Objects;

/**
 * Whether the hub accepted an API token, with a one-line message for the admin. Never holds the token.
 *
 * @param outcome what happened
 * @param owner   name of the user or service the token belongs to (only when {@link Outcome#OK}), else {@code null}
 * @param admin   whether the owner has admin rights (only meaningful when {@link Outcome#OK})
 * @param message one line for the admin
 */
public record TokenCheck(Outcome outcome, String owner, boolean admin, String message) {

    /** The possible results of a token check. */
    public enum Outcome {
        /** The hub accepted the token. */
        OK,
        /** The hub answered 401 or 403: the token is unknown, expired or lacks the scope. */
        REJECTED,
        /** The hub did not answer (connection refused, timeout, DNS). */
        UNREACHABLE,
        /** The hub answered with something else (e.g. 404 because the API URL is wrong, 5xx). */
        UNEXPECTED
    }

    public TokenCheck {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
    }

    /** The hub accepted the token. */
    public boolean ok() {
        return outcome == Outcome.OK;
    }
}
