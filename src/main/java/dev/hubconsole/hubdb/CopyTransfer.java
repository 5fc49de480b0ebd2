package dev.hubconsole.hubdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Streams one table's rows from the source to the target: PostgreSQL through binary COPY ({@link PgBinaryCopy}, 1 MB
 * chunks), MySQL/MariaDB through LOAD DATA LOCAL from a stream ({@link MysqlLoadData}) where the server and driver
 * allow it; from SQLite each value goes from the bytes SQLite stores into the load and into the row hash without
 * building objects ({@link SourceRows}). SQLite targets, and MySQL/MariaDB without LOAD DATA LOCAL, take batched
 * prepared INSERTs (batches capped by rows and bytes). Rows
 * are read with a fetch size and never collected: memory stays flat whatever the table's size. Also reads tables back
 * for the verification.
 */
final class CopyTransfer {

    private static final int FETCH = 2000;
    private static final int BATCH_ROWS = 2000;
    private static final int BATCH_BYTES = 4 << 20;
    private static final int COPY_CHUNK = 1 << 20;

    private CopyTransfer() {
    }

    /**
     * Rows whose single integer key lies in {@code [from, to)}; a {@code null} bound is open, and the range without a
     * lower bound also takes the rows whose key is NULL (or, on SQLite, any value below every integer), so that the
     * ranges {@link #ranges} returns cover every row whatever the key holds.
     */
    record KeyRange(Long from, Long to) {

        /** The whole table. */
        static final KeyRange ALL = new KeyRange(null, null);

        KeyRange {
            if (from != null && to != null && from >= to) {
                throw new IllegalArgumentException("empty key range [" + from + ", " + to + ")");
            }
        }

        String condition(String key) {
            List<String> parts = new ArrayList<>();
            if (from != null) {
                parts.add(key + " >= " + from);
            }
            if (to != null) {
                parts.add(from == null ? "(" + key + " < " + to + " OR " + key + " IS NULL)" : key + " < " + to);
            }
            return String.join(" AND ", parts);
        }
    }

