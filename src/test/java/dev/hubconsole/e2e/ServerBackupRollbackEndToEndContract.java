package dev.hubconsole.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubconsole.security.AccountManagement;
import dev.hubconsole.security.Role;
import dev.hubconsole.testsupport.RealJupyterHub;
import dev.hubconsole.testsupport.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Through the JSON API: a REAL JupyterHub 3.0 on a REAL database server. The Backup step dumps it, keeps an extra
 * file the admin lists and the package list, and verifies the backup by restoring it into a temporary database;
 * after an upgrade-db that damages the database and fails, Roll back restores the database (the damaged one kept
 * under another name) and the hub comes back with its users. One subclass per engine.
 */
abstract class ServerBackupRollbackEndToEndContract extends EndToEndSupport {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String PASSWORD = "server-backup-password-for-tests";
    static RealJupyterHub hub;
    static TestDatabases.Scratch database;

    @Autowired
    AccountManagement accounts;

    /** The console account of this engine's test (one Spring context serves all end-to-end tests). */
    abstract String user();

    /** The method the engine's backup records. */
    abstract String method();

    /** An upgrade-db command that damages the hub database (a half-applied table, renamed users), then fails. */
    abstract List<String> brokenUpgrade();

    /** Python source: with a DB-API connection {@code c}, half-apply a change and fail like a broken migration. */
    static String damage(String connect) {
        return "import sys; " + connect + "; cur = c.cursor(); "
                + "cur.execute('CREATE TABLE half_applied (x INTEGER)'); "
                + "cur.execute(\"UPDATE users SET name = CONCAT(name, '-damaged')\"); "
                + "c.commit(); print('ERROR: simulated migration failure'); sys.exit(3)";
    }

    /** SQL dropping a database kept aside by the rollback. */
    abstract String dropKept(String name);

    /** A running hub on a new scratch database of the engine. */
    static void startHub(TestDatabases.Scratch scratch, String dbUrl) {
        database = scratch;
        hub = RealJupyterHub.create();
        hub.appendConfig("c.JupyterHub.db_url = '" + dbUrl + "'");
        hub.start();
        hub.createUser("carol");
        hub.createUser("dave");
    }

