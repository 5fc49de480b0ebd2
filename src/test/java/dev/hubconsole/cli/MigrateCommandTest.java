package dev.hubconsole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubconsole.hubdb.DbUrl;
import dev.hubconsole.hubdb.HubDatabases;
import dev.hubconsole.testsupport.TestDatabases;
import dev.hubconsole.testsupport.TestDatabases.Scratch;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The headless {@code migrate} command: exit codes, dry run, JSON report, masked passwords. */
class MigrateCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void dryRunPrintsThePlanAndWritesNothing() throws Exception {
        Path source = hubDatabase();
        try (Scratch target = TestDatabases.postgres()) {
            int code = run("migrate", "--from", "sqlite:///" + source, "--to", pgUrl(target), "--dry-run");

            assertThat(code).isZero();
            assertThat(out.toString()).contains("Revision: 651f5419b74d (JupyterHub 3.0, 3.1)", "Rows to copy: 2",
                    "CREATE TABLE \"users\"", "TIMESTAMP WITHOUT TIME ZONE", "ALTER TABLE \"api_tokens\" ADD "
                            + "CONSTRAINT \"fk_api_tokens_user_id_users\"")
                    .doesNotContain("s3cret");
            assertThat(tables(target)).isEmpty();
        }
    }

    @Test
    void migratesAndPrintsAVerifiedJsonReportWithoutThePassword() throws Exception {
        Path source = hubDatabase();
        try (Scratch target = TestDatabases.postgres()) {
            int code = run("migrate", "--from", "sqlite:///" + source, "--to", pgUrl(target), "--json");

            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("\"verified\" : true", "c.JupyterHub.db_url = 'postgresql+psycopg2://"
                    + "postgres:***@127.0.0.1:5432/" + target.name() + "'").doesNotContain("s3cret");
            assertThat(tables(target)).contains("users", "alembic_version").doesNotContain("hubconsole_copy_incomplete");
        }
    }

    @Test
    void exitsOneWithOneLineWhenTheTargetIsNotEmpty() throws Exception {
        Path source = hubDatabase();
        try (Scratch target = TestDatabases.postgres()) {
            try (Connection c = new HubDatabases().openForWrite(DbUrl.parse(target.jdbcUrl(), null));
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE something (id INTEGER)");
            }
            int code = run("migrate", "--from", "sqlite:///" + source, "--to", pgUrl(target));

            assertThat(code).isEqualTo(1);
            assertThat(err.toString().strip()).startsWith("error: The target postgresql+psycopg2://postgres:***@")
                    .contains("is not empty (tables: something)").doesNotContain("\n").doesNotContain("s3cret");
        }
    }

    @Test
    void exitsTwoOnUsageErrors() {
        assertThat(run("migrate", "--from", "oracle://x/y", "--to", "sqlite:///x.sqlite")).isEqualTo(2);
        assertThat(run("migrate", "--to", "sqlite:///x.sqlite")).isEqualTo(2);
        assertThat(run("migrate", "--from", "sqlite:///x.sqlite", "--to", "sqlite:///y.sqlite", "--progress", "bars"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--progress must be auto, lines or none, not 'bars'");
    }

    @Test
    void helpListsEveryCommandThoughACommandRunsWithOnlyItsOwnModel() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("help ", "inspect ", "migrate ", "backup ", "restore ", "verify ");
        assertThat(run("help", "verify")).isZero();
        assertThat(out.toString()).contains("Usage: hub-upgrade-console verify");
        assertThat(run("migrate", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: hub-upgrade-console migrate", "--on-violation");
    }

    @Test
    void picocliLooksForNoGroovyClosuresWhichWouldMissInEveryJar() {
        assertThat(run("migrate", "--help")).isZero();

        assertThat(System.getProperty("picocli.disable.closures")).isEqualTo("true");
    }

    @Test
    void progressLinesGoToStderrForLogsWhenItIsNoTerminal() throws Exception {
        Path source = hubDatabase();
        try (Scratch target = TestDatabases.postgres()) {
            int code = run("migrate", "--from", "sqlite:///" + source, "--to", pgUrl(target), "--progress", "lines");

            assertThat(code).as(err.toString()).isZero();
            List<String> lines = err.toString().lines().toList();
            assertThat(lines).allMatch(l -> l.matches("\\[ +\\d+\\.\\d s\\] .+"), "each line starts with the seconds");
            assertThat(err.toString()).contains("] Checking the source and the target", "] Creating the schema",
                    "] users: copying 1 row", "] users: 1 row copied in ", "indexed and verified",
                    "] Writing the revision").doesNotContain("s3cret").doesNotContain("\r");
        }
    }

    @Test
    void stopsOnRowsTheTargetWouldRejectAndNamesTheOption() throws Exception {
        Path source = hubDatabaseWithOrphans(3);
        try (Scratch target = TestDatabases.postgres()) {
            int code = run("migrate", "--from", "sqlite:///" + source, "--to", pgUrl(target));

            assertThat(code).isEqualTo(1);
            assertThat(out.toString()).contains("Details:",
                    "  ORPHAN oauth_codes [id=1]: client_id=gone has no row in oauth_clients [identifier]");
            assertThat(err.toString()).contains("3 finding(s)", "--on-violation skip");
            assertThat(tables(target)).isEmpty();
        }
    }

    @Test
    void skipListsEveryHandledRowInTheJsonReport() throws Exception {
        Path source = hubDatabaseWithOrphans(3);
        try (Scratch target = TestDatabases.postgres()) {
            int code = run("migrate", "--from", "sqlite:///" + source, "--to", pgUrl(target), "--on-violation", "skip",
                    "--json");

            assertThat(code).as(err.toString()).isZero();
            var json = tools.jackson.databind.json.JsonMapper.builder().build().readTree(out.toString());
            assertThat(json.get("verified").asBoolean()).isTrue();
            assertThat(json.at("/report/plan/onViolation").asString()).isEqualTo("SKIP");
            assertThat(json.at("/report/plan/handled")).hasSize(3);
            assertThat(json.at("/report/plan/handled/2/table").asString()).isEqualTo("oauth_codes");
            assertThat(json.at("/report/plan/handled/2/key").asString()).isEqualTo("id=3");
            assertThat(json.at("/report/plan/handled/2/action").asString()).isEqualTo("SKIPPED");
            assertThat(json.at("/report/plan/handled/2/reason").asString()).isEqualTo("client_id=gone has no row "
                    + "in oauth_clients [identifier] (ON DELETE CASCADE)");
            assertThat(rowCount(target, "oauth_codes")).isZero();
            assertThat(rowCount(target, "users")).isEqualTo(1);
        }
    }

    @Test
    void printsTheCountOfHandledRowsAndAListCappedForTheTerminal() throws Exception {
        Path source = hubDatabaseWithOrphans(MigrateCommand.HANDLED_SHOWN + 20);
        try (Scratch target = TestDatabases.postgres()) {
            int code = run("migrate", "--from", "sqlite:///" + source, "--to", pgUrl(target), "--on-violation",
                    "truncate", "--dry-run");

            assertThat(code).isZero();
            assertThat(out.toString()).contains("Findings (handled by --on-violation truncate, see below):",
                    "Rows handled by --on-violation truncate: 120 skipped, 0 changed (0 values cut, 0 set to NULL)",
                    "  SKIPPED oauth_codes [id=100]: client_id=gone has no row",
                    "  … and 20 more (--json lists every one)").doesNotContain("SKIPPED oauth_codes [id=101]");
            assertThat(tables(target)).isEmpty();
        }
    }

    @Test
    void rejectsAnUnknownWayOfHandlingViolationsAndDocumentsTheKnownOnes() {
        assertThat(run("migrate", "--from", "sqlite:///a.sqlite", "--to", "sqlite:///b.sqlite", "--on-violation",
                "ignore")).isEqualTo(2);
        assertThat(err.toString()).contains("--on-violation must be stop, skip or truncate, not 'ignore'");

        assertThat(run("migrate", "--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("--on-violation=stop|skip|truncate",
                "stop (default): list them and copy nothing", "skip: leave each such row out",
                "truncate: as skip, but a value too long for its VARCHAR column is cut");
    }

    private Path hubDatabaseWithOrphans(int orphans) throws Exception {
        Path file = hubDatabase();
        try (Connection c = new HubDatabases().openForWrite(DbUrl.parse("sqlite:///" + file, dir));
                Statement s = c.createStatement()) {
            s.execute("PRAGMA foreign_keys = OFF");
            s.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < " + orphans + ") "
                    + "INSERT INTO oauth_codes (id, client_id, code) SELECT x, 'gone', 'c' FROM n");
        }
        return file;
    }

    private static long rowCount(Scratch target, String table) throws Exception {
        try (Connection c = new HubDatabases().openReadOnly(DbUrl.parse(target.jdbcUrl(), null))) {
            return new HubDatabases().rowCounts(c).get(table);
        }
    }

    private Path hubDatabase() throws Exception {
        Path file = dir.resolve("jupyterhub.sqlite");
        dev.hubconsole.hubdb.RealHubDatabases.createWithOrm("sqlite:///" + file);
        try (Connection c = new HubDatabases().openForWrite(DbUrl.parse("sqlite:///" + file, dir));
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO users (id, name, cookie_id) VALUES (1, 'alice', 'c')");
        }
        return file;
    }

    private static String pgUrl(Scratch target) {
        return "postgresql+psycopg2://postgres:s3cret@127.0.0.1:5432/" + target.name();
    }

    private static List<String> tables(Scratch target) throws Exception {
        try (Connection c = new HubDatabases().openReadOnly(DbUrl.parse(target.jdbcUrl(), null))) {
            return new HubDatabases().rowCounts(c).keySet().stream().toList();
        }
    }

    private int run(String... args) {
        return Cli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }
}
