package dev.hubconsole.hubdb;

import java.nio.charset.StandardCharsets;
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
 * Streams one table's rows from the source to the target: PostgreSQL through COPY (text format, 1 MB chunks),
 * MySQL/MariaDB and SQLite through batched prepared INSERTs (batches capped by rows and bytes). Rows are read with a
 * fetch size, converted to neutral values ({@link CopyValues}) and never collected: memory stays flat whatever the
 * table's size. Also reads tables back for the verification.
 */
final class CopyTransfer {

    private static final int FETCH = 2000;
    private static final int BATCH_ROWS = 2000;
    private static final int BATCH_BYTES = 4 << 20;
    private static final int COPY_CHUNK = 1 << 20;

    private CopyTransfer() {
    }

    /** The SELECT that reads the table's columns from one side, ordered by an integer key when asked. */
    static String select(CopyTable t, Engine engine, boolean sourceSide, boolean ordered) {
        List<String> cols = new ArrayList<>();
        for (int i = 0; i < t.target().columns().size(); i++) {
            String name = sourceSide ? t.sourceColumns().get(i) : t.target().columns().get(i).name();
            cols.add(name == null ? "NULL" : CopyDdl.quote(engine, name));
        }
        String sql = "SELECT " + String.join(", ", cols) + " FROM " + CopyDdl.quote(engine, t.name());
        int[] key = t.integerKey();
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
            this.engine = engine;
            this.types = t.types();
            this.wholeSeconds = wholeSeconds;
            this.filter = sourceSide ? t.sourceFilter() : null;
            this.statement = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(FETCH);
            this.rs = statement.executeQuery(select(t, engine, sourceSide, ordered));
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
        boolean wholeSeconds = targetEngine == Engine.MYSQL;
        try (Rows rows = new Rows(source, sourceEngine, t, true, targetEngine != Engine.POSTGRESQL, wholeSeconds)) {
            return targetEngine == Engine.POSTGRESQL ? copyIn(rows, target, t, progress)
                    : insert(rows, target, targetEngine, t, progress);
        }
    }

    private static Copied copyIn(Rows rows, Connection target, CopyTable t, LongConsumer progress) throws SQLException {
        List<String> cols = t.target().columns().stream().map(ColumnDef::name).toList();
        String sql = "COPY " + CopyDdl.quote(Engine.POSTGRESQL, t.name()) + " (" + CopyDdl.columnList(
                Engine.POSTGRESQL, cols) + ") FROM STDIN";
        CopyIn in = target.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        long n = 0;
        long sum = 0;
        try {
            StringBuilder buf = new StringBuilder(COPY_CHUNK + 65536);
            Object[] row;
            while ((row = rows.next()) != null) {
                sum += CopyValues.rowHash(row);
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        buf.append('\t');
                    }
                    CopyValues.appendCopyText(buf, row[i]);
                }
                buf.append('\n');
                n++;
                if (buf.length() >= COPY_CHUNK) {
                    byte[] bytes = buf.toString().getBytes(StandardCharsets.UTF_8);
                    in.writeToCopy(bytes, 0, bytes.length);
                    buf.setLength(0);
                    progress.accept(n);
                }
            }
            byte[] bytes = buf.toString().getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(bytes, 0, bytes.length);
            in.endCopy();
            progress.accept(n);
            return new Copied(n, sum);
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
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
