package dev.hubconsole.shared;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Instants as the console stores them: ISO-8601 UTC text with milliseconds, sortable as text. */
public final class Times {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ISO_INSTANT;

    private Times() {
    }

    /** Formats an instant (truncated to milliseconds) for storage. */
    public static String format(Instant instant) {
        return instant == null ? null : FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /** Parses a stored instant; null stays null. */
    public static Instant parse(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
