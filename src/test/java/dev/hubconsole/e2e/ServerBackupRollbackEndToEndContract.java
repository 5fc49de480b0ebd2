package dev.hubconsole.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubconsole.security.AccountManagement;
import dev.hubconsole.security.Role;
import dev.hubconsole.testsupport.RealJupyterHub;
import dev.hubconsole.testsupport.TestDatabases;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Through the JSON API: a REAL JupyterHub 3.0 on a REAL database server. The Backup step dumps it, keeps an extra
 * file the admin lists and the package list, and verifies the backup by restoring it into a temporary database;
 * after an upgrade-db that damages the database and fails, Roll back restores the database (the damaged one kept
 * under another name) and the hub comes back with its users. One subclass per engine.
 */
abstract class ServerBackupRollbackEndToEndContract extends EndToEndSupport {

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
        RunApi api = new RunApi(base(), user(), PASSWORD);
        Path proxyToken = Files.writeString(hub.dir().resolve("proxy-auth-token"), "proxy-secret\n");
        Map<String, Object> registration = RunApi.registration(user() + "-hub", hub, brokenUpgrade());
        long hubId = api.post("/api/hubs", registration, 201).get("id").asLong();

        long runId = api.post("/api/hubs/" + hubId + "/runs", null, 201).get("run").get("id").asLong();
        api.step(runId, "plan", Map.of(), "SUCCEEDED");
        JsonNode refused = api.post("/api/runs/" + runId + "/steps/backup/start", Map.of("input", Map.of()), 400);
        assertThat(refused.toString()).contains("temporary database");
        api.step(runId, "backup", Map.of("verifyInTemporaryDatabase", "true", "extraFiles", proxyToken.toString(),
                "packageListCommand", RealJupyterHub.PYTHON + " -m pip --version"), "SUCCEEDED");
        JsonNode backup = api.get("/api/runs/" + runId + "/results").get("BACKUP");
        assertThat(backup.get("verified").asBoolean()).as(backup.toString()).isTrue();
        assertThat(backup.get("databaseBackedUp").asBoolean()).isTrue();
        assertThat(backup.get("method").asText()).startsWith(method());
        assertThat(backup.get("extraFiles").toString()).contains("proxy-auth-token");
        Path backupDir = Path.of(backup.get("backupDir").asText());
        String manifest = Files.readString(backupDir.resolve("manifest.json"));
        assertThat(manifest).contains("\"users\" : 2").contains("packageList").contains("alembicRevision");
        assertThat(backupDir.resolve("files/proxy-auth-token")).exists();

        api.step(runId, "notify", Map.of("message", "Upgrade tonight", "windowStart", "2030-01-01T20:00",
                "windowEnd", "2030-01-01T21:00", "zone", "UTC"), "SUCCEEDED");
        api.step(runId, "shutdown", Map.of(), "SUCCEEDED");
        api.step(runId, "migrate", Map.of(), "FAILED");
        assertThat(userNames(database.jdbcUrl())).contains("carol-damaged");

        api.post("/api/runs/" + runId + "/rollback", Map.of(), 202);
        JsonNode run = api.awaitNotRunning(runId);
        assertThat(RunApi.stateOf(run, "ROLLBACK")).as(run.toString()).isEqualTo("SUCCEEDED");
        JsonNode rollback = api.get("/api/runs/" + runId + "/results").get("ROLLBACK");
        String kept = rollback.get("movedAside").valueStream().map(JsonNode::asText)
                .filter(s -> s.startsWith("database ")).map(s -> s.substring("database ".length())).findFirst()
                .orElseThrow();
        try {
            assertRolledBack(api, runId, kept);
        } finally {
            new TestDatabases.Scratch(kept, "", database.serverUrl(), dropKept(kept)).close();
        }
    }

    private void assertRolledBack(RunApi api, long runId, String kept) throws Exception {

        assertThat(userNames(database.jdbcUrl())).contains("carol", "dave").doesNotContain("carol-damaged");
        assertThat(userNames(database.jdbcUrl().replace(database.name(), kept))).contains("carol-damaged");
        assertThat(hubGet(URI.create(hub.apiUrl() + "/users"), hub.apiToken()).body())
                .contains("\"carol\"").contains("\"dave\"");
        List<String> actions = api.get("/api/runs/" + runId + "/audit").valueStream()
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
}
