package dev.hubconsole.hubdb;

import java.util.Objects;

/**
 * A source row the copy left out or changed because the target would have rejected it as it is
 * ({@link CopyOptions.OnViolation}). The source row itself is never modified.
 *
 * @param table  the table
 * @param key    the row's key ({@code id=5})
 * @param action what was done
 * @param reason one line: why, naming the column, the value (shortened) and the row it depends on or collides with
 */
public record CopyHandledRow(String table, String key, Action action, String reason) {

    /** What was done to a row. */
    public enum Action {
        /** Not copied. */
        SKIPPED,
        /** Copied with a value cut to its column's length. */
        TRUNCATED,
        /** Copied with NULL in a foreign key column (what ON DELETE SET NULL would have done). */
        SET_NULL
    }

    /** Checks the invariants. */
    public CopyHandledRow {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
    }

    /** One line for the plan and the report. */
    public String line() {
        return action + " " + table + " [" + key + "]: " + reason;
    }
}
