package dev.hubconsole.hubdb;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;

/**
 * What takes a copy's values one by one, in the neutral types of {@link CopyValues}: a target's load format
 * ({@link CopyBuffer}) or the row hash ({@link RowHash}). Values read from the source as bytes reach both without
 * neutral objects; {@link #value} takes the objects where they exist.
 */
interface CopySink {

    void nul();

    void integer(long v);

    void bool(boolean b);

    /** A datetime as microseconds since 1970-01-01 00:00 ({@link CopyValues#epochMicros}). */
    void dateTime(long epochMicros);

    void text(byte[] utf8, int off, int n);

    void blob(byte[] b, int off, int n);

    /** A neutral value of any type. */
    default void value(Object v) {
        if (v == null) {
            nul();
        } else if (v instanceof Long l) {
            integer(l);
        } else if (v instanceof Boolean b) {
            bool(b);
        } else if (v instanceof LocalDateTime t) {
            dateTime(CopyValues.epochMicros(t));
        } else if (v instanceof byte[] b) {
            blob(b, 0, b.length);
        } else {
            byte[] utf8 = ((String) v).getBytes(StandardCharsets.UTF_8);
            text(utf8, 0, utf8.length);
        }
    }
}
