package dev.hubconsole.hub;

import dev.hubconsole.shared.Refusal;

/**
 * A registration refused before anything was stored; the message names the problem and the fix.
 */
public class InvalidHubException extends Refusal {

    private final String field;

    InvalidHubException(String field, String message) {
        super(Reason.INVALID, message);
        this.field = field;
    }

    /** The registration field at fault (for binding the error to a form field), or null. */
    public String field() {
        return field;
    }
}
