package dev.hubconsole.hubdb;

/**
 * The database was reached but cannot be inspected: it is not a JupyterHub database, or its revision is unknown.
 * The message is one line naming the problem and what to check.
 */
public class InspectionFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InspectionFailedException(String message) {
        super(DatabaseUnavailableException.oneLine(message));
    }
}