    /**
     * Splits a table with a single integer key into {@code parts} ranges of equal key width between the smallest and
     * the largest key (the first and last open-ended), to be copied at once; one range covering everything when the
     * table has no such key or its keys span too little.
     */
    static List<KeyRange> ranges(Connection source, Engine engine, CopyTable t, int parts) throws SQLException {
        int[] key = t.integerKey();
        if (parts < 2 || key == null || key.length != 1) {
            return List.of(KeyRange.ALL);
        }
        String column = CopyDdl.quote(engine, t.sourceColumns().get(key[0]));
        long min;
        long max;
        try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery("SELECT MIN(" + column + "), MAX("
                + column + ") FROM " + CopyDdl.quote(engine, t.name()))) {
            rs.next();
            min = rs.getLong(1);
            max = rs.getLong(2);
        }
        if (max - min < parts || max - min < 0) { // too narrow, or wider than a long (overflowed)
            return List.of(KeyRange.ALL);
        }
        List<KeyRange> out = new ArrayList<>();
        Long from = null;
        for (int i = 1; i < parts; i++) {
            long bound = min + (long) ((double) (max - min) * i / parts);
            if (from == null || bound > from) {
                out.add(new KeyRange(from, bound));
                from = bound;
            }
        }
        out.add(new KeyRange(from, null));
        return out;
    }

    /** The SELECT that reads the table's columns from one side, ordered by an integer key when asked. */
    static String select(CopyTable t, Engine engine, boolean sourceSide, boolean ordered) {
        return select(t, engine, sourceSide, ordered, KeyRange.ALL);
    }

    /** The SELECT that reads the rows in {@code range} of the table's columns from one side. */
    static String select(CopyTable t, Engine engine, boolean sourceSide, boolean ordered, KeyRange range) {
        List<String> cols = new ArrayList<>();
        for (int i = 0; i < t.target().columns().size(); i++) {
            String name = sourceSide ? t.sourceColumns().get(i) : t.target().columns().get(i).name();
            cols.add(name == null ? "NULL" : CopyDdl.quote(engine, name));
        }
        String sql = "SELECT " + String.join(", ", cols) + " FROM " + CopyDdl.quote(engine, t.name());
        int[] key = t.integerKey();
        if (!range.equals(KeyRange.ALL)) {
            sql += " WHERE " + range.condition(cols.get(key[0]));
        }
        if (ordered && key != null) {
            List<String> order = new ArrayList<>();
            for (int k : key) {
                order.add(cols.get(k));
            }
            sql += " ORDER BY " + String.join(", ", order);
        }
        return sql;
    }

    /** A streaming result over one side's rows, as neutral values. */
    static final class Rows implements AutoCloseable {
        private final Statement statement;
        private final ResultSet rs;
        private final Engine engine;
        private final String[] types;
        private final boolean wholeSeconds;
        private final UnaryOperator<Object[]> filter;

        Rows(Connection c, Engine engine, CopyTable t, boolean sourceSide, boolean ordered, boolean wholeSeconds)
                throws SQLException {
            this(c, engine, t, sourceSide, ordered, wholeSeconds, KeyRange.ALL);
        }

        Rows(Connection c, Engine engine, CopyTable t, boolean sourceSide, boolean ordered, boolean wholeSeconds,
                KeyRange range) throws SQLException {
            this.engine = engine;
            this.types = t.types();
            this.wholeSeconds = wholeSeconds;
            this.filter = sourceSide ? t.sourceFilter() : null;
            this.statement = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(FETCH);
            this.rs = statement.executeQuery(select(t, engine, sourceSide, ordered, range));
        }

        /** The next row, after the table's source filter on the source side; {@code null} at the end. */
        Object[] next() throws SQLException {
            while (true) {
                Object[] row = read();
                if (row == null || filter == null) {
                    return row;
                }
                row = filter.apply(row);
                if (row != null) {
                    return row;
                }
            }
        }

        private Object[] read() throws SQLException {
            if (!rs.next()) {
                return null;
            }
            Object[] row = new Object[types.length];
            for (int i = 0; i < types.length; i++) {
                row[i] = CopyValues.read(rs, i + 1, engine, types[i], wholeSeconds);
            }
            return row;
        }

        @Override
        public void close() throws SQLException {
            try {
                rs.close();
            } finally {
                statement.close();
            }
        }
    }

    /** Rows copied and the order-independent sum of their {@link CopyValues#rowHash}es, as read from the source. */
    record Copied(long rows, long hashSum) {
    }

    /** Copies every row; {@code progress} receives the running count. */
    static Copied copy(Connection source, Engine sourceEngine, Connection target, Engine targetEngine, CopyTable t,
            LongConsumer progress) throws SQLException {
        return copy(source, sourceEngine, target, targetEngine, t, KeyRange.ALL, progress);
    }

    /** Copies the rows in {@code range}; {@code progress} receives the running count. */
    static Copied copy(Connection source, Engine sourceEngine, Connection target, Engine targetEngine, CopyTable t,
            KeyRange range, LongConsumer progress) throws SQLException {
        if (targetEngine == Engine.POSTGRESQL) {
            return copyIn(source, sourceEngine, target, t, range, progress);
        }
        if (targetEngine == Engine.MYSQL && MysqlLoadData.available(target)) {
            return loadData(source, sourceEngine, target, t, range, progress);
        }
        try (Rows rows = new Rows(source, sourceEngine, t, true, true, targetEngine == Engine.MYSQL, range)) {
            return insert(rows, target, targetEngine, t, progress);
        }
    }

    /**
     * The source's rows of a key range, each written into a {@link CopySink} and hashed as it goes. From SQLite each
     * value is taken as the bytes SQLite stores, without building neutral objects; from another engine through them.
     */
    static final class SourceRows implements AutoCloseable {
        private final Rows query;
        private final RowHash hash = new RowHash();
        private final SqliteColumn[] sqliteColumns;
        private long rows;
        private long sum;

        SourceRows(Connection source, Engine engine, CopyTable t, KeyRange range, boolean ordered,
                boolean wholeSeconds) throws SQLException {
            this.query = new Rows(source, engine, t, true, ordered, wholeSeconds, range);
            this.sqliteColumns = java.util.Arrays.stream(query.types).map(SqliteColumn::of)
                    .toArray(SqliteColumn[]::new);
        }

        /**
         * Writes the next row into {@code out}; false at the end. With a source filter ({@link CopyViolations}) rows
         * are read as neutral values and filtered (left out or changed) first, so that the copy and its checksum hold
         * exactly what should arrive; otherwise SQLite's stored bytes go straight through.
         */
        boolean next(CopyBuffer out) throws SQLException {
            Object[] row = null;
            if (query.filter != null) {
                row = query.next();
                if (row == null) {
                    return false;
                }
            } else if (!query.rs.next()) {
                return false;
            }
            out.startRow();
            for (int i = 0; i < query.types.length; i++) {
                if (row != null) {
                    out.value(row[i]);
                    hash.value(row[i]);
                } else if (query.engine == Engine.SQLITE) {
                    sqliteColumns[i].copy(query.rs, i + 1, query.wholeSeconds, out, hash);
                } else {
                    Object v = CopyValues.read(query.rs, i + 1, query.engine, query.types[i], query.wholeSeconds);
                    out.value(v);
                    hash.value(v);
                }
            }
            out.endRow();
            sum += hash.endRow();
            rows++;
            return true;
        }

        /** The rows written so far and the sum of their hashes. */
        Copied copied() {
            return new Copied(rows, sum);
        }

        /** A message naming the row being read, for a value the target cannot take. */
        IllegalStateException at(CopyTable t, RuntimeException e) {
            return new IllegalStateException(t.name() + ", row " + (rows + 1) + " read: " + e.getMessage(), e);
        }

        @Override
        public void close() throws SQLException {
            query.close();
        }
    }

    /**
     * PostgreSQL's binary COPY ({@link PgBinaryCopy}), written as the rows are read, in chunks. A table copied whole
     * is emptied and loaded in one transaction with {@code FREEZE}: its rows arrive frozen, so neither the index builds
     * and the verification reading them next nor the hub's vacuum later rewrite every page to mark them.
     */
    private static Copied copyIn(Connection source, Engine sourceEngine, Connection target, CopyTable t,
            KeyRange range, LongConsumer progress) throws SQLException {
        List<String> cols = t.target().columns().stream().map(ColumnDef::name).toList();
        boolean freeze = range.equals(KeyRange.ALL);
        String sql = "COPY " + CopyDdl.quote(Engine.POSTGRESQL, t.name()) + " (" + CopyDdl.columnList(
                Engine.POSTGRESQL, cols) + ") FROM STDIN (FORMAT binary" + (freeze ? ", FREEZE)" : ")");
        PgBinaryCopy.Writer buf = new PgBinaryCopy.Writer(COPY_CHUNK + 65536, PgBinaryCopy.Kind.of(t));
        if (freeze) {
            target.setAutoCommit(false);
            try (Statement s = target.createStatement()) {
                s.execute("TRUNCATE " + CopyDdl.quote(Engine.POSTGRESQL, t.name()));
            }
        }
        try (SourceRows rows = new SourceRows(source, sourceEngine, t, range, false, false)) {
            CopyIn in = target.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
            try {
                while (rows.next(buf)) {
                    if (buf.length() >= COPY_CHUNK) {
                        in.writeToCopy(buf.array(), 0, buf.length());
                        buf.clear();
                        progress.accept(rows.copied().rows());
                    }
                }
                buf.trailer();
                in.writeToCopy(buf.array(), 0, buf.length());
                in.endCopy();
                if (freeze) {
                    target.commit();
                    target.setAutoCommit(true);
                }
            } catch (IllegalStateException e) {
                throw rows.at(t, e);
            } finally {
                if (in.isActive()) {
                    in.cancelCopy();
                }
            }
            progress.accept(rows.copied().rows());
            return rows.copied();
        }
    }

    /**
     * MySQL/MariaDB's LOAD DATA LOCAL INFILE from a stream the rows are written into as the driver reads it
     * ({@link MysqlLoadData}); any warning the server gives (a value cut or changed) fails the copy.
     */
    private static Copied loadData(Connection source, Engine sourceEngine, Connection target, CopyTable t,
            KeyRange range, LongConsumer progress) throws SQLException {
        try (SourceRows rows = new SourceRows(source, sourceEngine, t, range, true, true);
                Statement s = target.createStatement()) {
            MysqlLoadData.Feed feed = new MysqlLoadData.Feed(rows, COPY_CHUNK, progress);
            s.unwrap(org.mariadb.jdbc.Statement.class).setLocalInfileInputStream(feed);
            try {
                s.execute(MysqlLoadData.statement(t));
            } catch (SQLException e) {
                if (feed.failure() instanceof SQLException f) {
                    throw f;
                }
                if (feed.failure() instanceof RuntimeException f) {
                    throw rows.at(t, f);
                }
                throw e;
            }
            try (ResultSet w = s.executeQuery("SHOW WARNINGS LIMIT 1")) {
                if (w.next()) {
                    throw new SQLException("the server changed a value while loading " + t.name() + ": "
                            + w.getString(3));
                }
            }
            if (!target.getAutoCommit()) {
                target.commit();
            }
            progress.accept(rows.copied().rows());
            return rows.copied();
        }
    }

    /**
     * How a SQLite value of a column of each neutral type is read, written and hashed: text as its UTF-8 bytes (which
     * the target validates), datetimes in SQLAlchemy's spelling parsed in place, integers and booleans as SQLite's
     * 64-bit integer; anything else takes {@link CopyValues#read}'s way. One method per type (not a
     * switch over the types): the copy's loop then stays compiled as tables with new types of columns come, instead of
     * being compiled again for each.
     */
    enum SqliteColumn {
        /**
         * SQLite's own conversion to a 64-bit integer ({@code sqlite3_column_int64}), as {@link ResultSet#getLong}
         * gives it: no bytes are made, and an integer is not first spelt out as text. Only a 0 may be a NULL.
         */
        INTEGER {
            @Override
            void copy(ResultSet rs, int col, boolean wholeSeconds, CopySink out, RowHash hash) throws SQLException {
                long v = rs.getLong(col);
                if (nul(v == 0 && rs.wasNull(), out, hash)) {
                    return;
                }
                out.integer(v);
                hash.integer(v);
            }
        },
        /** Any value SQLite's integer conversion makes other than 0 is true (SQLAlchemy stores 0 and 1). */
        BOOLEAN {
            @Override
            void copy(ResultSet rs, int col, boolean wholeSeconds, CopySink out, RowHash hash) throws SQLException {
                long v = rs.getLong(col);
                if (nul(v == 0 && rs.wasNull(), out, hash)) {
                    return;
                }
                out.bool(v != 0);
                hash.bool(v != 0);
            }
        },
        DATETIME {
            @Override
            void copy(ResultSet rs, int col, boolean wholeSeconds, CopySink out, RowHash hash) throws SQLException {
                byte[] b = rs.getBytes(col);
                if (nul(b == null, out, hash)) {
                    return;
                }
                long micros = CopyValues.parseDateTime(b, 0, b.length);
                if (micros == CopyValues.NOT_PARSED) {
                    Object v = CopyValues.read(rs, col, Engine.SQLITE, "DATETIME", wholeSeconds);
                    out.value(v);
                    hash.value(v);
                } else {
                    micros -= wholeSeconds ? Math.floorMod(micros, 1_000_000L) : 0;
                    out.dateTime(micros);
                    hash.dateTime(micros);
                }
            }
        },
        BLOB {
            @Override
            void copy(ResultSet rs, int col, boolean wholeSeconds, CopySink out, RowHash hash) throws SQLException {
                byte[] b = rs.getBytes(col);
                if (nul(b == null, out, hash)) {
                    return;
                }
                out.blob(b, 0, b.length);
                hash.blob(b, 0, b.length);
            }
        },
        TEXT {
            @Override
            void copy(ResultSet rs, int col, boolean wholeSeconds, CopySink out, RowHash hash) throws SQLException {
                byte[] b = rs.getBytes(col);
                if (nul(b == null, out, hash)) {
                    return;
                }
                out.text(b, 0, b.length);
                hash.text(b, 0, b.length);
            }
        };

        /** Writes and hashes a NULL when {@code isNull}; returns {@code isNull}. */
        private static boolean nul(boolean isNull, CopySink out, RowHash hash) {
            if (isNull) {
                out.nul();
                hash.nul();
            }
            return isNull;
        }

        /** Reads column {@code col} of the current row, then writes and hashes it (a NULL as a NULL). */
        abstract void copy(ResultSet rs, int col, boolean wholeSeconds, CopySink out, RowHash hash)
                throws SQLException;

        static SqliteColumn of(String neutralType) {
            return switch (neutralType) {
                case "INTEGER", "BIGINT" -> INTEGER;
                case "BOOLEAN" -> BOOLEAN;
                case "DATETIME" -> DATETIME;
                case "BLOB" -> BLOB;
                default -> TEXT;
            };
        }
    }

    private static Copied insert(Rows rows, Connection target, Engine engine, CopyTable t, LongConsumer progress)
            throws SQLException {
        List<String> cols = t.target().columns().stream().map(ColumnDef::name).toList();
        String sql = "INSERT INTO " + CopyDdl.quote(engine, t.name()) + " (" + CopyDdl.columnList(engine, cols)
                + ") VALUES (" + String.join(", ", java.util.Collections.nCopies(cols.size(), "?")) + ")";
        boolean autoCommit = target.getAutoCommit();
        target.setAutoCommit(false);
        long n = 0;
        long sum = 0;
        try (PreparedStatement ps = target.prepareStatement(sql)) {
            int batchRows = 0;
            long batchBytes = 0;
            Object[] row;
            while ((row = rows.next()) != null) {
                sum += CopyValues.rowHash(row);
                for (int i = 0; i < row.length; i++) {
                    CopyValues.bind(ps, i + 1, row[i], engine);
                    batchBytes += CopyValues.size(row[i]);
                }
                ps.addBatch();
                n++;
                if (++batchRows >= BATCH_ROWS || batchBytes >= BATCH_BYTES) {
                    ps.executeBatch();
                    if (engine == Engine.MYSQL) {
                        target.commit();
                    }
                    batchRows = 0;
                    batchBytes = 0;
                    progress.accept(n);
                }
            }
            if (batchRows > 0) {
                ps.executeBatch();
            }
            target.commit();
            progress.accept(n);
            return new Copied(n, sum);
        } catch (SQLException | RuntimeException e) {
            target.rollback();
            throw e;
        } finally {
            target.setAutoCommit(autoCommit);
        }
    }
}
