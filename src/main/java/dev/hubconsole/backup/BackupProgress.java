package dev.hubconsole.backup;

/**
 * Receives progress while a backup is made: a one-line message per step and byte counts for long copies (the home
 * directory archive and the database copy). Implementations must be cheap and must not throw.
 */
public interface BackupProgress {

    /** A new step started, e.g. {@code "Copying database with SQLite's online backup"}. */
    void step(String message);

    /** {@code done} of {@code total} bytes of the current step are processed; {@code total} may be an estimate. */
    void bytes(long done, long total);

    /** A progress sink that ignores everything. */
    static BackupProgress none() {
        return new BackupProgress() {
            @Override
            public void step(String message) {
            }

            @Override
            public void bytes(long done, long total) {
            }
        };
    }
}
