package dev.hubconsole.hubdb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the rows PostgreSQL prints with {@code COPY ... TO STDOUT} (text format, DateStyle ISO, bytea as hex) field
 * by field and hashes each value into a {@link RowHash} as the neutral value it stands for, without building strings
 * or objects: {@code \N} is NULL, {@code t}/{@code f} booleans, decimal integers, {@code YYYY-MM-DD HH:MM:SS[.f]}
 * datetimes, {@code \\x} and hex for bytea, and text with PostgreSQL's backslash escapes undone. A field in any other
 * form is refused ({@link #hashInto} returns false), so that the caller can read the table another way.
 */
final class CopyTextReader {

    private byte[] line;
    private int end;
    private int pos;
    private int from;
    private int to;
    private byte[] scratch = new byte[256];

    /** Starts a row (a line as COPY sends it, with or without its final newline). */
    void line(byte[] row) {
        line = row;
        end = row.length > 0 && row[row.length - 1] == '\n' ? row.length - 1 : row.length;
        pos = 0;
    }

    /** Moves to the next field; false when the row has no more. */
    boolean next() {
        if (pos > end) {
            return false;
        }
        from = pos;
        int k = pos;
        while (k < end && line[k] != '\t') {
            k++;
        }
        to = k;
        pos = k + 1;
        return true;
    }

    /** Whether every field of the row was read. */
    boolean atEnd() {
        return pos > end;
    }

    /** Hashes the current field as a value of the neutral {@code type}; false when it is not spelled as expected. */
    boolean hashInto(String type, RowHash hash) {
        int n = to - from;
        if (n == 2 && line[from] == '\\' && line[from + 1] == 'N') {
            hash.nul();
            return true;
        }
        switch (type) {
            case "INTEGER", "BIGINT" -> {
                return integer(hash);
            }
            case "BOOLEAN" -> {
                if (n != 1 || line[from] != 't' && line[from] != 'f') {
                    return false;
                }
                hash.bool(line[from] == 't');
                return true;
            }
            case "DATETIME" -> {
                return CopyValues.hashDateTime(line, from, n, hash);
            }
            case "BLOB" -> {
                return blob(hash);
            }
            default -> {
                return text(hash);
            }
        }
    }

    private boolean integer(RowHash hash) {
        int k = from;
        boolean negative = k < to && line[k] == '-';
        if (negative) {
            k++;
        }
        if (to - k == 19) { // near the ends of a long: parse with overflow checks
            try {
                hash.integer(Long.parseLong(new String(line, from, to - from, StandardCharsets.US_ASCII)));
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (to - k < 1 || to - k > 18) {
            return false;
        }
        long v = 0;
        for (; k < to; k++) {
            int d = line[k] - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            v = v * 10 + d;
        }
        hash.integer(negative ? -v : v);
        return true;
    }

    private boolean blob(RowHash hash) {
        int n = to - from;
        if (n < 3 || line[from] != '\\' || line[from + 1] != '\\' || line[from + 2] != 'x' || (n - 3) % 2 != 0) {
            return false;
        }
        int size = (n - 3) / 2;
        byte[] out = room(size);
        for (int i = 0; i < size; i++) {
            int hi = Character.digit(line[from + 3 + 2 * i], 16);
            int lo = Character.digit(line[from + 4 + 2 * i], 16);
            if (hi < 0 || lo < 0) {
                return false;
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        hash.blob(out, 0, size);
        return true;
    }

    private boolean text(RowHash hash) {
        int k = from;
        while (k < to && line[k] != '\\') {
            k++;
        }
        if (k == to) {
            hash.text(line, from, to - from);
            return true;
        }
        byte[] out = room(to - from);
        int size = k - from;
        System.arraycopy(line, from, out, 0, size);
        for (; k < to; k++) {
            byte c = line[k];
            if (c == '\\') {
                if (++k == to) {
                    return false;
                }
                int unescaped = switch (line[k]) {
                    case '\\' -> '\\';
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'v' -> 0x0B;
                    default -> -1;
                };
                if (unescaped < 0) {
                    return false;
                }
                c = (byte) unescaped;
            }
            out[size++] = c;
        }
        hash.text(out, 0, size);
        return true;
    }

    private byte[] room(int size) {
        if (scratch.length < size) {
            scratch = Arrays.copyOf(scratch, Math.max(size, scratch.length * 2));
        }
        return scratch;
    }
}
