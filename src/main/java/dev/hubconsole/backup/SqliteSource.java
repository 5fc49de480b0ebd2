package dev.hubconsole.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A hub's SQLite file, copied with SQLite's online backup API and checked with {@code PRAGMA integrity_check}:
 * {@link #copyInto} returns only a copy that passed it.
 */
final class SqliteSource implements DatabaseSource {

    static final String ENGINE = "sqlite";

    private final Path database;

    SqliteSource(Path database) {
        this.database = database;
    }

    @Override
    public String engine() {
        return ENGINE;
    }

    @Override
    public String describe() {
        return database.toString();
    }

    @Override
    public void check() {
        if (!Files.isRegularFile(database)) {
            throw new BackupException("Database " + database + " " + (Files.exists(database) ? "is not a regular file"
                    : "does not exist") + ": give the path of the hub's SQLite file (db_url in jupyterhub_config.py).");
        }
        try {
            if (!SqliteFiles.hasSqliteHeader(database)) {
                throw new BackupException("Database " + database + " is not a SQLite database (no SQLite header):"
                        + " give the path of the hub's SQLite file.");
            }
        } catch (IOException e) {
            throw new BackupException("Cannot read database " + database + " (" + e.getMessage() + "): run the"
                    + " console as a user that can read it.", e);
        }
    }

    @Override
    public long estimateBytes() throws IOException {
        long total = Files.size(database);
        Path wal = database.resolveSibling(database.getFileName() + "-wal");
        return Files.isRegularFile(wal) ? total + Files.size(wal) : total;
    }

    @Override
    public DatabaseCopy copyInto(Path dir, BackupProgress progress) throws IOException, SQLException {
        progress.step("Copying database " + database + " with SQLite's online backup API");
        Path target = dir.resolve(Backups.DATABASE_FILE);
        String driverVersion;
        String journalMode;
        try (Connection connection = SqliteFiles.openReadOnly(database)) {
            journalMode = SqliteFiles.journalMode(connection);
            driverVersion = SqliteFiles.driverVersion(connection);
            SqliteFiles.onlineBackup(connection, target, progress, Files.size(database));
        }
        FileOps.ownerOnly(target);
        progress.step("Checking the database copy (PRAGMA integrity_check, row counts; SHA-256 alongside)");
        // the SHA-256 is read on a second core while SQLite checks the copy on this one
        FutureTask<String> sha = new FutureTask<>(() -> FileOps.sha256(target));
        Thread hashing = new Thread(sha, "backup-sha256");
        hashing.setDaemon(true);
        hashing.start();
        Map<String, Long> counts;
        String sqliteVersion;
        try (Connection copy = SqliteFiles.openImmutable(target)) {
            List<String> integrity = SqliteFiles.integrityCheck(copy);
            if (!List.of("ok").equals(integrity)) {
                throw damaged(integrity.get(0), null);
            }
            counts = SqliteFiles.rowCounts(copy);
            sqliteVersion = SqliteFiles.sqliteVersion(copy);
        } catch (SQLException e) {
            throw damaged(String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
        BackupArtefact artefact = BackupArtefact.ofFile(dir, Backups.DATABASE_FILE, BackupArtefact.ROLE_DATABASE,
                Backups.METHOD_SQLITE, database, result(sha));
        return new DatabaseCopy(artefact, counts, Map.of("sqlite", sqliteVersion, "sqlite-jdbc", driverVersion),
                journalMode);
    }

    private static String result(FutureTask<String> sha) throws IOException {
        try {
            return sha.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while computing the copy's SHA-256");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private BackupException damaged(String finding, Exception cause) {
        return new BackupException("The copy of " + database + " fails PRAGMA integrity_check (" + finding + "): the"
                + " hub's database is damaged; repair it (sqlite3 .recover) or restore an older backup before"
                + " upgrading.", cause);
    }
}
