package dev.hubconsole.wizard;

import java.util.Map;
import java.util.Optional;

/** A step could not do its work; the message is one line naming the problem and, where known, the fix. */
public class StepFailure extends RuntimeException {

    private final transient Map<String, Object> result;

    public StepFailure(String message) {
        this(message, (Map<String, Object>) null);
    }

    public StepFailure(String message, Throwable cause) {
        super(message, cause);
        this.result = null;
    }

    /** A failure that still records what the step found (e.g. the Plan's report with its blocking findings). */
    public StepFailure(String message, Map<String, Object> result) {
        super(message);
        this.result = result == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(result));
    }

    /** What the step found before it failed, if it says. */
    public Optional<Map<String, Object>> result() {
        return Optional.ofNullable(result);
    }
}
