package dev.hubconsole.hubdb;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;

/**
 * Where a bulk load writes its rows, value by value, in the target's own load format (PostgreSQL's binary COPY,
 * MySQL's LOAD DATA text), so that values read from the source as bytes reach it without neutral objects.
 */
interface CopySink {

    void startRow();

    void nul();

    void integer(long v);

    void bool(boolean b);

    /** A datetime as microseconds since 1970-01-01 00:00 ({@link CopyValues#epochMicros}). */
    void dateTime(long epochMicros);

    void text(byte[] utf8, int off, int n);

    void blob(byte[] b, int off, int n);

    void endRow();

    /** The bytes written so far (since the last {@link #clear}). */
    int length();

    void clear();

    /** A neutral value of any type. */
    default void value(Object v) {
        if (v == null) {
            nul();
        } else if (v instanceof Long l) {
            integer(l);
        } else if (v instanceof Boolean b) {
            bool(b);
        } else if (v instanceof LocalDateTime t) {
            long micros;
            try {
                micros = Math.addExact(Math.multiplyExact(t.toLocalDate().toEpochDay(), CopyValues.MICROS_PER_DAY),
                        t.toLocalTime().toNanoOfDay() / 1000);
            } catch (ArithmeticException e) {
                throw new IllegalStateException(t + " is outside the range a target can hold", e);
            }
            dateTime(micros);
        } else if (v instanceof byte[] b) {
            blob(b, 0, b.length);
        } else {
            byte[] utf8 = ((String) v).getBytes(StandardCharsets.UTF_8);
            text(utf8, 0, utf8.length);
        }
    }
}
