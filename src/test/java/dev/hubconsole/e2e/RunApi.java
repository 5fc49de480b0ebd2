package dev.hubconsole.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubconsole.testsupport.RealJupyterHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The console's JSON API as an admin uses it in end-to-end tests: GET/POST with basic auth, running steps. */
final class RunApi {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final String user;
    private final String password;

    RunApi(String base, String user, String password) {
        this.base = base;
        this.user = user;
        this.password = password;
    }

    /** The JSON registration of a real hub, with its own start command and a given upgrade-db command. */
    static Map<String, Object> registration(String name, RealJupyterHub hub, List<String> upgradeDbCommand) {
        Map<String, Object> registration = new LinkedHashMap<>();
        registration.put("name", name);
        registration.put("workDir", hub.dir().toString());
        registration.put("configPath", hub.configFile().toString());
        registration.put("publicUrl", hub.publicUrl().toString());
        registration.put("apiUrl", hub.apiUrl().toString());
        registration.put("apiToken", hub.apiToken());
        registration.put("logFile", hub.logFile().toString());
        registration.put("stopCommand", hub.stopCommand());
        registration.put("startCommand", hub.startCommand());
        registration.put("statusCommand", hub.statusCommand());
        registration.put("upgradeDbCommand", upgradeDbCommand);
        registration.put("versionCommand", List.of(RealJupyterHub.PYTHON, "-m", "jupyterhub", "--version"));
        return registration;
    }

    /** Starts a step and waits until no step runs; asserts the step's state. */
    void step(long runId, String step, Map<String, String> input, String expected) throws Exception {
        post("/api/runs/" + runId + "/steps/" + step + "/start", Map.of("input", input), 202);
        JsonNode run = awaitNotRunning(runId);
        assertThat(stateOf(run, step.toUpperCase())).as(step + ": " + run).isEqualTo(expected);
    }

    JsonNode awaitNotRunning(long runId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            JsonNode run = get("/api/runs/" + runId);
            boolean running = run.get("steps").valueStream().anyMatch(s -> "RUNNING".equals(s.get("state").asText()));
            if (!running) {
                return run;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("still running: " + run);
            }
            Thread.sleep(300);
        }
    }

    static String stateOf(JsonNode run, String kind) {
        return run.get("steps").valueStream().filter(s -> kind.equals(s.get("kind").asText()))
                .map(s -> s.get("state").asText()).findFirst().orElse("(none)");
    }

    JsonNode get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), 200);
    }

    JsonNode post(String path, Object body, int expected) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(publisher), expected);
    }

    private JsonNode send(HttpRequest.Builder request, int expected) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.header("Authorization", "Basic "
                + basic).header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        return JSON.readTree(response.body());
    }
}
