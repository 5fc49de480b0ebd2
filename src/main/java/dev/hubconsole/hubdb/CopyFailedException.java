package dev.hubconsole.hubdb;

import java.util.List;

/**
 * A copy that was refused before it began (findings, a non-empty target, an unknown revision) or failed on the way
 * (a lost connection, a rejected row, a verification mismatch). The message is one line naming the problem and the
 * fix; {@link #details()} lists findings or mismatches. Never contains a password. When {@link #targetTouched()}
 * the target holds the marker table {@value CopySchemaPlanner#MARKER} and no alembic revision: JupyterHub will not
 * take it for a database, and running the copy again cleans it up.
 */
public class CopyFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> details;
    private final boolean targetTouched;

    public CopyFailedException(String message, List<String> details, boolean targetTouched, Throwable cause) {
        super(DatabaseUnavailableException.oneLine(message), cause);
        this.details = List.copyOf(details);
        this.targetTouched = targetTouched;
    }

    /** The findings or mismatches behind the failure, one line each (may be empty). */
    public List<String> details() {
        return details;
    }

    /** Whether the target was written to (and is left marked incomplete). */
    public boolean targetTouched() {
        return targetTouched;
    }
}
