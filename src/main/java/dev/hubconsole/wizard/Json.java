package dev.hubconsole.wizard;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** JSON text of step inputs and results as stored in {@code run_steps}. */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final TypeReference<LinkedHashMap<String, String>> STRINGS = new TypeReference<>() {
    };

    private Json() {
    }

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    static Map<String, Object> object(String json) {
        return json == null ? Map.of() : MAPPER.readValue(json, OBJECT);
    }

    static StepInput input(String json) {
        return json == null ? StepInput.none() : new StepInput(MAPPER.readValue(json, STRINGS));
    }
}
