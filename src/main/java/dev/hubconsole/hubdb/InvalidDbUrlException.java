package dev.hubconsole.hubdb;

/**
 * A database URL that cannot be used. The message is one line naming the problem and the fix, and never contains
 * the password.
 */
public class InvalidDbUrlException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidDbUrlException(String message) {
        super(message);
    }
}
