package dev.hubconsole.wizard;

import dev.hubconsole.security.SecretCipher;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Step inputs as stored in {@code run_steps}: the fields a step declares secret ({@link WizardStep#secretInputs()},
 * e.g. a target database URL with its password) are encrypted with the console's key before they are written and
 * decrypted when a step reads them; the rest is plain JSON.
 */
@Component
class SealedInputs {

    private final SecretCipher cipher;
    private final Steps steps;

    SealedInputs(SecretCipher cipher, Steps steps) {
        this.cipher = cipher;
        this.steps = steps;
    }

    /** The JSON to store for a step's input. */
    String write(StepKind kind, StepInput input) {
        Map<String, String> values = new LinkedHashMap<>(input.values());
        for (String key : steps.of(kind).secretInputs()) {
            values.computeIfPresent(key, (k, v) -> cipher.encrypt(v));
        }
        return Json.write(values);
    }

    /** A stored input, with its secret fields decrypted. */
    StepInput read(StepKind kind, String json) {
        StepInput stored = Json.input(json);
        Map<String, String> values = new LinkedHashMap<>(stored.values());
        for (String key : steps.of(kind).secretInputs()) {
            values.computeIfPresent(key, (k, v) -> cipher.decrypt(v));
        }
        return new StepInput(values);
    }
}
