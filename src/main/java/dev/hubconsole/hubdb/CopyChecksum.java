package dev.hubconsole.hubdb;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Verifies one copied table: both sides are read as neutral values ({@link CopyValues}, with the same whole-second
 * rule for MySQL/MariaDB targets) and hashed row by row ({@link RowHash}); a PostgreSQL target is read back through
 * a binary {@code COPY ... TO STDOUT} and hashed from its bytes ({@link PgBinaryCopy.Reader}). Tables with an integer
 * primary key are read in key order on both sides and compared row by row when the sums differ, so a difference names
 * its key; other tables compare the row count and an order-independent sum of the row hashes.
 */
final class CopyChecksum {

    /** The outcome: rows on the source, the checksum (hex) and the first mismatch, or {@code null}. */
    record Result(long rows, String checksum, String mismatch) {
    }

    private CopyChecksum() {
    }

    /**
     * Verifies the target against the rows and hash sum taken from the source while copying: reads only the target
     * (the source is read a second time, row by row in key order, only to name the key when they differ).
     */
    static Result verify(Connection source, Engine sourceEngine, Connection target, Engine targetEngine, CopyTable t,
            CopyTransfer.Copied copied) throws SQLException {
        long[] read = targetEngine == Engine.POSTGRESQL ? hashCopyOut(target, t) : null;
        if (read == null) {
            read = hashRows(target, targetEngine, t);
        }
        long rows = read[0];
        long sum = read[1];
        if (rows == copied.rows() && sum == copied.hashSum()) {
            return new Result(rows, Long.toHexString(sum), null);
        }
        Result detail = compare(source, sourceEngine, target, targetEngine, t);
        String mismatch = detail.mismatch() != null ? detail.mismatch() : copied.rows() + " rows copied with checksum "
                + Long.toHexString(copied.hashSum()) + ", the target holds " + rows + " with " + Long.toHexString(sum);
        return new Result(copied.rows(), null, mismatch);
    }

    static long[] hashRows(Connection target, Engine targetEngine, CopyTable t) throws SQLException {
        long rows = 0;
        long sum = 0;
        try (CopyTransfer.Rows b = new CopyTransfer.Rows(target, targetEngine, t, false, false,
                targetEngine == Engine.MYSQL)) {
            Object[] y;
            while ((y = b.next()) != null) {
                rows++;
                sum += CopyValues.rowHash(y);
            }
        }
        return new long[] {rows, sum};
    }

    /**
     * Reads a PostgreSQL table back through a binary {@code COPY ... TO STDOUT} and hashes each value straight from
     * the bytes ({@link PgBinaryCopy.Reader}; the same hash as {@link CopyValues#rowHash} of the value read through
     * JDBC). Returns {@code null} when a value is in a form a copy never writes; the caller then reads through JDBC.
     */
    static long[] hashCopyOut(Connection target, CopyTable t) throws SQLException {
        String sql = "COPY " + CopyDdl.quote(Engine.POSTGRESQL, t.name()) + " (" + CopyDdl.columnList(
                Engine.POSTGRESQL, t.target().columns().stream().map(ColumnDef::name).toList())
                + ") TO STDOUT (FORMAT binary)";
        CopyOut out = target.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
        try {
            return new PgBinaryCopy.Reader(out, PgBinaryCopy.Kind.of(t)).hashAll();
        } finally {
            if (out.isActive()) {
                out.cancelCopy();
            }
        }
    }

    static Result compare(Connection source, Engine sourceEngine, Connection target, Engine targetEngine, CopyTable t)
            throws SQLException {
        boolean wholeSeconds = targetEngine == Engine.MYSQL;
        boolean ordered = t.integerKey() != null;
        try (CopyTransfer.Rows a = new CopyTransfer.Rows(source, sourceEngine, t, true, ordered, wholeSeconds);
                CopyTransfer.Rows b = new CopyTransfer.Rows(target, targetEngine, t, false, ordered, wholeSeconds)) {
            long rowsA = 0;
            long rowsB = 0;
            long sumA = 0;
            long sumB = 0;
            long chain = 17;
            while (true) {
                Object[] x = a.next();
                Object[] y = b.next();
                if (x == null && y == null) {
                    break;
                }
                long hx = x == null ? 0 : CopyValues.rowHash(x);
                long hy = y == null ? 0 : CopyValues.rowHash(y);
                if (x != null) {
                    rowsA++;
                    sumA += hx;
                    chain = chain * 1_000_003L + hx;
                }
                if (y != null) {
                    rowsB++;
                    sumB += hy;
                }
                if (ordered) {
                    if (x == null) {
                        return new Result(rowsA, null, "the target has an extra row " + t.describeKey(y));
                    }
                    if (y == null) {
                        return new Result(rowsA, null, "the row " + t.describeKey(x) + " is missing on the target");
                    }
                    if (hx != hy) {
                        return new Result(rowsA, null, "the row " + t.describeKey(x) + " differs" + firstColumn(t, x,
                                y));
                    }
                }
            }
            if (rowsA != rowsB) {
                return new Result(rowsA, null, rowsA + " rows on the source, " + rowsB + " on the target");
            }
            if (sumA != sumB) {
                return new Result(rowsA, null, "the content checksum differs (" + Long.toHexString(sumA) + " on the "
                        + "source, " + Long.toHexString(sumB) + " on the target)");
            }
            return new Result(rowsA, Long.toHexString(ordered ? chain : sumA), null);
        }
    }

    private static String firstColumn(CopyTable t, Object[] x, Object[] y) {
        for (int i = 0; i < x.length; i++) {
            if (CopyValues.rowHash(new Object[] {x[i]}) != CopyValues.rowHash(new Object[] {y[i]})) {
                return " in column " + t.target().columns().get(i).name();
            }
        }
        return "";
    }
}
