package dev.hubconsole.lifecycle;

import java.util.Objects;

/**
 * One line of a hub log that the scanner picked out.
 *
 * @param offset byte offset of the line's start in the log file
 * @param text   the line without its line break and colour codes, cut at {@link HubLogScanner#MAX_LINE_CHARS}
 */
public record LogLine(long offset, String text) {

    public LogLine {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        Objects.requireNonNull(text, "text");
    }
}
