package dev.hubconsole.lifecycle;

import java.util.List;
import java.util.Objects;

/**
 * What {@link HubLogScanner#scanFrom} found. The lists keep the first {@link HubLogScanner#MAX_FINDINGS} lines of
 * each kind (the first error is usually the cause); the counts are complete.
 *
 * @param errors           {@code [E …]}, {@code [C …]}, {@code ERROR}, {@code CRITICAL}, tracebacks, refused start-up
 * @param warnings         {@code [W …]}, {@code WARNING}, proxy warnings (deprecations excluded)
 * @param deprecations     lines mentioning {@code DeprecationWarning} or {@code deprecated}
 * @param errorCount       how many error lines there were in all
 * @param warningCount     how many warning lines there were in all
 * @param deprecationCount how many deprecation lines there were in all
 * @param scannedFrom      byte offset the scan started at
 * @param endOffset        offset after the last complete line: pass it to the next {@code scanFrom}
 * @param restarted        true when the log was shorter than the requested offset (rotated or truncated) and was
 *                         therefore scanned from its start
 * @param note             one line for the admin about how the log was read, e.g. the rotation; empty if nothing
 */
public record LogFindings(List<LogLine> errors, List<LogLine> warnings, List<LogLine> deprecations,
        long errorCount, long warningCount, long deprecationCount, long scannedFrom, long endOffset,
        boolean restarted, String note) {

    public LogFindings {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        deprecations = List.copyOf(deprecations);
        Objects.requireNonNull(note, "note");
        if (errorCount < errors.size() || warningCount < warnings.size() || deprecationCount < deprecations.size()) {
            throw new IllegalArgumentException("A count is smaller than its list");
        }
        if (scannedFrom < 0 || endOffset < scannedFrom) {
            throw new IllegalArgumentException("Bad offsets: from " + scannedFrom + " to " + endOffset);
        }
    }

    /** Whether any error line was found. */
    public boolean hasErrors() {
        return errorCount > 0;
    }
}
