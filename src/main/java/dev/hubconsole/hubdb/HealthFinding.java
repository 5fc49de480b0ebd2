package dev.hubconsole.hubdb;

import java.util.List;
import java.util.Objects;

/**
 * One data problem that would break an upgrade or an engine change, with how many rows have it and a few
 * examples (row keys and the offending value where it is not secret).
 *
 * @param problem  which problem
 * @param object   where: {@code table.column}, or {@code table.column -> parent.column} for foreign keys
 * @param count    how many rows (for collisions: how many rows take part in a collision)
 * @param examples at most {@value #MAX_EXAMPLES} examples
 * @param meaning  one line: what it breaks and how to fix it
 * @param blocking true when the upgrade or the hub would fail on it
 */
public record HealthFinding(Problem problem, String object, long count, List<String> examples, String meaning,
        boolean blocking) {

    /** How many examples a finding keeps. */
    public static final int MAX_EXAMPLES = 5;

    /** The problems looked for. */
    public enum Problem {
        /** Rows whose foreign key names a row that does not exist (SQLite often does not enforce them). */
        FOREIGN_KEY,
        /** Names equal when compared case-insensitively (and ignoring trailing spaces): they collide on MySQL. */
        CASE_COLLISION,
        /** Values longer than the column JupyterHub declares (SQLite does not enforce lengths). */
        TOO_LONG,
        /** Text in a JSON column that is not valid JSON. */
        INVALID_JSON,
        /** NULL in a column JupyterHub declares NOT NULL. */
        NULL_IN_NOT_NULL,
        /** Text that is not valid UTF-8 (SQLite stores whatever bytes it is given). */
        INVALID_UTF8,
        /** Datetimes that are not SQLAlchemy's {@code YYYY-MM-DD HH:MM:SS[.ffffff]} text (SQLite). */
        DATETIME_FORMAT
    }

    /** Checks the invariants. */
    public HealthFinding {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(meaning, "meaning");
        examples = List.copyOf(examples.size() > MAX_EXAMPLES ? examples.subList(0, MAX_EXAMPLES) : examples);
        if (count <= 0) {
            throw new IllegalArgumentException("a finding counts at least one row");
        }
    }
}
