package dev.hubconsole.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How an external command ended. When {@code timedOut} is true the process tree was killed and
 * {@code exitCode} is whatever the killed process reported (typically 137 or 143).
 *
 * @param exitCode exit status of the direct process
 * @param timedOut whether the command ran into its timeout and was killed
 * @param elapsed  time from start until the direct process ended
 * @param tail     the last output lines (stdout and stderr merged), at most {@link CommandRunner#TAIL_LINES}
 */
public record CommandResult(int exitCode, boolean timedOut, Duration elapsed, List<String> tail) {

    public CommandResult {
        Objects.requireNonNull(elapsed, "elapsed");
        if (elapsed.isNegative()) {
            throw new IllegalArgumentException("elapsed must not be negative: " + elapsed);
        }
        tail = tail == null ? List.of() : List.copyOf(tail);
    }

    /** Exit status 0 and not timed out. */
    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }

    /** One line for logs and progress: {@code "exit 0 after 1.2 s"} or {@code "timed out after 30.0 s"}. */
    public String summary() {
        String seconds = String.format(java.util.Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0);
        return timedOut ? "timed out after " + seconds + " (killed)" : "exit " + exitCode + " after " + seconds;
    }
}
