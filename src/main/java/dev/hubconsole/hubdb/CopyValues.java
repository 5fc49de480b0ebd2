package dev.hubconsole.hubdb;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Arrays;

/**
 * The engine-neutral values of a copy and how each engine reads and writes them. A value is {@code null},
 * {@link Long} (INTEGER, BIGINT), {@link Boolean}, {@link LocalDateTime} (naive, microseconds), {@code byte[]} (BLOB)
 * or {@link String} (VARCHAR, TEXT, ENUM and any type mapped to TEXT). The same reading serves the copy and both
 * sides of the verification, so that a checksum compares what the hub would read, not how an engine spells it.
 */
final class CopyValues {

    /** SQLAlchemy's SQLite storage format: always six fractional digits. */
    static final DateTimeFormatter SQLITE_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter LENIENT = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm")
            .optionalStart().appendPattern(":ss").optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter().withResolverStyle(java.time.format.ResolverStyle.STRICT);

    private CopyValues() {
    }

    /** Reads column {@code i} as the neutral type {@code type}; {@code wholeSeconds} drops fractions of seconds. */
    static Object read(ResultSet rs, int i, Engine engine, String type, boolean wholeSeconds) throws SQLException {
        switch (type) {
            case "INTEGER", "BIGINT" -> {
                long v = rs.getLong(i);
                return rs.wasNull() ? null : v;
            }
            case "BOOLEAN" -> {
                if (engine == Engine.SQLITE) {
                    long v = rs.getLong(i);
                    return rs.wasNull() ? null : v != 0;
                }
                boolean v = rs.getBoolean(i);
                return rs.wasNull() ? null : v;
            }
            case "DATETIME" -> {
                LocalDateTime v = engine == Engine.SQLITE ? parseSqlite(rs.getString(i))
                        : rs.getObject(i, LocalDateTime.class);
                return v == null ? null : wholeSeconds ? v.withNano(0) : v.withNano(v.getNano() / 1000 * 1000);
            }
            case "BLOB" -> {
                return rs.getBytes(i);
            }
            default -> {
                return rs.getString(i);
            }
        }
    }

    static LocalDateTime parseSqlite(String text) {
        if (text == null) {
            return null;
        }
        LocalDateTime fast = parseCanonical(text);
        if (fast != null) {
            return fast;
        }
        try {
            return LocalDateTime.parse(text.strip(), LENIENT);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("'" + shorten(text) + "' is not a date and time", e);
        }
    }

