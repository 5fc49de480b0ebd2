package dev.hubconsole.hubdb;

/**
 * Receives a copy's progress. Called from the copying threads (several tables run at once): implementations must
 * be thread-safe and quick. An exception thrown here aborts the copy like any other failure.
 */
public interface CopyProgress {

    /** Does nothing. */
    CopyProgress NONE = new CopyProgress() {
    };

    /** A phase begins (checking, creating the schema, loading, indexing, verifying, finishing). */
    default void phase(String description) {
    }

    /** A table starts loading; {@code expectedRows} is the source's count. */
    default void tableStarted(String table, long expectedRows) {
    }

    /** Rows of the table loaded so far. */
    default void rowsCopied(String table, long rows) {
    }

    /** The table is loaded. */
    default void tableFinished(String table, long rows, long millis) {
    }
}
