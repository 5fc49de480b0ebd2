package dev.hubconsole.wizard;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The step implementations, one per kind; start-up fails if one is missing or doubled. */
@Component
class Steps {

    private final Map<StepKind, WizardStep> byKind = new EnumMap<>(StepKind.class);

    Steps(List<WizardStep> steps) {
        for (WizardStep step : steps) {
            if (byKind.put(step.kind(), step) != null) {
                throw new IllegalStateException("Two implementations of step " + step.kind());
            }
        }
        for (StepKind kind : StepKind.values()) {
            if (!byKind.containsKey(kind)) {
                throw new IllegalStateException("No implementation of step " + kind);
            }
        }
    }

    WizardStep of(StepKind kind) {
        return byKind.get(kind);
    }
}
