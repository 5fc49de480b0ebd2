package dev.hubconsole.wizard;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a step ended when it did not fail.
 *
 * @param skipped true when the step found nothing to do (e.g. the schema is at head already)
 * @param summary one line for the run page and the audit trail
 * @param result  what later steps and the page need (JSON-serialisable values)
 */
public record StepOutcome(boolean skipped, String summary, Map<String, Object> result) {

    public StepOutcome {
        if (summary == null || summary.isBlank()) {
            throw new IllegalArgumentException("a step outcome needs a summary");
        }
        result = result == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(result));
    }

    /** The step did its work. */
    public static StepOutcome succeeded(String summary, Map<String, Object> result) {
        return new StepOutcome(false, summary, result);
    }

    /** The step had nothing to do. */
    public static StepOutcome skipped(String summary, Map<String, Object> result) {
        return new StepOutcome(true, summary, result);
    }
}
