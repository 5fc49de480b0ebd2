package dev.hubconsole.hubdb;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The identity of a source row during a copy: the neutral values ({@link CopyValues}) of the target's primary key
 * columns, or of every column when the table has none. The health check and the transfer read them the same way,
 * so a row the check found is recognised when it streams past. Also reads such partial rows from a result set.
 *
 * @param values the key values in key order ({@code byte[]} held as a {@link ByteBuffer}, so that equal bytes are
 *               equal keys); a list no one else changes
 */
record RowKey(List<Object> values) implements Comparable<RowKey> {

    private static final int FETCH = 2000;

    RowKey {
        Objects.requireNonNull(values, "values");
    }

    /** The positions (0-based, target columns) of the key: the primary key's columns, or all when there is none. */
    static int[] positions(CopyTable t) {
        List<ColumnDef> columns = t.target().columns();
        if (t.target().primaryKey() == null) {
            int[] all = new int[columns.size()];
            Arrays.setAll(all, i -> i);
            return all;
        }
        return t.target().primaryKey().columns().stream().mapToInt(c -> position(t, c)).toArray();
    }

    /** The position of a target column, or -1. */
    static int position(CopyTable t, String column) {
        List<ColumnDef> columns = t.target().columns();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        return -1;
    }

    /** The key of a row of the table's width. */
    static RowKey of(Object[] row, int[] positions) {
        Object[] values = new Object[positions.length];
        for (int k = 0; k < positions.length; k++) {
            Object v = row[positions[k]];
            values[k] = v instanceof byte[] b ? ByteBuffer.wrap(b) : v;
        }
        return new RowKey(Arrays.asList(values));
    }

    /** A row of the table's width holding only this key's values (for {@link CopyTable#describeKey}). */
    Object[] sparseRow(CopyTable t, int[] positions) {
        Object[] row = new Object[t.target().columns().size()];
        for (int k = 0; k < positions.length; k++) {
            Object v = values.get(k);
            row[positions[k]] = v instanceof ByteBuffer b ? b.array() : v;
        }
        return row;
    }

    /** The select list reading these positions of the source: {@code alias.column}, or NULL where it lacks one. */
    static String sourceColumns(CopyTable t, int[] positions, Engine engine, String alias) {
        List<String> out = new ArrayList<>();
        for (int p : positions) {
            String c = t.sourceColumns().get(p);
            out.add(c == null ? "NULL" : (alias == null ? "" : alias + ".") + CopyDdl.quote(engine, c));
        }
        return String.join(", ", out);
    }

    /** Reads these positions from the result set, starting at column {@code first}, into a row of the table's width. */
    static Object[] read(ResultSet rs, int first, CopyTable t, int[] positions, Engine engine, boolean wholeSeconds)
            throws SQLException {
        Object[] row = new Object[t.target().columns().size()];
        for (int k = 0; k < positions.length; k++) {
            row[positions[k]] = CopyValues.read(rs, first + k, engine, t.target().columns().get(positions[k]).type(),
                    wholeSeconds);
        }
        return row;
    }

    /** Receives the rows of a {@link #scan}. */
    interface Sink {
        /** One row of the table's width, only the scanned positions filled. */
        void accept(Object[] row) throws SQLException;
    }

    /**
     * Streams these positions of every source row (fetch size, forward only: memory stays flat) that matches
     * {@code where} (SQL on the source's column names, or empty).
     */
    static void scan(Connection source, Engine engine, CopyTable t, int[] positions, String where, boolean wholeSeconds,
            Sink sink) throws SQLException {
        String sql = "SELECT " + sourceColumns(t, positions, engine, null) + " FROM " + CopyDdl.quote(engine, t.name())
                + where;
        try (Statement s = source.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            s.setFetchSize(FETCH);
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    sink.accept(read(rs, 1, t, positions, engine, wholeSeconds));
                }
            }
        }
    }

    /** Orders numbers as numbers, then text, then anything else by its text; NULL first. */
    @Override
    public int compareTo(RowKey other) {
        for (int k = 0; k < Math.min(values.size(), other.values.size()); k++) {
            int c = compare(values.get(k), other.values.get(k));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(values.size(), other.values.size());
    }

    private static int compare(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }
}
