package dev.hubconsole.hubdb;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.sql.SQLException;
import java.util.Arrays;
import org.postgresql.copy.CopyOut;

/**
 * PostgreSQL's binary COPY format, written for a copy into PostgreSQL and read back for its verification: a signature
 * header, per row a field count and per field its length ({@code -1} for NULL) and bytes, a {@code -1} trailer. The
 * values are the server's own binary forms of the column types a copy creates ({@link CopyDdl#type}): int4, int8,
 * bool, timestamp (microseconds since 2000-01-01), bytea as its bytes, and text, varchar and enums as UTF-8. The server
 * parses none of it as text, which halves its work on a load; it still checks lengths, encodings and enum labels.
 */
final class PgBinaryCopy {

    /** The PostgreSQL column type a neutral type is created as, for its binary form. */
    enum Kind {
        INT4 {
            @Override
            boolean hash(byte[] buf, int at, int n, RowHash hash) {
                if (n != 4) {
                    return false;
                }
                hash.integer((int) INT.get(buf, at));
                return true;
            }
        },
        INT8 {
            @Override
            boolean hash(byte[] buf, int at, int n, RowHash hash) {
                if (n != 8) {
                    return false;
                }
                hash.integer((long) LONG.get(buf, at));
                return true;
            }
        },
        BOOL {
            @Override
            boolean hash(byte[] buf, int at, int n, RowHash hash) {
                if (n != 1) {
                    return false;
                }
                hash.bool(buf[at] != 0);
                return true;
            }
        },
        TIMESTAMP {
            @Override
            boolean hash(byte[] buf, int at, int n, RowHash hash) {
                if (n != 8) {
                    return false;
                }
                long micros = (long) LONG.get(buf, at);
                if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) { // ±infinity
                    return false;
                }
                hash.dateTime(micros + PG_EPOCH);
                return true;
            }
        },
        BYTEA {
            @Override
            boolean hash(byte[] buf, int at, int n, RowHash hash) {
                hash.blob(buf, at, n);
                return true;
            }
        },
        TEXT {
            @Override
            boolean hash(byte[] buf, int at, int n, RowHash hash) {
                hash.text(buf, at, n);
                return true;
            }
        };

        /**
         * Hashes one non-NULL field of {@code n} bytes at {@code at}; false when it is in a form a copy never writes.
         * One method per kind (not a switch over them): the verification's loop then stays compiled as tables with
         * new kinds of columns come, instead of being compiled again for each.
         */
        abstract boolean hash(byte[] buf, int at, int n, RowHash hash);

        static Kind of(String neutralType) {
            return switch (neutralType) {
                case "INTEGER" -> INT4;
                case "BIGINT" -> INT8;
                case "BOOLEAN" -> BOOL;
                case "DATETIME" -> TIMESTAMP;
                case "BLOB" -> BYTEA;
                default -> TEXT;
            };
        }

