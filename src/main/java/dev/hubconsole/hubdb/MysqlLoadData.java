package dev.hubconsole.hubdb;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * MySQL/MariaDB's {@code LOAD DATA LOCAL INFILE} fed from a stream that the rows are written into while the driver
 * reads it (MariaDB Connector/J's {@code setLocalInfileInputStream}): no file, and never more than a chunk in memory.
 * The data is LOAD DATA's default text format: tab between values, newline after each row, {@code \N} for NULL,
 * backslash escapes; blobs go as hex through {@code UNHEX}, so the whole stream is valid UTF-8 text. Used only when
 * both the server ({@code local_infile}) and the connection ({@code allowLocalInfile}) allow it; otherwise the copy
 * inserts in batches.
 */
final class MysqlLoadData {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private MysqlLoadData() {
    }

    /** Whether LOAD DATA LOCAL works on this connection: the driver allows it and the server's local_infile is on. */
    static boolean available(Connection c) throws SQLException {
        if (!c.isWrapperFor(org.mariadb.jdbc.Connection.class)
                || !c.unwrap(org.mariadb.jdbc.Connection.class).getContext().getConf().allowLocalInfile()) {
            return false;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@GLOBAL.local_infile")) {
            return rs.next() && rs.getInt(1) == 1;
        }
    }

    /** The LOAD DATA statement for the table's columns, in the order the rows are written. */
    static String statement(CopyTable t) {
        List<String> targets = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        List<ColumnDef> columns = t.target().columns();
        for (int i = 0; i < columns.size(); i++) {
            String name = CopyDdl.quote(Engine.MYSQL, columns.get(i).name());
            if (columns.get(i).type().equals("BLOB")) {
                targets.add("@hex" + i);
                sets.add(name + " = UNHEX(@hex" + i + ")");
            } else {
                targets.add(name);
            }
        }
        return "LOAD DATA LOCAL INFILE 'rows.tsv' INTO TABLE " + CopyDdl.quote(Engine.MYSQL, t.name())
                + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' ("
                + String.join(", ", targets) + ")" + (sets.isEmpty() ? "" : " SET " + String.join(", ", sets));
    }

    /** Rows in LOAD DATA's text format. */
    static final class Writer extends CopyBuffer {
        private boolean first;

        Writer() {
            super(1 << 16);
        }

        @Override
        void startRow() {
            first = true;
        }

        @Override
        void endRow() {
            put('\n');
        }

        @Override
        public void nul() {
            separate();
            put('\\');
            put('N');
        }

        @Override
        public void integer(long v) {
            separate();
            String s = Long.toString(v);
            for (int i = 0; i < s.length(); i++) {
                put(s.charAt(i));
            }
        }

        @Override
        public void bool(boolean b) {
            separate();
            put(b ? '1' : '0');
        }

        /** {@code YYYY-MM-DD HH:MM:SS}, with {@code .ffffff} only when there is a fraction. */
        @Override
        public void dateTime(long epochMicros) {
            LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(epochMicros, CopyValues.MICROS_PER_DAY));
            if (day.getYear() < 0 || day.getYear() > 9999) {
                throw new IllegalStateException(day + " is outside MySQL's DATETIME range");
            }
            long time = Math.floorMod(epochMicros, CopyValues.MICROS_PER_DAY);
            separate();
            digits(day.getYear(), 4);
            put('-');
            digits(day.getMonthValue(), 2);
            put('-');
            digits(day.getDayOfMonth(), 2);
            put(' ');
            digits((int) (time / 3_600_000_000L), 2);
            put(':');
            digits((int) (time / 60_000_000 % 60), 2);
            put(':');
            digits((int) (time / 1_000_000 % 60), 2);
            if (time % 1_000_000 != 0) {
                put('.');
                digits((int) (time % 1_000_000), 6);
            }
        }

        /** UTF-8 text, with the separators, the escape character and NUL escaped. */
        @Override
        public void text(byte[] b, int off, int n) {
            separate();
            reserve(n);
            int start = off;
            for (int k = off; k < off + n; k++) {
                byte c = b[k];
                if (c != '\\' && c != '\t' && c != '\n' && c != 0) {
                    continue;
                }
                put(b, start, k - start);
                put('\\');
                put(c == '\\' ? '\\' : c == '\t' ? 't' : c == '\n' ? 'n' : '0');
                start = k + 1;
            }
            put(b, start, off + n - start);
        }

        /** A blob as hex, for the statement's {@code UNHEX}. */
        @Override
        public void blob(byte[] b, int off, int n) {
            separate();
            int at = reserve(2 * n);
            byte[] buf = array();
            for (int k = off; k < off + n; k++) {
                buf[at++] = HEX[(b[k] >> 4) & 0xF];
                buf[at++] = HEX[b[k] & 0xF];
            }
            advance(2 * n);
        }

        private void separate() {
            if (!first) {
                put('\t');
            }
            first = false;
        }

        private void digits(int v, int width) {
            int at = reserve(width);
            byte[] buf = array();
            for (int i = at + width - 1; i >= at; i--) {
                buf[i] = (byte) ('0' + v % 10);
                v /= 10;
            }
            advance(width);
        }
    }

    /**
     * The stream the driver reads as the file: each time it runs dry, the next chunk of rows is read from the source
     * and written. A failure while reading is kept ({@link #failure}) for the caller to throw as it was.
     */
    static final class Feed extends InputStream {
        private final CopyTransfer.SourceRows rows;
        private final Writer out = new Writer();
        private final int chunk;
        private final java.util.function.LongConsumer progress;
        private int pos;
        private Exception failure;

        Feed(CopyTransfer.SourceRows rows, int chunk, java.util.function.LongConsumer progress) {
            this.rows = rows;
            this.chunk = chunk;
            this.progress = progress;
        }

        Exception failure() {
            return failure;
        }

        @Override
        public int read(byte[] b, int off, int n) throws IOException {
            if (pos == out.length()) {
                out.clear();
                pos = 0;
                try {
                    while (out.length() < chunk && rows.next(out)) {
                        // the writer collects the rows
                    }
                } catch (SQLException | RuntimeException e) {
                    failure = e;
                    throw new IOException(e.getMessage(), e);
                }
                progress.accept(rows.copied().rows());
                if (out.length() == 0) {
                    return -1;
                }
            }
            int count = Math.min(n, out.length() - pos);
            System.arraycopy(out.array(), pos, b, off, count);
            pos += count;
            return count;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }
    }
}
