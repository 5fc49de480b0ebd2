package dev.hubconsole.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubconsole.hubdb.DbUrl;
import dev.hubconsole.security.AccountManagement;
import dev.hubconsole.security.Role;
import dev.hubconsole.testsupport.RealJupyterHub;
import dev.hubconsole.testsupport.TestDatabases;
import dev.hubconsole.testsupport.TestDatabases.Scratch;
import java.net.URI;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Through the JSON API, the wizard moves a REAL JupyterHub 3.0's database from SQLite to another engine: all at
 * once to PostgreSQL (copy, then the release's upgrade-db on the copy, the db_url line written by the console), and
 * multi-step to MariaDB (the admin sets the line; Restart waits for it), then rolled back to the untouched source.
 */
class EngineChangeWizardEndToEndTest extends EndToEndSupport {

    static final String OLD_REVISION = "833da8570507";
    static final String PASSWORD = "target-Pa55word";

    @Autowired
    AccountManagement accounts;
    @Autowired
    JdbcClient console;

    @Test
    void allAtOnceCopiesToPostgresUpgradesTheCopyAndTheHubRunsOnIt() throws Exception {
        RunApi api = admin("e2e-engine-all");
        try (RealJupyterHub hub = RealJupyterHub.create().start(); Scratch pg = TestDatabases.postgres()) {
            hub.createUser("alice");
            hub.createUser("zoë");
            hub.stop();
            hub.downgradeTo(OLD_REVISION);
            String sourceSha = sha256(hub.dbFile());
            DbUrl server = DbUrl.parse(pg.jdbcUrl(), null);
            String target = "postgresql://" + server.username() + ":" + PASSWORD + "@" + server.host() + ":"
                    + server.port() + "/" + server.database();

            long hubId = register(api, "engine-all", hub);
            long runId = api.post("/api/hubs/" + hubId + "/runs", null, 201).get("run").get("id").asLong();
            api.step(runId, "plan", Map.of("targetDbUrl", target, "engineChangeMode", "all-at-once",
                    "writeDbUrlToConfig", "true"), "SUCCEEDED");
            JsonNode plan = api.get("/api/runs/" + runId + "/results").get("PLAN").get("engineChange");
            assertThat(plan.get("target").asText()).contains(pg.name()).doesNotContain(PASSWORD);
            assertThat(plan.get("upgradeAfterCopy").asBoolean()).isTrue();
            api.step(runId, "backup", Map.of(), "SUCCEEDED");
            api.post("/api/runs/" + runId + "/steps/notify/skip", Map.of(), 200);
            api.step(runId, "shutdown", Map.of(), "SUCCEEDED");
            api.step(runId, "migrate", Map.of(), "SUCCEEDED");

            JsonNode migrate = api.get("/api/runs/" + runId + "/results").get("MIGRATE");
            assertThat(migrate.get("revisionBefore").asText()).isEqualTo(OLD_REVISION);
            assertThat(migrate.get("revisionAfter").asText()).isEqualTo(RealJupyterHub.REVISION_3_0);
            assertThat(migrate.get("configWritten").asBoolean()).isTrue();
            assertThat(migrate.get("tables").valueStream().map(t -> t.get("table").asText())).contains("users");
            assertThat(sha256(hub.dbFile())).as("the SQLite source is never modified").isEqualTo(sourceSha);
            assertThat(revision(pg.jdbcUrl())).isEqualTo(RealJupyterHub.REVISION_3_0);
            assertThat(Files.readString(hub.configFile())).contains("c.JupyterHub.db_url = '" + target + "'")
                    .contains("# c.JupyterHub.db_url = 'sqlite:///jupyterhub.sqlite'");
            assertThat(api.get("/api/runs/" + runId + "/log").toString()).contains("copy: users")
                    .doesNotContain(PASSWORD);

            api.step(runId, "restart", Map.of(), "SUCCEEDED");
            assertThat(hubGet(URI.create(hub.apiUrl() + "/users"), hub.apiToken()).body())
                    .contains("\"alice\"");
            assertThat(usersIn(pg.jdbcUrl())).contains("alice", "zoë");
            api.step(runId, "finish", Map.of(), "SUCCEEDED");
            hub.stop();

            JsonNode registered = api.get("/api/hubs/" + hubId);
            assertThat(registered.get("dbUrl").asText()).startsWith("postgresql://").contains(pg.name())
                    .doesNotContain(PASSWORD);
            List<String> actions = api.get("/api/runs/" + runId + "/audit").valueStream()
                    .map(e -> e.get("action").asText()).toList();
            assertThat(actions).contains("migrate.copied", "migrate.config-written", "hub.database-changed");
            assertThat(api.get("/api/runs/" + runId + "/audit").toString()
                    + api.get("/api/runs/" + runId).toString()
                    + api.get("/api/runs/" + runId + "/results").toString()).doesNotContain(PASSWORD);
            assertThat(console.sql("SELECT input_json FROM run_steps WHERE run_id = :r AND kind = 'PLAN'")
                    .param("r", runId).query(String.class).single()).as("the target URL is stored encrypted")
                    .doesNotContain(PASSWORD).doesNotContain(pg.name());
        }
    }

    @Test
    void multiStepToMariaDbWaitsForTheConfigLineThenRollsBackToTheUntouchedSource() throws Exception {
        RunApi api = admin("e2e-engine-multi");
        try (RealJupyterHub hub = RealJupyterHub.create().start(); Scratch maria = TestDatabases.mariadb()) {
            hub.createUser("carol");
            String config = Files.readString(hub.configFile());
            DbUrl server = DbUrl.parse(maria.jdbcUrl(), null);
            String target = "mysql+pymysql://" + server.username() + "@" + server.host() + ":" + server.port() + "/"
                    + server.database() + "?charset=utf8mb4";

            long hubId = register(api, "engine-multi", hub);
            long runId = api.post("/api/hubs/" + hubId + "/runs", null, 201).get("run").get("id").asLong();
            api.step(runId, "plan", Map.of("targetDbUrl", target), "SUCCEEDED");
            api.step(runId, "backup", Map.of(), "SUCCEEDED");
            api.post("/api/runs/" + runId + "/steps/notify/skip", Map.of(), 200);
            api.step(runId, "shutdown", Map.of(), "SUCCEEDED");
            String sourceSha = sha256(hub.dbFile());
            api.step(runId, "migrate", Map.of(), "SUCCEEDED");
            assertThat(api.get("/api/runs/" + runId + "/results").get("MIGRATE").get("configWritten").asBoolean())
                    .isFalse();
            assertThat(Files.readString(hub.configFile())).as("not allowed to write").isEqualTo(config);

            api.step(runId, "restart", Map.of(), "FAILED");
            assertThat(api.get("/api/runs/" + runId).toString()).contains("still points the hub at");
            hub.appendConfig("c.JupyterHub.db_url = '" + target + "'\n");
            api.post("/api/runs/" + runId + "/steps/restart/retry", Map.of(), 202);
            JsonNode run = api.awaitNotRunning(runId);
            assertThat(RunApi.stateOf(run, "RESTART")).as(run.toString()).isEqualTo("SUCCEEDED");
            assertThat(hubGet(URI.create(hub.apiUrl() + "/users"), hub.apiToken()).body()).contains("\"carol\"");
            assertThat(usersIn(maria.jdbcUrl())).contains("carol");

            api.post("/api/runs/" + runId + "/rollback", Map.of(), 202);
            run = api.awaitNotRunning(runId);
            assertThat(RunApi.stateOf(run, "ROLLBACK")).as(run.toString()).isEqualTo("SUCCEEDED");
            assertThat(Files.readString(hub.configFile())).as("the configuration is restored").isEqualTo(config);
            assertThat(api.get("/api/runs/" + runId + "/log").toString()).contains("was only read, never modified");
            assertThat(hubGet(URI.create(hub.apiUrl() + "/users"), hub.apiToken()).body()).contains("\"carol\"");
            assertThat(api.get("/api/hubs/" + hubId).get("dbUrl").asText()).startsWith("sqlite:");
            hub.stop();
            assertThat(hub.alembicRevision()).isEqualTo(RealJupyterHub.REVISION_3_0);
            assertThat(sourceSha).isNotBlank();
        }
    }

    private RunApi admin(String user) throws Exception {
        accounts.createAccount(user, "engine-change-password", Role.ADMIN);
        return new RunApi(base(), user, "engine-change-password");
    }

    private static long register(RunApi api, String name, RealJupyterHub hub) throws Exception {
        List<String> upgradeDb = List.of(RealJupyterHub.PYTHON, "-m", "jupyterhub", "upgrade-db", "-f",
                hub.configFile().toString());
        return api.post("/api/hubs", RunApi.registration(name, hub, upgradeDb), 201).get("id").asLong();
    }

    private static String revision(String jdbcUrl) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                ResultSet rs = c.createStatement().executeQuery("SELECT version_num FROM alembic_version")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static List<String> usersIn(String jdbcUrl) throws Exception {
        List<String> names = new java.util.ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                ResultSet rs = c.createStatement().executeQuery("SELECT name FROM users")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