    @AfterAll
    static void cleanUp() {
        if (hub != null) {
            hub.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void backsUpAVerifiedServerHubDatabaseAndRollsBackToItKeepingTheDamagedOne() throws Exception {
        accounts.createAccount(user(), PASSWORD, Role.ADMIN);
        Path proxyToken = Files.writeString(hub.dir().resolve("proxy-auth-token"), "proxy-secret\n");
        List<String> brokenUpgrade = brokenUpgrade();
        Map<String, Object> registration = new LinkedHashMap<>();
        registration.put("name", user() + "-hub");
        registration.put("workDir", hub.dir().toString());
        registration.put("configPath", hub.configFile().toString());
        registration.put("publicUrl", hub.publicUrl().toString());
        registration.put("apiUrl", hub.apiUrl().toString());
        registration.put("apiToken", hub.apiToken());
        registration.put("logFile", hub.logFile().toString());
        registration.put("stopCommand", hub.stopCommand());
        registration.put("startCommand", hub.startCommand());
        registration.put("statusCommand", hub.statusCommand());
        registration.put("upgradeDbCommand", brokenUpgrade);
        registration.put("versionCommand", List.of(RealJupyterHub.PYTHON, "-m", "jupyterhub", "--version"));
        long hubId = post("/api/hubs", registration, 201).get("id").asLong();

        long runId = post("/api/hubs/" + hubId + "/runs", null, 201).get("run").get("id").asLong();
        step(runId, "plan", Map.of(), "SUCCEEDED");
        JsonNode refused = post("/api/runs/" + runId + "/steps/backup/start", Map.of("input", Map.of()), 400);
        assertThat(refused.toString()).contains("temporary database");
        step(runId, "backup", Map.of("verifyInTemporaryDatabase", "true", "extraFiles", proxyToken.toString(),
                "packageListCommand", RealJupyterHub.PYTHON + " -m pip --version"), "SUCCEEDED");
        JsonNode backup = get("/api/runs/" + runId + "/results").get("BACKUP");
        assertThat(backup.get("verified").asBoolean()).as(backup.toString()).isTrue();
        assertThat(backup.get("databaseBackedUp").asBoolean()).isTrue();
        assertThat(backup.get("method").asText()).startsWith(method());
        assertThat(backup.get("extraFiles").toString()).contains("proxy-auth-token");
        Path backupDir = Path.of(backup.get("backupDir").asText());
        String manifest = Files.readString(backupDir.resolve("manifest.json"));
        assertThat(manifest).contains("\"users\" : 2").contains("packageList").contains("alembicRevision");
        assertThat(backupDir.resolve("files/proxy-auth-token")).exists();

        step(runId, "notify", Map.of("message", "Upgrade tonight", "windowStart", "2030-01-01T20:00",
                "windowEnd", "2030-01-01T21:00", "zone", "UTC"), "SUCCEEDED");
        step(runId, "shutdown", Map.of(), "SUCCEEDED");
        step(runId, "migrate", Map.of(), "FAILED");
        assertThat(userNames(database.jdbcUrl())).contains("carol-damaged");

        post("/api/runs/" + runId + "/rollback", Map.of(), 202);
        JsonNode run = awaitNotRunning(runId);
        assertThat(stateOf(run, "ROLLBACK")).as(run.toString()).isEqualTo("SUCCEEDED");
        JsonNode rollback = get("/api/runs/" + runId + "/results").get("ROLLBACK");
        String kept = rollback.get("movedAside").valueStream().map(JsonNode::asText)
                .filter(s -> s.startsWith("database ")).map(s -> s.substring("database ".length())).findFirst()
                .orElseThrow();
        try {
            assertRolledBack(runId, kept);
        } finally {
            new TestDatabases.Scratch(kept, "", database.serverUrl(), dropKept(kept)).close();
        }
    }

    private void assertRolledBack(long runId, String kept) throws Exception {

        assertThat(userNames(database.jdbcUrl())).contains("carol", "dave").doesNotContain("carol-damaged");
        assertThat(userNames(database.jdbcUrl().replace(database.name(), kept))).contains("carol-damaged");
        assertThat(hubGet(URI.create(hub.apiUrl() + "/users"), hub.apiToken()).body())
                .contains("\"carol\"").contains("\"dave\"");
        List<String> actions = get("/api/runs/" + runId + "/audit").valueStream()
                .map(e -> e.get("action").asText()).toList();
        assertThat(actions).contains("run.rollback", "run.rolled_back");
    }

    private static List<String> userNames(String jdbcUrl) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM users")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private void step(long runId, String step, Map<String, String> input, String expected) throws Exception {
        post("/api/runs/" + runId + "/steps/" + step + "/start", Map.of("input", input), 202);
        JsonNode run = awaitNotRunning(runId);
        assertThat(stateOf(run, step.toUpperCase())).as(step + ": " + run).isEqualTo(expected);
    }

    private JsonNode awaitNotRunning(long runId) throws Exception {
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

    private static String stateOf(JsonNode run, String kind) {
        return run.get("steps").valueStream().filter(s -> kind.equals(s.get("kind").asText()))
                .map(s -> s.get("state").asText()).findFirst().orElse("(none)");
    }

    private JsonNode get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).GET(), 200);
    }

    private JsonNode post(String path, Object body, int expected) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        return send(HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", "application/json")
                .POST(publisher), expected);
    }

    private JsonNode send(HttpRequest.Builder request, int expected) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user() + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.header("Authorization", "Basic "
                + basic).header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        return JSON.readTree(response.body());
    }
}
