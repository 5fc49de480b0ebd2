package dev.hubconsole.hubdb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Asks the target server itself which values of a unique VARCHAR column would collide there. The values a copy
 * would write (after its own changes: skipped rows left out, cut values cut) are streamed in batches into a session
 * TEMPORARY TABLE on the target whose value column has the target column's type, hence the target database's
 * character set and collation; the server then groups them. So MySQL/MariaDB's case, accent and trailing-space
 * rules ({@code utf8mb4_unicode_ci}, {@code utf8mb4_general_ci}, PAD SPACE) are exactly those its unique index will
 * apply. On MySQL/MariaDB the table also keeps a hash of each value's weight string ({@code WEIGHT_STRING}, trailing
 * spaces trimmed), indexed: values equal under the collation have equal weight strings, so only rows sharing a hash
 * are grouped exactly, which spares sorting every value under the collation. The temporary tables exist only in this
 * check's own session, are dropped after each column, and vanish with the session in any case: nothing is left in
 * the target. For a SQLite target, whose file may not exist yet,
 * an in-memory SQLite database stands in (its BINARY comparison is the target's).
 */
final class CopyUniqueCheck implements AutoCloseable {

    static final String TABLE = "hubconsole_unique_check";
    static final String BUCKETS = "hubconsole_unique_buckets";
    static final String CANDIDATES = "hubconsole_unique_candidates";
    private static final int BATCH = 1000;

    private final Engine engine;
    private final Supplier<Connection> opener;
    private Connection session;

    /** Receives the rows whose values collide, one group after another, the row to keep first in each group. */
    interface Sink {
        /** A colliding row: its key, the value it would have on the target, whether it is the one kept. */
        void accept(RowKey key, String value, boolean keep);
    }

    CopyUniqueCheck(Engine engine, Supplier<Connection> opener) {
        this.engine = engine;
        this.opener = opener;
    }

    /** A check on this target; its session opens on first use. */
    static CopyUniqueCheck on(HubDatabases databases, DbUrl target) {
        return new CopyUniqueCheck(target.engine(), () -> {
            if (target.engine() != Engine.SQLITE) {
                return databases.openForWrite(target);
            }
            try {
                SqliteNativeLibrary.prepare();
                return DriverManager.getConnection("jdbc:sqlite::memory:");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot open an in-memory SQLite database: " + e.getMessage(), e);
            }
        });
    }

    /** The target engine, whose comparison rules apply. */
    Engine engine() {
        return engine;
    }

    /**
     * Loads the column's values as the copy would write them and reports the rows whose values are equal on the
     * target, in groups: within a group rows whose value is unchanged come first, then by key; the first is kept.
     * Values still too long for the column are left out (they are findings of their own).
     *
     * @param keyPositions the table's key positions ({@link RowKey#positions})
     * @param filter       the copy's decisions for the table ({@link CopyViolations#filter}), or {@code null}
     */
    void collisions(Connection source, Engine sourceEngine, CopyTable t, int column, int[] keyPositions,
            boolean wholeSeconds, UnaryOperator<Object[]> filter, Sink sink) throws SQLException {
        Connection c = session();
        ColumnDef value = t.target().columns().get(column);
        List<String> keyColumns = new ArrayList<>();
        List<String> definitions = new ArrayList<>();
        for (int k = 0; k < keyPositions.length; k++) {
            keyColumns.add(q("k" + k));
            definitions.add(q("k" + k) + " " + keyType(t.target().columns().get(keyPositions[k])));
        }
        definitions.add(q("m") + " INTEGER");
        definitions.add(q("v") + " " + CopyDdl.type(value, engine));
        String columns = String.join(", ", definitions);
        List<String> names = new ArrayList<>(keyColumns);
        names.add(q("m"));
        names.add(q("v"));
        String all = String.join(", ", names);
        drop(c);
        try {
            execute(c, "CREATE TEMPORARY TABLE " + q(TABLE) + " (" + columns + (engine == Engine.MYSQL ? ", " + q("h")
                    + " BIGINT AS (CRC32(WEIGHT_STRING(TRIM(TRAILING ' ' FROM " + q("v") + ")))) STORED, KEY ("
                    + q("h") + ")" : "") + ")");
        } catch (SQLException e) {
            throw new CopyFailedException("The target refused a temporary table (" + DatabaseCopy.oneLine(e) + "), "
                    + "which the check of unique values under its collation needs: grant the target user CREATE "
                    + "TEMPORARY TABLES on the target database, then run again.", List.of(), false, e);
        }
        try {
            load(c, source, sourceEngine, t, column, keyPositions, all, wholeSeconds, filter);
            String grouped = TABLE;
            if (engine == Engine.MYSQL) {
                // Equal under the collation implies equal weight strings: only rows sharing a weight hash can collide.
                execute(c, "CREATE TEMPORARY TABLE " + q(BUCKETS) + " (" + q("h") + " BIGINT)");
                execute(c, "INSERT INTO " + q(BUCKETS) + " SELECT " + q("h") + " FROM " + q(TABLE) + " GROUP BY "
                        + q("h") + " HAVING COUNT(*) > 1");
                execute(c, "CREATE TEMPORARY TABLE " + q(CANDIDATES) + " (" + columns + ")");
                execute(c, "INSERT INTO " + q(CANDIDATES) + " SELECT t." + String.join(", t.", names) + " FROM "
                        + q(TABLE) + " t JOIN " + q(BUCKETS) + " b ON b." + q("h") + " = t." + q("h"));
                grouped = CANDIDATES;
            }
            String keys = String.join(", ", keyColumns);
            String sql = "SELECT " + keys + ", " + q("v") + ", " + q("g") + " FROM (SELECT " + keys + ", " + q("m")
                    + ", " + q("v") + ", COUNT(*) OVER (PARTITION BY " + q("v") + ") AS " + q("c")
                    + ", DENSE_RANK() OVER (ORDER BY " + q("v") + ") AS " + q("g") + " FROM " + q(grouped) + ") x "
                    + "WHERE " + q("c") + " > 1 ORDER BY " + q("g") + ", " + q("m") + ", " + keys;
            try (Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                s.setFetchSize(BATCH);
                try (ResultSet rs = s.executeQuery(sql)) {
                    long group = -1;
                    while (rs.next()) {
                        Object[] row = RowKey.read(rs, 1, t, keyPositions, engine, wholeSeconds);
                        long g = rs.getLong(keyPositions.length + 2);
                        sink.accept(RowKey.of(row, keyPositions), rs.getString(keyPositions.length + 1), g != group);
                        group = g;
                    }
                }
            }
            commit(c);
        } finally {
            drop(c);
        }
    }

    private void load(Connection c, Connection source, Engine sourceEngine, CopyTable t, int column,
            int[] keyPositions, String columns, boolean wholeSeconds, UnaryOperator<Object[]> filter)
            throws SQLException {
        int[] positions = Arrays.copyOf(keyPositions, keyPositions.length + 1);
        positions[keyPositions.length] = column;
        int length = t.target().columns().get(column).length() == null ? Integer.MAX_VALUE
                : t.target().columns().get(column).length();
        String placeholders = String.join(", ", java.util.Collections.nCopies(keyPositions.length + 2, "?"));
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + q(TABLE) + " (" + columns + ") VALUES ("
                + placeholders + ")")) {
            int[] pending = {0};
            RowKey.scan(source, sourceEngine, t, positions, " WHERE " + CopyDdl.quote(sourceEngine,
                    t.sourceColumns().get(column)) + " IS NOT NULL", wholeSeconds, row -> {
                        Object before = row[column];
                        Object[] after = filter == null ? row : filter.apply(row);
                        if (after == null || !(after[column] instanceof String v)
                                || v.codePointCount(0, v.length()) > length) {
                            return;
                        }
                        for (int k = 0; k < keyPositions.length; k++) {
                            CopyValues.bind(ps, k + 1, after[keyPositions[k]], engine);
                        }
                        ps.setInt(keyPositions.length + 1, v.equals(before) ? 0 : 1);
                        ps.setString(keyPositions.length + 2, v);
                        ps.addBatch();
                        if (++pending[0] >= BATCH) {
                            ps.executeBatch();
                            pending[0] = 0;
                        }
                    });
            if (pending[0] > 0) {
                ps.executeBatch();
            }
            c.commit();
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** The type of a key column in the temporary table: wide enough for any value of it. */
    private String keyType(ColumnDef c) {
        return switch (c.type()) {
            case "INTEGER", "BIGINT" -> "BIGINT";
            case "BOOLEAN", "DATETIME", "BLOB" -> CopyDdl.type(c, engine);
            default -> "TEXT";
        };
    }

    private Connection session() {
        if (session == null) {
            session = opener.get();
        }
        return session;
    }

    private void drop(Connection c) throws SQLException {
        for (String table : List.of(TABLE, BUCKETS, CANDIDATES)) {
            execute(c, switch (engine) {
                case MYSQL -> "DROP TEMPORARY TABLE IF EXISTS " + q(table);
                case POSTGRESQL -> "DROP TABLE IF EXISTS pg_temp." + q(table);
                case SQLITE -> "DROP TABLE IF EXISTS temp." + q(table);
            });
        }
        commit(c);
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void commit(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    private String q(String identifier) {
        return CopyDdl.quote(engine, identifier);
    }

    /** Closes the session, which drops anything temporary left in it. */
    @Override
    public void close() throws SQLException {
        if (session != null) {
            session.close();
        }
    }
}
