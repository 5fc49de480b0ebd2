package dev.hubconsole.backup;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link Backups#restoreDatabaseReplacing} did to a hub database on a server.
 *
 * @param backupDir  the backup that was restored
 * @param database   the hub's database (URL without password), now holding the backup's content
 * @param movedAside the name the hub's previous database was given on the same server (kept, never dropped)
 * @param checks     the backup's checks and the comparison of the restored database's row counts and content
 *                   checksums with the manifest's (all passed)
 */
public record DatabaseRestoreResult(Path backupDir, String database, String movedAside, VerifyResult checks) {

    public DatabaseRestoreResult {
        Objects.requireNonNull(backupDir, "backupDir");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(movedAside, "movedAside");
        Objects.requireNonNull(checks, "checks");
    }

    /** One line for a step log. */
    public String summary() {
        return "Restored the database " + database + " from " + backupDir + ": row counts and content checksums of"
                + " every table equal the backup's (" + checks.checks().size() + " checks passed); the previous"
                + " database is kept as " + movedAside + " on the same server";
    }

    @Override
    public String toString() {
        return summary();
    }
}
