package dev.hubconsole.hubdb;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.Objects;

/**
 * Content checksums of tables from normalised values, the same values and row hash the copy verifies with
 * ({@link CopyValues}): integers as numbers, booleans as booleans ({@code t}, {@code true} and {@code 1} alike),
 * naive date-times as date-times to the microsecond (however the engine spells them), binary columns as bytes and
 * everything else as the engine's text. A table's checksum is the order-independent sum of its rows' 64-bit hashes,
 * so two reads of the same rows agree whatever order a scan returns them in, and one changed value changes it.
 *
 * <p>Values can be fed from a query ({@link #of}) or from anywhere else that has the engine's text form of each
 * value ({@link Sum}), e.g. a dump file, so that a dump and the database restored from it can be compared.
 */
public final class TableChecksums {

    private static final int FETCH_SIZE = 1000;

    private TableChecksums() {
    }

    /** How a column's values are normalised before they are hashed. */
    public enum Kind {
        /** Whole numbers and bit strings ({@code b'0101'}): a {@code long} when the text is one, else the text. */
        INTEGER,
        /** {@code t}/{@code true}/{@code 1} and {@code f}/{@code false}/{@code 0}; other numbers as INTEGER. */
        BOOLEAN,
        /** A naive date and time to the microsecond when the text is one, else the text. */
        DATETIME,
        /** Raw bytes. */
        BYTES,
        /** The text as it is. */
        TEXT;

        /** The kind of column {@code column} (1-based) of a result, from its JDBC type. */
        public static Kind of(ResultSetMetaData meta, int column) throws SQLException {
            return switch (meta.getColumnType(column)) {
                case Types.BOOLEAN -> BOOLEAN;
                case Types.BIT -> meta.getPrecision(column) <= 1 ? BOOLEAN : INTEGER;
                case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> INTEGER;
                case Types.TIMESTAMP -> DATETIME;
                case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> BYTES;
                default -> TEXT;
            };
        }

        /**
         * The normalised value of {@code raw}: {@code null}, the engine's text form of the value ({@link String}),
         * or its bytes ({@code byte[]}, for BYTES columns; text given for a BYTES column is taken as UTF-8).
         */
        Object normalise(Object raw) {
            if (raw == null) {
                return null;
            }
            if (this == BYTES) {
                return raw instanceof byte[] bytes ? bytes : ((String) raw).getBytes(StandardCharsets.UTF_8);
            }
            String text = raw instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : (String) raw;
            return switch (this) {
                case BOOLEAN -> bool(text);
                case INTEGER -> integer(text);
                case DATETIME -> dateTime(text);
                default -> text;
            };
        }

        private static Object bool(String text) {
            return switch (text) {
                case "t", "true", "TRUE", "1" -> Boolean.TRUE;
                case "f", "false", "FALSE", "0" -> Boolean.FALSE;
                default -> integer(text);
            };
        }

        private static Object integer(String text) {
            try {
                if (text.startsWith("b'") && text.endsWith("'") && text.length() > 2) {
                    String bits = text.substring(2, text.length() - 1);
                    return bits.isEmpty() ? 0L : Long.parseUnsignedLong(bits, 2);
                }
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return text;
            }
        }

        private static Object dateTime(String text) {
            try {
                java.time.LocalDateTime t = CopyValues.parseSqlite(text);
                return t.withNano(t.getNano() / 1000 * 1000);
            } catch (IllegalStateException e) {
                return text;
            }
        }
    }

    /**
     * The running checksum of one table: rows are added one at a time, in any order.
     */
    public static final class Sum {

        private final Kind[] kinds;
        private long rows;
        private long sum;

        /** A checksum of rows whose columns have these kinds, in order. */
        public Sum(List<Kind> kinds) {
            this.kinds = kinds.toArray(Kind[]::new);
        }

        /**
         * Adds one row: for each column, {@code null}, the engine's text form of the value, or bytes for a BYTES
         * column.
         *
         * @throws IllegalArgumentException when the row has another number of values than there are columns
         */
        public void add(Object[] raw) {
            if (raw.length != kinds.length) {
                throw new IllegalArgumentException("a row of " + raw.length + " values for " + kinds.length
                        + " columns");
            }
            Object[] row = new Object[raw.length];
            for (int i = 0; i < raw.length; i++) {
                row[i] = kinds[i].normalise(raw[i]);
            }
            sum += CopyValues.rowHash(row);
            rows++;
        }

        /** Rows added so far. */
        public long rows() {
            return rows;
        }

        /** The checksum: 16 lower-case hex digits. */
        public String hex() {
            return String.format("%016x", sum);
        }
    }

    /**
     * The checksum of every row {@code query} returns (e.g. {@code SELECT * FROM "users"}), read in the connection's
     * current transaction: BYTES columns with {@code getBytes}, all others with {@code getString}.
     */
    public static String of(Connection connection, String query) throws SQLException {
        Objects.requireNonNull(query, "query");
        try (Statement statement = connection.createStatement()) {
            statement.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = statement.executeQuery(query)) {
                ResultSetMetaData meta = rs.getMetaData();
                int n = meta.getColumnCount();
                Kind[] kinds = new Kind[n];
                for (int i = 0; i < n; i++) {
                    kinds[i] = Kind.of(meta, i + 1);
                }
                Sum sum = new Sum(List.of(kinds));
                Object[] raw = new Object[n];
                while (rs.next()) {
                    for (int i = 0; i < n; i++) {
                        raw[i] = kinds[i] == Kind.BYTES ? rs.getBytes(i + 1) : rs.getString(i + 1);
                    }
                    sum.add(raw);
                }
                return sum.hex();
            }
        }
    }
}