        static Kind[] of(CopyTable t) {
            return Arrays.stream(t.types()).map(Kind::of).toArray(Kind[]::new);
        }
    }

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** 2000-01-01 00:00, PostgreSQL's epoch, in microseconds since 1970-01-01 00:00. */
    private static final long PG_EPOCH = 946_684_800_000_000L;
    /** 4714-11-24 BC, where PostgreSQL's timestamps start, in microseconds since 1970 (their end is past a long's). */
    private static final long MIN_MICROS = -210_866_803_200_000_000L;

    private PgBinaryCopy() {
    }

    /** Rows in the binary COPY format; each value goes in the binary form of its column's {@link Kind}. */
    static final class Writer extends CopyBuffer {
        private final Kind[] kinds;
        private int column;

        Writer(int capacity, Kind[] kinds) {
            super(capacity);
            this.kinds = kinds.clone();
            put(SIGNATURE, 0, SIGNATURE.length);
            int at = reserve(8);
            INT.set(array(), at, 0); // flags
            INT.set(array(), at + 4, 0); // header extension length
            advance(8);
        }

        @Override
        void startRow() {
            count(kinds.length);
            column = 0;
        }

        @Override
        void endRow() {
            if (column != kinds.length) {
                throw new IllegalStateException(column + " values in a row of " + kinds.length + " columns");
            }
        }

        /** Ends the data (after the last row). */
        void trailer() {
            count(-1);
        }

        @Override
        public void nul() {
            length(-1);
            column++;
        }

        /** An integer as int4 or int8; refuses (never wraps) an int4 outside 32 bits. */
        @Override
        public void integer(long v) {
            if (kinds[column] == Kind.INT4) {
                if (v != (int) v) {
                    throw new IllegalStateException(v + " does not fit the 32-bit INTEGER column");
                }
                INT.set(array(), length(4), (int) v);
                advance(4);
            } else {
                LONG.set(array(), length(8), v);
                advance(8);
            }
            column++;
        }

        @Override
        public void bool(boolean b) {
            array()[length(1)] = (byte) (b ? 1 : 0);
            advance(1);
            column++;
        }

        /** A timestamp; refuses one before PostgreSQL's first. */
        @Override
        public void dateTime(long epochMicros) {
            if (epochMicros < MIN_MICROS) {
                throw new IllegalStateException(CopyValues.ofEpochMicros(epochMicros) + " is outside PostgreSQL's "
                        + "timestamp range");
            }
            LONG.set(array(), length(8), epochMicros - PG_EPOCH);
            advance(8);
            column++;
        }

        /** Text as its UTF-8 bytes (the server checks the encoding). */
        @Override
        public void text(byte[] b, int off, int n) {
            blob(b, off, n);
        }

        @Override
        public void blob(byte[] b, int off, int n) {
            length(n);
            put(b, off, n);
            column++;
        }

        private void count(int fields) {
            SHORT.set(array(), reserve(2), (short) fields);
            advance(2);
        }

        /** Writes a field's length and returns where its {@code n} bytes go (room made). */
        private int length(int n) {
            int at = reserve(4 + Math.max(n, 0));
            INT.set(array(), at, n);
            advance(4);
            return at + 4;
        }
    }

    /**
     * Reads a binary {@code COPY ... TO STDOUT} and hashes each row into a {@link RowHash} as the neutral values it
     * holds, without building objects. The data arrives in messages that need not align with rows; a row is read from
     * one buffer, joined from two messages when it spans them.
     */
    static final class Reader {
        private final CopyOut in;
        private final Kind[] kinds;
        private byte[] buf = new byte[0];
        private int pos;
        private int end;
        private boolean understood = true;

        Reader(CopyOut in, Kind[] kinds) {
            this.in = in;
            this.kinds = kinds;
        }

        /**
         * Hashes every row: returns {rows, sum of row hashes}, or {@code null} when a value is in a form a copy never
         * writes (an infinite timestamp, a field of the wrong size), having read the stream to its end all the same.
         */
        long[] hashAll() throws SQLException {
            if (!need(SIGNATURE.length + 8) || !Arrays.equals(buf, pos, pos + SIGNATURE.length, SIGNATURE, 0,
                    SIGNATURE.length)) {
                throw new SQLException("the server sent no binary COPY header");
            }
            pos += SIGNATURE.length + 4;
            int extension = (int) INT.get(buf, pos);
            pos += 4;
            if (!need(extension)) {
                throw new SQLException("the binary COPY header is cut short");
            }
            pos += extension;
            RowHash hash = new RowHash();
            long rows = 0;
            long sum = 0;
            while (true) {
                if (!need(2)) {
                    throw new SQLException("the binary COPY data ended without its trailer");
                }
                short fields = (short) SHORT.get(buf, pos);
                pos += 2;
                if (fields == -1) {
                    break;
                }
                if (fields != kinds.length) {
                    understood = false;
                }
                for (int i = 0; i < fields; i++) {
                    field(i < kinds.length ? kinds[i] : Kind.BYTEA, hash);
                }
                sum += hash.endRow();
                rows++;
            }
            while (in.readFromCopy() != null) {
                understood = false; // nothing may follow the trailer
            }
            return understood ? new long[] {rows, sum} : null;
        }

        private void field(Kind kind, RowHash hash) throws SQLException {
            if (!need(4)) {
                throw new SQLException("the binary COPY data is cut short");
            }
            int n = (int) INT.get(buf, pos);
            pos += 4;
            if (n == -1) {
                hash.nul();
                return;
            }
            if (n < 0 || !need(n)) {
                throw new SQLException("the binary COPY data is cut short");
            }
            int at = pos;
            pos += n;
            if (!kind.hash(buf, at, n, hash)) {
                understood = false;
            }
        }

        /** Makes {@code n} bytes available from {@code pos}, taking further messages; false at the end of the data. */
        private boolean need(int n) throws SQLException {
            while (end - pos < n) {
                byte[] next = in.readFromCopy();
                if (next == null) {
                    return false;
                }
                if (pos == end) {
                    buf = next;
                    pos = 0;
                    end = next.length;
                } else {
                    byte[] joined = Arrays.copyOfRange(buf, pos, end + next.length);
                    System.arraycopy(next, 0, joined, end - pos, next.length);
                    end = end - pos + next.length;
                    pos = 0;
                    buf = joined;
                }
            }
            return true;
        }
    }
}
