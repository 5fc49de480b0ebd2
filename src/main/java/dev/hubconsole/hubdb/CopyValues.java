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

    /** Appends a neutral value in PostgreSQL's COPY text format. */
    static void appendCopyText(StringBuilder out, Object v) {
        if (v == null) {
            out.append("\\N");
        } else if (v instanceof Long l) {
            out.append(l.longValue());
        } else if (v instanceof Boolean b) {
            out.append(b ? 't' : 'f');
        } else if (v instanceof LocalDateTime t) {
            appendDateTime(out, t);
        } else if (v instanceof byte[] b) {
            out.append("\\\\x");
            for (byte x : b) {
                out.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
            }
        } else {
            String s = (String) v;
            int start = 0;
            for (int k = 0; k < s.length(); k++) {
                char c = s.charAt(k);
                if (c != '\\' && c != '\t' && c != '\n' && c != '\r') {
                    continue;
                }
                out.append(s, start, k);
                start = k + 1;
                switch (c) {
                    case '\\' -> out.append("\\\\");
                    case '\t' -> out.append("\\t");
                    case '\n' -> out.append("\\n");
                    default -> out.append("\\r");
                }
            }
            out.append(s, start, s.length());
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

    /** The 64-bit hash of a row of neutral values (type-tagged, so 1 and "1" and true differ). */
    static long rowHash(Object[] row) {
        long h = 0xcbf29ce484222325L;
        for (Object v : row) {
            long x;
            if (v == null) {
                x = 0x4E;
            } else if (v instanceof Long l) {
                x = finish(l * 0x9E3779B97F4A7C15L + 0x49);
            } else if (v instanceof Boolean b) {
                x = b ? 0x54 : 0x46;
            } else if (v instanceof LocalDateTime t) {
                x = finish(t.toLocalDate().toEpochDay() * 0x9E3779B97F4A7C15L + t.toLocalTime().toNanoOfDay() + 0x44);
            } else if (v instanceof byte[] b) {
                long p = 0x42 + b.length;
                for (byte c : b) {
                    p = p * 1_099_511_628_211L + c;
                }
                x = finish(p);
            } else {
                String s = (String) v;
                long p = 0x53 + s.length();
                for (int k = 0; k < s.length(); k++) {
                    p = p * 1_099_511_628_211L + s.charAt(k);
                }
                x = finish(p);
            }
            h = (h ^ x) * 0x100000001b3L + (h >>> 31);
        }
        return finish(h);
    }

    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /** A value shown in a finding: shortened, never more than 60 characters. */
    static String shorten(Object v) {
        String s = v instanceof byte[] b ? "<" + b.length + " bytes>" : v instanceof Object[] a ? Arrays.toString(a)
                : String.valueOf(v);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
