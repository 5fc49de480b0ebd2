package dev.hubconsole.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;

/** SQLite operations of the backup feature, straight on sqlite-jdbc. */
final class SqliteFiles {

    /** SQLite's return code for success. */
    private static final int SQLITE_OK = 0;
    private static final byte[] HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;
    /** How long the online backup waits for a writer to release its lock: 600 × 100 ms. */
    private static final int BACKUP_BUSY_RETRIES = 600;
    private static final int BACKUP_RETRY_SLEEP_MILLIS = 100;
    /** Memory mapping asked for by the integrity check; SQLite caps it at its compiled maximum. */
    private static final long MMAP_BYTES = 1L << 40;

    private SqliteFiles() {
    }

    /** Whether the file starts with SQLite's header. */
    static boolean hasSqliteHeader(Path file) throws IOException {
        byte[] start = new byte[HEADER.length];
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(start, 0, start.length) == start.length && Arrays.equals(start, HEADER);
        }
    }

    /** Opens a live database read-only: nothing is ever written to it through this connection. */
    static Connection openReadOnly(Path database) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        return config.createConnection("jdbc:sqlite:" + database);
    }

    /**
     * Opens a database file that nothing else touches (a backup copy or a scratch copy) for checks. The file is
     * opened as immutable, so no lock, journal, {@code -wal} or {@code -shm} file is created next to it and its
     * bytes stay exactly as they are.
     */
    static Connection openImmutable(Path database) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        return config.createConnection("jdbc:sqlite:" + database.toUri() + "?immutable=1");
    }

    /**
     * Copies the database behind {@code source} into {@code destination} (which must not exist) with SQLite's online
     * backup API in a single step, so the copy is one consistent snapshot even while the hub writes. Throws when
     * the copy did not complete (e.g. a writer held its lock for longer than a minute).
     */
    static void onlineBackup(Connection source, Path destination, BackupProgress progress, long sourceBytes)
            throws SQLException {
        AtomicBoolean completed = new AtomicBoolean();
        int rc = source.unwrap(SQLiteConnection.class).getDatabase().backup("main", destination.toString(),
                (remaining, pageCount) -> {
                    if (remaining == 0) {
                        completed.set(true);
                    }
                    progress.bytes(pageCount == 0 ? sourceBytes : sourceBytes * (pageCount - remaining) / pageCount,
                            sourceBytes);
                }, BACKUP_RETRY_SLEEP_MILLIS, BACKUP_BUSY_RETRIES, -1);
        if (rc != SQLITE_OK) {
            SQLiteErrorCode code = SQLiteErrorCode.getErrorCode(rc);
            throw new SQLException("SQLite online backup failed: " + code.name() + " (" + code.message + ")");
        }
        if (!completed.get()) {
            throw new SQLException("SQLite online backup did not complete: the database stayed locked by a writer");
        }
    }

    /**
     * The rows of {@code PRAGMA integrity_check}: exactly {@code ["ok"]} for a sound database. Reads the file through
     * memory mapping (about a quarter less CPU than reads through the page cache), so use it only on a file that
     * nothing else changes, such as a backup copy or a scratch copy.
     */
    static List<String> integrityCheck(Connection connection) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA mmap_size = " + MMAP_BYTES);
        }
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA integrity_check")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    /** Rows per user table (SQLite's internal {@code sqlite_*} tables left out), by table name. */
    static Map<String, Long> rowCounts(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'"
                     + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        Map<String, Long> counts = new TreeMap<>();
        try (Statement statement = connection.createStatement()) {
            for (String table : tables) {
                try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM \"" + table.replace("\"", "\"\"")
                        + "\"")) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    static String sqliteVersion(Connection connection) throws SQLException {
        return single(connection, "SELECT sqlite_version()");
    }

    static String journalMode(Connection connection) throws SQLException {
        return single(connection, "PRAGMA journal_mode");
    }

    static String driverVersion(Connection connection) throws SQLException {
        return connection.getMetaData().getDriverVersion();
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