    /** {@code YYYY-MM-DD HH:MM:SS[.f{1,9}]} without a formatter (the copy's hot path), or {@code null}. */
    private static LocalDateTime parseCanonical(String t) {
        int n = t.length();
        if (n < 19 || t.charAt(4) != '-' || t.charAt(7) != '-' || (t.charAt(10) != ' ' && t.charAt(10) != 'T')
                || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return null;
        }
        int nanos = 0;
        if (n > 19) {
            if (t.charAt(19) != '.' || n == 20 || n > 29) {
                return null;
            }
            int scale = 100_000_000;
            for (int i = 20; i < n; i++) {
                int d = t.charAt(i) - '0';
                if (d < 0 || d > 9) {
                    return null;
                }
                nanos += d * scale;
                scale /= 10;
            }
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static int digits(String t, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int d = t.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static final int[] SCALE = {1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};
    static final long MICROS_PER_DAY = 86_400_000_000L;
    /** What {@link #parseDateTime} returns for bytes it does not take. */
    static final long NOT_PARSED = Long.MIN_VALUE;

    /**
     * The microseconds since 1970-01-01 00:00 of the datetime spelled {@code YYYY-MM-DD HH:MM:SS[.f{1,6}]} in {@code b}
     * (ASCII, a space between date and time, as SQLAlchemy stores it on SQLite), read without building objects; or
     * {@link #NOT_PARSED} for any other spelling or an impossible date (the caller then takes {@link #parseSqlite}).
     */
    static long parseDateTime(byte[] b, int off, int n) {
        if (n < 19 || n == 20 || n > 26 || b[off + 4] != '-' || b[off + 7] != '-' || b[off + 10] != ' '
                || b[off + 13] != ':' || b[off + 16] != ':' || n > 19 && b[off + 19] != '.') {
            return NOT_PARSED;
        }
        int year = digits(b, off, 4);
        int month = digits(b, off + 5, 2);
        int day = digits(b, off + 8, 2);
        int hour = digits(b, off + 11, 2);
        int minute = digits(b, off + 14, 2);
        int second = digits(b, off + 17, 2);
        int micros = n > 19 ? digits(b, off + 20, n - 20) * SCALE[n - 20] : 0;
        if ((year | month | day | hour | minute | second | micros) < 0 || month < 1 || month > 12 || day < 1
                || day > (month == 2 ? (java.time.Year.isLeap(year) ? 29 : 28) : 30 + ((month + month / 8) & 1))
                || hour > 23 || minute > 59 || second > 59) {
            return NOT_PARSED;
        }
        return epochDay(year, month, day) * MICROS_PER_DAY + ((hour * 60L + minute) * 60 + second) * 1_000_000L
                + micros;
    }

    /**
     * The microseconds since 1970-01-01 00:00 of a datetime (its nanoseconds cut to microseconds); refuses one some
     * 290,000 years away, which a long cannot count in microseconds.
     */
    static long epochMicros(LocalDateTime t) {
        try {
            return Math.addExact(Math.multiplyExact(t.toLocalDate().toEpochDay(), MICROS_PER_DAY),
                    t.toLocalTime().toNanoOfDay() / 1000);
        } catch (ArithmeticException e) {
            throw new IllegalStateException(t + " is outside the range a copy can hold", e);
        }
    }

    /** The datetime of {@link #epochMicros}. */
    static LocalDateTime ofEpochMicros(long micros) {
        return LocalDateTime.of(java.time.LocalDate.ofEpochDay(Math.floorDiv(micros, MICROS_PER_DAY)),
                java.time.LocalTime.ofNanoOfDay(Math.floorMod(micros, MICROS_PER_DAY) * 1000));
    }

    /** The decimal value of {@code count} ASCII digits, or -1 if any is not one (no branch per digit: hot path). */
    private static int digits(byte[] b, int from, int count) {
        int v = 0;
        int bad = 0;
        for (int i = from; i < from + count; i++) {
            int d = b[i] - '0';
            bad |= d | (9 - d);
            v = v * 10 + d;
        }
        return bad < 0 ? -1 : v;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days inverse), as LocalDate counts them. */
    static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    /** Appends {@code YYYY-MM-DD HH:MM:SS.ffffff} (years 0-9999), as SQLAlchemy stores it on SQLite. */
    static StringBuilder appendDateTime(StringBuilder out, LocalDateTime t) {
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            return out.append(t.format(SQLITE_DATETIME));
        }
        pad(out, year, 4).append('-');
        pad(out, t.getMonthValue(), 2).append('-');
        pad(out, t.getDayOfMonth(), 2).append(' ');
        pad(out, t.getHour(), 2).append(':');
        pad(out, t.getMinute(), 2).append(':');
        pad(out, t.getSecond(), 2).append('.');
        return pad(out, t.getNano() / 1000, 6);
    }

    private static StringBuilder pad(StringBuilder out, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(s);
    }

    /** Binds a neutral value for an INSERT on SQLite or MySQL/MariaDB. */
    static void bind(PreparedStatement ps, int i, Object v, Engine engine) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.NULL);
        } else if (v instanceof Long l) {
            ps.setLong(i, l);
        } else if (v instanceof Boolean b) {
            if (engine == Engine.SQLITE) {
                ps.setInt(i, b ? 1 : 0);
            } else {
                ps.setBoolean(i, b);
            }
        } else if (v instanceof LocalDateTime t) {
            if (engine == Engine.SQLITE) {
                ps.setString(i, appendDateTime(new StringBuilder(26), t).toString());
            } else {
                ps.setObject(i, t);
            }
        } else if (v instanceof byte[] b) {
            ps.setBytes(i, b);
        } else {
            ps.setString(i, (String) v);
        }
    }

    /** A rough size in bytes, to cap the memory of a batch. */
    static int size(Object v) {
        if (v instanceof String s) {
            return s.length() * 2 + 16;
        }
        if (v instanceof byte[] b) {
            return b.length + 16;
        }
        return 16;
    }

    /** The 64-bit hash of a row of neutral values (type-tagged, so 1 and "1" and true differ): {@link RowHash}. */
    static long rowHash(Object[] row) {
        return RowHash.row(row);
    }

    /** A value shown in a finding: shortened, never more than 60 characters. */
    static String shorten(Object v) {
        String s = v instanceof byte[] b ? "<" + b.length + " bytes>" : v instanceof Object[] a ? Arrays.toString(a)
                : String.valueOf(v);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
