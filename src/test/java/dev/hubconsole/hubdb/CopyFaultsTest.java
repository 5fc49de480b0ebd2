package dev.hubconsole.hubdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubconsole.hubdb.CopyFixtures.Target;
import dev.hubconsole.hubdb.RealHubDatabases.HubDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a copy refuses, and how a failed or interrupted copy leaves the target. */
class CopyFaultsTest {

    @TempDir
    Path dir;

    private final DatabaseCopy copy = DatabaseCopy.standalone();
    private final HubDatabases databases = new HubDatabases();

    @Test
    void refusesToMigrateIntoNonEmptyTarget() throws Exception {
        try (HubDb source = RealHubDatabases.sqlite(dir); Target target = CopyFixtures.target(Engine.POSTGRESQL, dir)) {
            exec(target.url(), "CREATE TABLE users (id INTEGER)", "INSERT INTO users VALUES (1)");

            assertThatThrownBy(() -> copy.copy(source.url(), target.url(), CopyOptions.defaults(), CopyProgress.NONE))
                    .isInstanceOf(CopyFailedException.class)
                    .hasMessageContaining("is not empty (tables: users)")
                    .hasMessageContaining("--replace-target");
            try (Connection c = databases.openReadOnly(target.url())) {
                assertThat(databases.rowCounts(c)).containsExactly(java.util.Map.entry("users", 1L));
            }
        }
    }

    @Test
    void replaceTargetDropsOnlyTheJupyterHubTablesItFinds() throws Exception {
        try (HubDb source = RealHubDatabases.sqlite(dir); Target target = CopyFixtures.target(Engine.MYSQL, dir)) {
            exec(source.url(), "INSERT INTO users (id, name, cookie_id) VALUES (1, 'alice', 'c')");
            copy.copy(source.url(), target.url(), CopyOptions.defaults(), CopyProgress.NONE);
            exec(target.url(), "CREATE TABLE not_the_hubs (id INTEGER)");

            CopyReport again = copy.copy(source.url(), target.url(), new CopyOptions(true, false, 0), CopyProgress.NONE);

            assertThat(again.plan().tablesToDrop()).contains("users", "api_tokens", "alembic_version")
                    .doesNotContain("not_the_hubs");
            assertThat(again.dropped()).isEqualTo(again.plan().tablesToDrop());
            try (Connection c = databases.openReadOnly(target.url())) {
                assertThat(HubDatabases.baseTables(c)).contains("not_the_hubs", "users");
                assertThat(databases.alembicRevision(c)).contains(RealHubDatabases.JUPYTERHUB_30_HEAD);
            }
        }
    }

    @Test
    void interruptedCopyLeavesTargetMarkedIncompleteAndRerunSucceeds() throws Exception {
        try (HubDb source = CopyFixtures.source(Engine.SQLITE, dir);
                Target target = CopyFixtures.target(Engine.POSTGRESQL, dir)) {
            AtomicBoolean first = new AtomicBoolean(true);
            CopyProgress crash = new CopyProgress() {
                @Override
                public void tableFinished(String table, long rows, long millis) {
                    if (first.getAndSet(false)) {
                        throw new IllegalStateException("simulated crash after " + table);
                    }
                }
            };

            assertThatThrownBy(() -> copy.copy(source.url(), target.url(), CopyOptions.defaults(), crash))
                    .isInstanceOf(CopyFailedException.class)
                    .hasMessageContaining("simulated crash")
                    .hasMessageContaining(CopySchemaPlanner.MARKER)
                    .satisfies(e -> assertThat(((CopyFailedException) e).targetTouched()).isTrue());
            assertLooksIncomplete(target.url());

            CopyReport report = copy.copy(source.url(), target.url(), CopyOptions.defaults(), CopyProgress.NONE);

            assertThat(report.plan().notes()).anySatisfy(n -> assertThat(n).contains("incomplete earlier copy"));
            try (Connection c = databases.openReadOnly(target.url())) {
                assertThat(HubDatabases.baseTables(c)).doesNotContain(CopySchemaPlanner.MARKER);
                assertThat(databases.alembicRevision(c)).contains(RealHubDatabases.JUPYTERHUB_30_HEAD);
            }
        }
    }

    @Test
    void refusesAnUnreachableTargetWithoutShowingThePassword() throws Exception {
        try (HubDb source = RealHubDatabases.sqlite(dir)) {
            DbUrl target = DbUrl.parse("postgresql://hub:s3cr%40t-pw@127.0.0.1:1/jupyterhub", dir);

            assertThatThrownBy(() -> copy.copy(source.url(), target, CopyOptions.defaults(), CopyProgress.NONE))
                    .isInstanceOf(DatabaseUnavailableException.class)
                    .hasMessageContaining("127.0.0.1:1")
                    .hasMessageNotContaining("s3cr");
        }
    }

