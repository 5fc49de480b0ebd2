package dev.hubconsole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubconsole.hubdb.RealHubDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class InspectCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Cli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void printsTheReportOfARealJupyterHubDatabaseAsTextAndAsJson() throws Exception {
        RealHubDatabases.sqlite(dir);
        Files.writeString(dir.resolve("jupyterhub_config.py"), "c.Authenticator.allowed_users = {'alice'}\n");

        assertThat(run("inspect", "--db-url", "sqlite:///jupyterhub.sqlite", "--config",
                dir.resolve("jupyterhub_config.py").toString())).isZero();
        assertThat(out.toString()).contains("Revision 651f5419b74d is the schema of JupyterHub 3.0, 3.1.")
                .contains("Conclusion: safe to start fresh.");

        out.getBuffer().setLength(0);
        assertThat(run("inspect", "--db-url", "sqlite:///" + dir.resolve("jupyterhub.sqlite"), "--json")).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(out.toString());
        assertThat(json.get("engine").asString()).isEqualTo("SQLITE");
        assertThat(json.get("revision").asString()).isEqualTo("651f5419b74d");
        assertThat(json.get("releases").get(0).asString()).isEqualTo("3.0");
        assertThat(json.get("tables").get("users").asLong()).isZero();
        assertThat(json.get("drift").isArray()).isTrue();
        assertThat(json.get("health").isArray()).isTrue();
        assertThat(json.get("deleteImpact").get("safeToStartFresh").asBoolean()).isTrue();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void exitsOneWithOneLineWhenTheDatabaseCannotBeInspected() throws Exception {
        assertThat(run("inspect", "--db-url", "sqlite:///" + dir.resolve("missing.sqlite"))).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: The SQLite database").contains("does not exist")
                .hasLineCount(1);

        err.getBuffer().setLength(0);
        Path other = dir.resolve("other.sqlite");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + other); var s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER)");
        }
        assertThat(run("inspect", "--db-url", "sqlite:///" + other)).isEqualTo(1);
        assertThat(err.toString()).contains("No alembic_version table").hasLineCount(1);

        err.getBuffer().setLength(0);
        assertThat(run("inspect", "--db-url", "postgresql://nobody@127.0.0.1:1/none")).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: Cannot reach PostgreSQL").hasLineCount(1);
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("inspect")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--db-url=URL'");
        assertThat(run("inspect", "--db-url", "foo://x")).isEqualTo(2);
        assertThat(run("inspect", "--db-url", "sqlite:///x.sqlite", "--config", dir.resolve("nope.py").toString()))
                .isEqualTo(2);
        assertThat(run("inspect", "--db-url", "sqlite:///x.sqlite", "--bogus")).isEqualTo(2);
    }
}
