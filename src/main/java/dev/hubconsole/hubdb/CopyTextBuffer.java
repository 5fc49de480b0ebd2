package dev.hubconsole.hubdb;

import java.time.LocalDateTime;
import java.util.Arrays;

/**
 * Rows in PostgreSQL's COPY text format, written straight into a growable byte buffer (UTF-8): tab between values,
 * newline after each row, {@code \N} for NULL, backslash escapes for backslash, tab, newline and carriage return,
 * {@code \\x} and lowercase hex for bytea. One buffer per stream; it is flushed and {@link #clear() cleared} in chunks,
 * so its size stays near the chunk size whatever the table's.
 */
final class CopyTextBuffer {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;

    CopyTextBuffer(int capacity) {
        buf = new byte[capacity];
    }

    byte[] array() {
        return buf;
    }

    int length() {
        return len;
    }

    void clear() {
        len = 0;
    }

    CopyTextBuffer tab() {
        ensure(1);
        buf[len++] = '\t';
        return this;
    }

    CopyTextBuffer newline() {
        ensure(1);
        buf[len++] = '\n';
        return this;
    }

    CopyTextBuffer nul() {
        ensure(2);
        buf[len++] = '\\';
        buf[len++] = 'N';
        return this;
    }

    CopyTextBuffer bool(boolean b) {
        ensure(1);
        buf[len++] = (byte) (b ? 't' : 'f');
        return this;
    }

    CopyTextBuffer integer(long v) {
        ensure(20);
        if (v == Long.MIN_VALUE) {
            return ascii(Long.toString(v));
        }
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long x = v; x >= 10; x /= 10) {
            digits++;
        }
        for (int i = len + digits - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += digits;
        return this;
    }

    /** {@code YYYY-MM-DD HH:MM:SS.ffffff}, as {@link CopyValues#appendDateTime} spells it. */
    CopyTextBuffer dateTime(LocalDateTime t) {
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            return ascii(CopyValues.appendDateTime(new StringBuilder(), t).toString());
        }
        ensure(26);
        digits(year, 4);
        buf[len++] = '-';
        digits(t.getMonthValue(), 2);
        buf[len++] = '-';
        digits(t.getDayOfMonth(), 2);
        buf[len++] = ' ';
        digits(t.getHour(), 2);
        buf[len++] = ':';
        digits(t.getMinute(), 2);
        buf[len++] = ':';
        digits(t.getSecond(), 2);
        buf[len++] = '.';
        digits(t.getNano() / 1000, 6);
        return this;
    }

    /** Bytes copied as they are (the caller vouches that they need no escaping). */
    CopyTextBuffer raw(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    /** UTF-8 text, escaped. */
    CopyTextBuffer text(byte[] b, int off, int n) {
        ensure(n);
        int start = off;
        int end = off + n;
        for (int k = off; k < end; k++) {
            byte c = b[k];
            if (c != '\\' && c != '\t' && c != '\n' && c != '\r') {
                continue;
            }
            raw(b, start, k - start);
            ensure(2);
            buf[len++] = '\\';
            buf[len++] = (byte) (c == '\\' ? '\\' : c == '\t' ? 't' : c == '\n' ? 'n' : 'r');
            start = k + 1;
        }
        return raw(b, start, end - start);
    }

    /** A string as escaped UTF-8. */
    CopyTextBuffer text(String s) {
        byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return text(utf8, 0, utf8.length);
    }

    /** A bytea as {@code \\x} and hex (the backslash escaped for the text format). */
    CopyTextBuffer blob(byte[] b, int off, int n) {
        ensure(3 + 2 * n);
        buf[len++] = '\\';
        buf[len++] = '\\';
        buf[len++] = 'x';
        for (int k = off; k < off + n; k++) {
            buf[len++] = HEX[(b[k] >> 4) & 0xF];
            buf[len++] = HEX[b[k] & 0xF];
        }
        return this;
    }

    /** A neutral value of any type. */
    CopyTextBuffer value(Object v) {
        if (v == null) {
            return nul();
        } else if (v instanceof Long l) {
            return integer(l);
        } else if (v instanceof Boolean b) {
            return bool(b);
        } else if (v instanceof LocalDateTime t) {
            return dateTime(t);
        } else if (v instanceof byte[] b) {
            return blob(b, 0, b.length);
        }
        return text((String) v);
    }

    @Override
    public String toString() {
        return new String(buf, 0, len, java.nio.charset.StandardCharsets.UTF_8);
    }

    private CopyTextBuffer ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    private void digits(int v, int width) {
        for (int i = len + width - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += width;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
