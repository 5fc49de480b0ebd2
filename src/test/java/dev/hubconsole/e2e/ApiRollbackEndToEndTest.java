package dev.hubconsole.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubconsole.security.AccountManagement;
import dev.hubconsole.security.Role;
import dev.hubconsole.testsupport.RealJupyterHub;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Through the JSON API: a run against a REAL running JupyterHub 3.0 whose upgrade-db command fails after
 * damaging the database. Roll back restores the database byte for byte (SHA-256 of the backup) and the hub
 * comes back healthy with its users.
 */
class ApiRollbackEndToEndTest extends EndToEndSupport {

        static final String USER = "e2e-api";
    static final String PASSWORD = "api-password-for-tests";
    static RealJupyterHub hub;

    @Autowired
    AccountManagement accounts;

    @BeforeAll
    static void runningHub() {
        hub = RealJupyterHub.create().start();
        hub.createUser("carol");
        hub.createUser("dave");
    }

    @AfterAll
    static void stopHub() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void rollbackRestoresTheDatabaseByteForByteAfterAFailedUpgradeAndTheHubComesBack() throws Exception {
        accounts.createAccount(USER, PASSWORD, Role.ADMIN);
        // An upgrade-db that half-applies a change to the database, then fails (as a broken migration would).
        List<String> brokenUpgrade = List.of(RealJupyterHub.PYTHON, "-c",
                "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                        + "c.execute('CREATE TABLE half_applied (x INTEGER)'); c.execute('DELETE FROM users'); "
                        + "c.commit(); print('ERROR: simulated migration failure'); sys.exit(3)",
                hub.dbFile().toString());
        // The admin's start command records the database's checksum at the moment the hub is started, i.e. right
        // after the restore and before the hub writes to it.
        List<String> start = new java.util.ArrayList<>(List.of("bash", "-c",
                "sha256sum jupyterhub.sqlite | cut -d' ' -f1 > db-sha-at-start.txt && exec \"$@\"", "start"));
        start.addAll(hub.startCommand());
        Map<String, Object> registration = RunApi.registration("api-hub", hub, brokenUpgrade);
        registration.put("startCommand", start);
        RunApi api = new RunApi(base(), USER, PASSWORD);
        JsonNode registered = api.post("/api/hubs", registration, 201);
        assertThat(registered.toString()).doesNotContain(hub.apiToken());
        long hubId = registered.get("id").asLong();

        long runId = api.post("/api/hubs/" + hubId + "/runs", null, 201).get("run").get("id").asLong();
        api.step(runId, "plan", Map.of(), "SUCCEEDED");
        api.step(runId, "backup", Map.of(), "SUCCEEDED");
        api.step(runId, "notify", Map.of("message", "Upgrade tonight", "windowStart", "2030-01-01T20:00",
                "windowEnd", "2030-01-01T21:00", "zone", "UTC"), "SUCCEEDED");
        api.step(runId, "shutdown", Map.of(), "SUCCEEDED");
        api.step(runId, "migrate", Map.of(), "FAILED");
        assertThat(hasTable(hub.dbFile(), "half_applied")).isTrue();

        String backupDir = api.get("/api/runs/" + runId + "/results").get("BACKUP").get("backupDir").asText();
        String backedUpSha = manifestSha(Path.of(backupDir));

        api.post("/api/runs/" + runId + "/rollback", Map.of(), 202);
        JsonNode run = api.awaitNotRunning(runId);
        assertThat(RunApi.stateOf(run, "ROLLBACK")).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("run").get("state").asText()).isEqualTo("ROLLED_BACK");

        assertThat(Files.readString(hub.dir().resolve("db-sha-at-start.txt")).strip()).isEqualTo(backedUpSha);
        assertThat(hasTable(hub.dbFile(), "half_applied")).isFalse();
        assertThat(hubGet(hub.hubUrl().resolve("hub/health"), hub.apiToken()).statusCode()).isEqualTo(200);
        assertThat(hubGet(URI.create(hub.apiUrl() + "/users"), hub.apiToken()).body())
                .contains("\"carol\"").contains("\"dave\"");

        assertThat(api.get("/api/openapi.json").get("paths").propertyNames())
                .contains("/api/hubs", "/api/hubs/{hubId}/runs", "/api/runs/{id}/steps/{step}/start",
                        "/api/runs/{id}/rollback", "/api/runs/{id}/log", "/api/runs/{id}/audit");

        List<String> actions = api.get("/api/runs/" + runId + "/audit").valueStream()
                .map(e -> e.get("action").asText()).toList();
        assertThat(actions).contains("run.start", "step.start", "step.failed", "run.rollback", "run.rolled_back");
        try (var aside = Files.list(hub.dir())) {
            assertThat(aside.map(p -> p.getFileName().toString()))
                    .as("what the restore replaced is kept aside").anyMatch(n -> n.startsWith("jupyterhub.sqlite.")
                            && !n.endsWith("-wal") && !n.endsWith("-shm"));
        }
    }




    private static String manifestSha(Path backupDir) throws Exception {
        JsonNode manifest = RunApi.JSON.readTree(Files.readString(backupDir.resolve("manifest.json")));
        return manifest.get("artefacts").valueStream().filter(a -> a.get("path").asText().equals("database.sqlite"))
                .map(a -> a.get("sha256").asText()).findFirst().orElseThrow();
    }

    private static boolean hasTable(Path db, String table) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
             var rs = c.createStatement().executeQuery("SELECT count(*) FROM sqlite_master WHERE name = '"
                     + table + "'")) {
            return rs.getInt(1) == 1;
        }
    }



}