    @Test
    void stopsBeforeCopyingValuesTheTargetColumnIsTooSmallFor() throws Exception {
        try (HubDb source = RealHubDatabases.sqlite(dir); Target target = CopyFixtures.target(Engine.POSTGRESQL, dir)) {
            exec(source.url(), "INSERT INTO users (id, name, cookie_id) VALUES (5, '" + "x".repeat(300) + "', 'c')",
                    "INSERT INTO oauth_clients (id, identifier, redirect_uri) VALUES (1, 'jupyterhub-user-" + "y"
                            .repeat(300) + "', '/')");

            assertThatThrownBy(() -> copy.copy(source.url(), target.url(), CopyOptions.defaults(), CopyProgress.NONE))
                    .isInstanceOf(CopyFailedException.class)
                    .satisfies(e -> assertThat(((CopyFailedException) e).details()).containsExactlyInAnyOrder(
                            "TOO_LONG oauth_clients [id=1]: identifier is longer than VARCHAR(255)",
                            "TOO_LONG users [id=5]: name is longer than VARCHAR(255)"))
                    .satisfies(e -> assertThat(((CopyFailedException) e).targetTouched()).isFalse());
            try (Connection c = databases.openReadOnly(target.url())) {
                assertThat(HubDatabases.baseTables(c)).isEmpty();
            }
        }
    }

    @Test
    void findsOrphansAndCaseCollidingNamesBeforeCopyingToMariaDb() throws Exception {
        try (HubDb source = RealHubDatabases.sqlite(dir); Target target = CopyFixtures.target(Engine.MYSQL, dir)) {
            exec(source.url(), "PRAGMA foreign_keys = OFF",
                    "INSERT INTO users (id, name, cookie_id) VALUES (1, 'alice', 'c1'), (2, 'Alice', 'c2'), "
                            + "(3, 'pad ', 'c3'), (4, 'pad', 'c4')",
                    "INSERT INTO oauth_codes (id, client_id, code) VALUES (9, 'gone-client', 'x')");

            CopyPlan plan = copy.plan(source.url(), target.url(), CopyOptions.defaults());

            assertThat(plan.findings()).extracting(CopyFinding::line).contains(
                    "ORPHAN oauth_codes [id=9]: client_id=gone-client has no row in oauth_clients [identifier]")
                    .anySatisfy(l -> assertThat(l).startsWith("COLLISION users [id=1]: name 'alice'"))
                    .anySatisfy(l -> assertThat(l).startsWith("COLLISION users [id=2]: name 'Alice'"))
                    .anySatisfy(l -> assertThat(l).startsWith("COLLISION users [id=3]: name 'pad '"));
            DbUrl sqliteTarget = DbUrl.parse("sqlite:///" + dir.resolve("other.sqlite"), dir);
            assertThat(copy.plan(source.url(), sqliteTarget, CopyOptions.defaults()).findings())
                    .extracting(CopyFinding::kind).containsExactly(CopyFinding.Kind.ORPHAN);
            assertThat(dir.resolve("other.sqlite")).as("a dry run creates no file").doesNotExist();
        }
    }

    @Test
    void verificationNamesTheTableAndKeyThatDiffer() throws Exception {
        try (HubDb source = CopyFixtures.source(Engine.SQLITE, dir);
                Target target = CopyFixtures.target(Engine.POSTGRESQL, dir)) {
            copy.copy(source.url(), target.url(), CopyOptions.defaults(), CopyProgress.NONE);
            exec(target.url(), "UPDATE users SET last_activity = last_activity + interval '1 microsecond' WHERE id = 3");

            SchemaCatalog catalog = SchemaCatalog.standard();
            TableDef users = catalog.at(RealHubDatabases.JUPYTERHUB_30_HEAD, Engine.POSTGRESQL).orElseThrow()
                    .table("users").orElseThrow();
            CopyTable table = new CopyTable(users, users.columns().stream().map(ColumnDef::name).toList(), false);
            try (Connection s = databases.openReadOnly(source.url()); Connection t = databases.openReadOnly(target.url())) {
                CopyChecksum.Result r = CopyChecksum.compare(s, Engine.SQLITE, t, Engine.POSTGRESQL, table);
                assertThat(r.mismatch()).isEqualTo("the row id=3 differs in column last_activity");
                CopyChecksum.Result fromCopy = CopyChecksum.verify(s, Engine.SQLITE, t, Engine.POSTGRESQL, table,
                        new CopyTransfer.Copied(4, 0));
                assertThat(fromCopy.mismatch()).isEqualTo("the row id=3 differs in column last_activity");
            }
        }
    }

    private void assertLooksIncomplete(DbUrl url) throws Exception {
        try (Connection c = databases.openReadOnly(url)) {
            assertThat(HubDatabases.baseTables(c)).contains(CopySchemaPlanner.MARKER);
            assertThat(databases.alembicRevision(c)).isEmpty();
        }
    }

    private static void exec(DbUrl url, String... sql) throws Exception {
        CopyFixtures.exec(url, sql);
    }

}
