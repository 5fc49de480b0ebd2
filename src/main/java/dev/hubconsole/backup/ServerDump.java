package dev.hubconsole.backup;

import dev.hubconsole.hubdb.TableChecksums;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A hub database on a server, copied with the engine's own dump tool (run as an argument list with a timeout,
 * the password passed in the environment) and put back into an empty database with its restore tool.
 */
abstract class ServerDump implements DatabaseSource {

    /** How long one dump or restore may take. */
    static final Duration TOOL_TIMEOUT = Duration.ofHours(6);

    /** The database dumped; null for an instance that only checks or restores dump files. */
    final ServerDatabase database;

    ServerDump(ServerDatabase database) {
        this.database = database;
    }

    static ServerDump of(ServerDatabase database) {
        return ServerDatabase.POSTGRESQL.equals(database.engine()) ? new PostgresDump(database)
                : new MariaDbDump(database);
    }

    /**
     * The engine's dump tool for {@code database}, or the console's {@link PortableSnapshot} when the tool (one
     * matching the server's version) is not available; the choice is reported to {@code progress}.
     */
    static ServerDump choose(ServerDatabase database, BackupProgress progress) {
        ServerDump dump = of(database);
        String missing = dump.missingTools();
        if (missing == null) {
            return dump;
        }
        progress.step(missing + " Using the console's portable snapshot (JDBC) instead.");
        return new PortableSnapshot(database, dump);
    }

    /** Why the engine's own dump tool cannot be used for {@link #database}, or null when it can. */
    String missingTools() {
        return null;
    }

    /** Checks that a dump file is complete and readable by the restore tool; returns a one-line finding or throws. */
    abstract String checkDumpFile(Path dump) throws IOException;

    /** Loads a dump into {@code target}, which must be empty. */
    abstract void restoreInto(Path dump, ServerDatabase target) throws IOException;

    /** SQL condition on {@code information_schema.tables} selecting the hub's own tables. */
    abstract String ownTablesCondition();

    abstract String quote(String identifier);

    /** SQL giving the database's size in bytes, for the free-space estimate. */
    abstract String sizeQuery();

    @Override
    public long estimateBytes() throws SQLException {
        try (Connection connection = database.connect()) {
            return Long.parseLong(single(connection, sizeQuery()));
        }
    }

    @Override
    public String engine() {
        return database.engine();
    }

    @Override
    public String describe() {
        return database.describe();
    }

    @Override
    public void check() {
        try (Connection connection = database.connect()) {
            connection.isValid(10);
        } catch (SQLException e) {
            throw new BackupException("Cannot connect to " + database.describe() + " (" + firstLine(e) + "): check"
                    + " the URL, user and password, and that the server is running.", e);
        }
    }

    /** Rows per table of the database behind {@code connection}, in its current transaction. */
    Map<String, Long> rowCounts(Connection connection) throws SQLException {
        List<String[]> tables = ownTables(connection);
        Map<String, Long> counts = new TreeMap<>();
        try (Statement statement = connection.createStatement()) {
            for (String[] table : tables) {
                String key = key(table[0], table[1]);
                try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + quote(table[0]) + "."
                        + quote(table[1]))) {
                    rs.next();
                    counts.put(key, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    /**
     * Per table, the content checksum of its rows from normalised values ({@link TableChecksums}), in the connection's
     * current transaction.
     */
    Map<String, String> contentChecksums(Connection connection) throws SQLException {
        Map<String, String> sums = new TreeMap<>();
        for (String[] table : ownTables(connection)) {
            sums.put(key(table[0], table[1]), TableChecksums.of(connection, "SELECT * FROM " + quote(table[0]) + "."
                    + quote(table[1])));
        }
        return sums;
    }

    /** {@link #contentChecksums(Connection)} of {@code target}, in one read-only transaction. */
    Map<String, String> contentChecksums(ServerDatabase target) throws SQLException {
        try (Connection connection = target.connect()) {
            connection.setAutoCommit(false);
            try {
                return contentChecksums(connection);
            } finally {
                connection.rollback();
            }
        }
    }

    /** The hub's own tables behind {@code connection}: schema and name of each. */
    List<String[]> ownTables(Connection connection) throws SQLException {
        List<String[]> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT table_schema, table_name FROM information_schema.tables"
                     + " WHERE table_type = 'BASE TABLE' AND " + ownTablesCondition())) {
            while (rs.next()) {
                tables.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        return tables;
    }

    /** The name a table is recorded under: schema-qualified only outside the default schema. */
    String key(String schema, String table) {
        return table;
    }

    /** Number of the hub's own tables in {@code target}; a restore target must have none. */
    int tableCount(ServerDatabase target) throws SQLException {
        try (Connection connection = target.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM information_schema.tables WHERE "
                     + ownTablesCondition())) {
            rs.next();
            return rs.getInt(1);
        }
    }

    Map<String, Long> rowCounts(ServerDatabase target) throws SQLException {
        try (Connection connection = target.connect()) {
            return rowCounts(connection);
        }
    }

    /** Environment carrying the password for the tools, under {@code variable}. */
    static Map<String, String> passwordEnvironment(ServerDatabase db, String variable) {
        Map<String, String> environment = new HashMap<>();
        if (db.effectivePassword() != null) {
            environment.put(variable, db.effectivePassword());
        }
        return environment;
    }

    static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
