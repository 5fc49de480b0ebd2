package dev.hubconsole.hubdb;

import java.util.Objects;

/**
 * A row or schema object the target would reject, found by the health check before anything is copied.
 *
 * @param kind   what is wrong
 * @param table  the table
 * @param key    the row's key ({@code id=5}) or the object's name
 * @param detail one line: the column, the value (shortened) and the limit
 */
public record CopyFinding(Kind kind, String table, String key, String detail) {

    /** The kinds of findings. */
    public enum Kind {
        /** A foreign key value whose parent row does not exist. */
        ORPHAN,
        /** A value longer than the target column allows. */
        TOO_LONG,
        /** An integer outside the target column's 32-bit range. */
        OUT_OF_RANGE,
        /** Values that differ on the source but are equal under the target's collation (MySQL/MariaDB). */
        COLLISION,
        /** A column the schema needs that the source lacks, or a value that cannot be read. */
        SCHEMA
    }

    /** Checks the invariants. */
    public CopyFinding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(detail, "detail");
    }

    /** One line for the plan and the report. */
    public String line() {
        return kind + " " + table + (key == null ? "" : " [" + key + "]") + ": " + detail;
    }
}
