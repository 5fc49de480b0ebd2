package dev.hubconsole.wizard;

import java.util.Map;
import java.util.Optional;

/**
 * What the admin gave a step when starting it (form fields or JSON), as plain strings.
 *
 * @param values field name to value
 */
public record StepInput(Map<String, String> values) {

    public StepInput {
        values = values == null ? Map.of() : Map.copyOf(values);
    }

    /** No input. */
    public static StepInput none() {
        return new StepInput(Map.of());
    }

    /** A value, if given and not blank. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name)).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** True for a checkbox-style value ("true", "on", "yes"). */
    public boolean flag(String name) {
        return get(name).map(v -> v.equalsIgnoreCase("true") || v.equalsIgnoreCase("on") || v.equalsIgnoreCase("yes"))
                .orElse(false);
    }
}
