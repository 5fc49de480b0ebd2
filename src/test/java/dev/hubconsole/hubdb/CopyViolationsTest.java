package dev.hubconsole.hubdb;

import static dev.hubconsole.hubdb.CopyFixtures.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubconsole.hubdb.CopyFixtures.Target;
import dev.hubconsole.hubdb.RealHubDatabases.HubDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rows the target would reject, handled by {@link CopyOptions.OnViolation}: skipped with what depends on them, cut,
 * or set to NULL, each listed; the verification compares exactly what was meant to arrive; collisions are asked of
 * the target server under its own collation, leaving nothing behind. On the real SQLite, PostgreSQL and MariaDB.
 */
class CopyViolationsTest {

    private static final CopyOptions SKIP = new CopyOptions(false, false, 0, CopyOptions.OnViolation.SKIP);
    private static final CopyOptions TRUNCATE = new CopyOptions(false, false, 0, CopyOptions.OnViolation.TRUNCATE);
    private static final String UNICODE_CI = "utf8mb4_unicode_ci";

    @TempDir
    Path dir;

    private final DatabaseCopy copy = DatabaseCopy.standalone();

    @Test
    void skipLeavesOutViolatingRowsAndEveryRowDependingOnThemThenVerifies() throws Exception {
        try (HubDb source = RealHubDatabases.sqlite(dir); Target target = CopyFixtures.target(Engine.MYSQL, dir)) {
            exec(source.url(), "PRAGMA foreign_keys = OFF",
                    "CREATE TABLE hc_token_notes (id INTEGER PRIMARY KEY, token_id INTEGER REFERENCES api_tokens (id) "
                            + "ON DELETE CASCADE, note TEXT)",
                    "INSERT INTO users (id, name, cookie_id) VALUES (1, 'zoe', 'c1'), (2, 'zoë', 'c2'), "
                            + "(3, 'Zoe', 'c3'), (4, 'a', 'c4'), (5, 'a ', 'c5'), (6, '" + "x".repeat(300) + "', 'c6'), "
                            + "(7, 'ok', 'c7')",
                    "INSERT INTO servers (id, proto, ip, port, base_url, cookie_name) VALUES (1, 'http', '127.0.0.1', "
                            + "8888, '/user/ok/', 'c')",
                    "INSERT INTO spawners (id, user_id, server_id, name) VALUES (1, 7, 1, ''), (2, 7, 99, 'gone'), "
                            + "(3, 2, NULL, ''), (4, 6, NULL, '')",
                    "INSERT INTO oauth_clients (id, identifier, redirect_uri) VALUES (1, 'jupyterhub-user-ok', '/')",
                    "INSERT INTO api_tokens (id, user_id, hashed, prefix, client_id) VALUES "
                            + "(1, 7, 'h1', 'p1', 'jupyterhub-user-ok'), (2, 2, 'h2', 'p2', 'jupyterhub-user-ok'), "
                            + "(3, 7, 'h3', 'p3', 'gone-client')",
                    "INSERT INTO hc_token_notes VALUES (1, 1, 'kept'), (2, 2, 'of a skipped user'), "
                            + "(3, 3, 'of an orphan token')",
                    "INSERT INTO roles (id, name) VALUES (1, 'user')",
                    "INSERT INTO user_role_map (user_id, role_id) VALUES (1, 1), (2, 1), (5, 1), (7, 1)",
                    "INSERT INTO oauth_codes (id, client_id, code) VALUES (9, 'gone-client', 'x')");
            String before = sha256(source.url().sqliteFile());

            CopyPlan stop = copy.plan(source.url(), target.url(), CopyOptions.defaults());
            assertThat(stop.handled()).isEmpty();
            assertThat(stop.stopped()).isTrue();
            CopyReport report = copy.copy(source.url(), target.url(), SKIP, CopyProgress.NONE);

            String collision = ", which is kept, under the target collation " + UNICODE_CI;
            assertThat(report.plan().handled()).extracting(CopyHandledRow::line).containsExactlyInAnyOrder(
                    "SKIPPED users [id=2]: name 'zoë' equals that of [id=1]" + collision,
                    "SKIPPED users [id=3]: name 'Zoe' equals that of [id=1]" + collision,
                    "SKIPPED users [id=5]: name 'a ' equals that of [id=4]" + collision,
                    "SKIPPED users [id=6]: name is longer than VARCHAR(255)",
                    "SET_NULL spawners [id=2]: server_id=99 has no row in servers [id] (ON DELETE SET NULL)",
                    "SKIPPED spawners [id=3]: user_id=2 refers to a skipped row of users (ON DELETE CASCADE)",
                    "SKIPPED spawners [id=4]: user_id=6 refers to a skipped row of users (ON DELETE CASCADE)",
                    "SKIPPED api_tokens [id=2]: user_id=2 refers to a skipped row of users (ON DELETE CASCADE)",
                    "SKIPPED api_tokens [id=3]: client_id=gone-client has no row in oauth_clients [identifier] "
                            + "(ON DELETE CASCADE)",
                    "SKIPPED hc_token_notes [id=2]: token_id=2 refers to a skipped row of api_tokens "
                            + "(ON DELETE CASCADE)",
                    "SKIPPED hc_token_notes [id=3]: token_id=3 refers to a skipped row of api_tokens "
                            + "(ON DELETE CASCADE)",
                    "SKIPPED user_role_map [user_id=2, role_id=1]: user_id=2 refers to a skipped row of users "
                            + "(ON DELETE CASCADE)",
                    "SKIPPED user_role_map [user_id=5, role_id=1]: user_id=5 refers to a skipped row of users "
                            + "(ON DELETE CASCADE)",
                    "SKIPPED oauth_codes [id=9]: client_id=gone-client has no row in oauth_clients [identifier] "
                            + "(ON DELETE CASCADE)");
            assertThat(report.plan().skippedRows()).isEqualTo(13);
            assertThat(rows(target.url(), "SELECT id, name FROM users ORDER BY id")).containsExactly("1|zoe", "4|a",
                    "7|ok");
            assertThat(rows(target.url(), "SELECT id, server_id FROM spawners ORDER BY id"))
                    .containsExactly("1|1", "2|null");
            assertThat(rows(target.url(), "SELECT id FROM api_tokens")).containsExactly("1");
            assertThat(rows(target.url(), "SELECT id FROM hc_token_notes")).containsExactly("1");
            assertThat(rows(target.url(), "SELECT user_id FROM user_role_map ORDER BY user_id"))
                    .containsExactly("1", "7");
            assertThat(rows(target.url(), "SELECT COUNT(*) FROM oauth_codes")).containsExactly("0");
            assertThat(report.tables()).filteredOn(t -> t.table().equals("users"))
                    .extracting(CopyReport.TableResult::rows).containsExactly(3L);
            assertThat(sha256(source.url().sqliteFile())).as("the source is not modified").isEqualTo(before);
        }
    }

    @Test
    void truncateCutsValuesToTheColumnAndTheVerificationComparesTheCutValues() throws Exception {
        try (HubDb source = RealHubDatabases.sqlite(dir);
                Target target = CopyFixtures.target(Engine.POSTGRESQL, dir)) {
            exec(source.url(), "PRAGMA foreign_keys = OFF",
                    "INSERT INTO users (id, name, cookie_id) VALUES (1, 'alice', 'c1'), (6, '" + "x".repeat(300)
                            + "', 'c6'), (8, '" + "w".repeat(300) + "', 'c8'), (9, '" + "x".repeat(255) + "yz', 'c9'), "
                            + "(11, '" + "w".repeat(255) + "', 'c11')",
                    "INSERT INTO groups (id, name) VALUES (1, '" + "g".repeat(253) + "ü🚀x')",
                    "INSERT INTO roles (id, name) VALUES (1, 'user')",
                    "INSERT INTO user_role_map (user_id, role_id) VALUES (1, 1), (8, 1), (9, 1)",
                    "INSERT INTO oauth_clients (id, identifier, redirect_uri) VALUES (1, 'jupyterhub-user-"
                            + "y".repeat(300) + "', '/')");

            CopyReport report = copy.copy(source.url(), target.url(), TRUNCATE, CopyProgress.NONE);

            String cut = ", which is kept, on the target once cut to VARCHAR(255)";
            String xs = "x".repeat(57) + "...";
            assertThat(report.plan().handled()).extracting(CopyHandledRow::line).containsExactlyInAnyOrder(
                    "TRUNCATED users [id=6]: name is longer than VARCHAR(255): cut to 255 characters",
                    "SKIPPED users [id=8]: name '" + "w".repeat(57) + "...' equals that of [id=11]" + cut,
                    "SKIPPED users [id=9]: name '" + xs + "' equals that of [id=6]" + cut,
                    "TRUNCATED groups [id=1]: name is longer than VARCHAR(255): cut to 255 characters",
                    "SKIPPED oauth_clients [id=1]: identifier is longer than VARCHAR(255)",
                    "SKIPPED user_role_map [user_id=8, role_id=1]: user_id=8 refers to a skipped row of users "
                            + "(ON DELETE CASCADE)",
                    "SKIPPED user_role_map [user_id=9, role_id=1]: user_id=9 refers to a skipped row of users "
                            + "(ON DELETE CASCADE)");
            assertThat(rows(target.url(), "SELECT id, char_length(name), left(name, 2) FROM users ORDER BY id"))
                    .containsExactly("1|5|al", "6|255|xx", "11|255|ww");
            assertThat(rows(target.url(), "SELECT right(name, 3) FROM groups")).containsExactly("gü🚀");
            assertThat(rows(target.url(), "SELECT COUNT(*) FROM oauth_clients")).containsExactly("0");
        }
    }

    @Test
    void verificationStillNamesARowThatDiffersFromItsCutValue() throws Exception {
        try (HubDb source = RealHubDatabases.sqlite(dir);
                Target target = CopyFixtures.target(Engine.POSTGRESQL, dir)) {
            exec(source.url(), "INSERT INTO users (id, name, cookie_id) VALUES (1, 'alice', 'c1'), "
                    + "(6, '" + "x".repeat(300) + "', 'c6')");
            AtomicBoolean tampered = new AtomicBoolean();
            CopyProgress tamper = new CopyProgress() {
                @Override
                public void rowsCopied(String table, long rows) {
                    if (table.equals("users") && rows == 2 && !tampered.getAndSet(true)) {
                        try {
                            exec(target.url(), "UPDATE users SET name = '" + "x".repeat(254) + "' WHERE id = 6");
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            };

            assertThatThrownBy(() -> copy.copy(source.url(), target.url(), TRUNCATE, tamper))
                    .isInstanceOf(CopyFailedException.class)
                    .hasMessageContaining("Verification failed: users: the row id=6 differs in column name");
            assertThat(tampered).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {UNICODE_CI, "utf8mb4_general_ci"})
    void asksTheTargetsOwnCollationAboutAccentCaseAndTrailingSpaceCollisions(String collation) throws Exception {
        try (HubDb source = RealHubDatabases.postgres(); Target target = CopyFixtures.target(Engine.MYSQL, dir)) {
            exec(source.url(), "INSERT INTO users (id, name, cookie_id) VALUES (1, 'zoe', 'c1'), (2, 'zoë', 'c2'), "
                    + "(3, 'Zoe', 'c3'), (4, 'a', 'c4'), (5, 'a ', 'c5'), (6, 'zoey', 'c6')",
                    "INSERT INTO groups (id, name) VALUES (1, 'Staff'), (2, 'staff'), (3, 'stäff')");
            exec(target.url(), "ALTER DATABASE " + target.scratch().name() + " COLLATE " + collation);

            CopyPlan plan = copy.plan(source.url(), target.url(), CopyOptions.defaults());

            assertThat(plan.findings()).extracting(CopyFinding::line).containsExactlyInAnyOrder(
                    "COLLISION users [id=1]: name 'zoe' equals another row's under the target collation " + collation
                            + " (unique [name])",
                    "COLLISION users [id=2]: name 'zoë' equals another row's under the target collation " + collation
                            + " (unique [name])",
                    "COLLISION users [id=3]: name 'Zoe' equals another row's under the target collation " + collation
                            + " (unique [name])",
                    "COLLISION users [id=4]: name 'a' equals another row's under the target collation " + collation
                            + " (unique [name])",
                    "COLLISION users [id=5]: name 'a ' equals another row's under the target collation " + collation
                            + " (unique [name])",
                    "COLLISION groups [id=1]: name 'Staff' equals another row's under the target collation "
                            + collation + " (unique [name])",
                    "COLLISION groups [id=2]: name 'staff' equals another row's under the target collation "
                            + collation + " (unique [name])",
                    "COLLISION groups [id=3]: name 'stäff' equals another row's under the target collation "
                            + collation + " (unique [name])");
            assertThat(tables(target.url())).as("the check leaves nothing in the target").isEmpty();
            assertThatThrownBy(() -> copy.copy(source.url(), target.url(), CopyOptions.defaults(), CopyProgress.NONE))
                    .isInstanceOf(CopyFailedException.class).hasMessageContaining("--on-violation skip");
            assertThat(tables(target.url())).isEmpty();

            copy.copy(source.url(), target.url(), SKIP, CopyProgress.NONE);

            assertThat(rows(target.url(), "SELECT id FROM users ORDER BY id")).containsExactly("1", "4", "6");
            assertThat(rows(target.url(), "SELECT id FROM `groups` ORDER BY id")).containsExactly("1");
            assertThat(tables(target.url())).doesNotContain(CopyUniqueCheck.TABLE, CopySchemaPlanner.MARKER);
            assertThat(rows(source.url(), "SELECT COUNT(*) FROM users")).as("the source keeps its rows")
                    .containsExactly("6");
        }
    }

    @Test
    void theTemporaryTableIsGoneEvenFromTheChecksOwnSession() throws Exception {
        try (HubDb source = RealHubDatabases.sqlite(dir); Target target = CopyFixtures.target(Engine.MYSQL, dir)) {
            exec(source.url(), "INSERT INTO users (id, name, cookie_id) VALUES (1, 'zoe', 'c1'), (2, 'zoë', 'c2')");
            HubDatabases databases = new HubDatabases();
            CopyTable users = plannedTable(source.url(), "users");
            int[] keys = RowKey.positions(users);
            List<String> seen = new ArrayList<>();
            try (Connection session = databases.openForWrite(target.url());
                    Connection read = databases.openReadOnly(source.url())) {
                CopyUniqueCheck check = new CopyUniqueCheck(Engine.MYSQL, () -> session);
                check.collisions(read, Engine.SQLITE, users, RowKey.position(users, "name"), keys, true, null,
                        (key, value, keep) -> seen.add(key.values() + " " + value + " " + keep));

                assertThat(seen).containsExactly("[1] zoe true", "[2] zoë false");
                try (Statement s = session.createStatement()) {
                    assertThatThrownBy(() -> s.executeQuery("SELECT * FROM " + CopyUniqueCheck.TABLE))
                            .isInstanceOf(SQLException.class).hasMessageContaining("doesn't exist");
                }
            }
            assertThat(tables(target.url())).isEmpty();
        }
    }

    @Test
    void refusesInOneLineWhenTheTargetUserMayNotCreateTemporaryTables() throws Exception {
        try (HubDb source = RealHubDatabases.sqlite(dir); Target target = CopyFixtures.target(Engine.MYSQL, dir)) {
            String db = target.scratch().name();
            String user = "hc_notemp_" + db.substring(db.length() - 12);
            exec(target.url(), "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'pw'", "GRANT SELECT, INSERT, UPDATE, "
                    + "DELETE, CREATE, DROP, INDEX, ALTER, REFERENCES ON " + db + ".* TO '" + user + "'@'%'");
            try {
                DbUrl limited = DbUrl.parse("mysql://" + user + ":pw@127.0.0.1:3306/" + db, null);

                assertThatThrownBy(() -> copy.plan(source.url(), limited, CopyOptions.defaults()))
                        .isInstanceOf(CopyFailedException.class)
                        .hasMessageContaining("The target refused a temporary table")
                        .hasMessageEndingWith("grant the target user CREATE TEMPORARY TABLES on the target database, "
                                + "then run again.")
                        .hasMessageNotContaining("\n");
                assertThat(tables(target.url())).isEmpty();
            } finally {
                exec(target.url(), "DROP USER '" + user + "'@'%'");
            }
        }
    }

    @Test
    void orphansInAMariaDbSourceAreSkippedIntoSqlite() throws Exception {
        try (HubDb source = RealHubDatabases.mariadb()) {
            DbUrl target = DbUrl.parse("sqlite:///" + dir.resolve("copy.sqlite"), dir);
            exec(source.url(), "SET SESSION foreign_key_checks = 0",
                    "INSERT INTO users (id, name, cookie_id) VALUES (1, 'alice', 'c1')",
                    "INSERT INTO spawners (id, user_id, server_id, name) VALUES (1, 1, NULL, ''), (2, 42, NULL, ''), "
                            + "(3, 1, 77, 'gone')");

            CopyReport report = copy.copy(source.url(), target, SKIP, CopyProgress.NONE);

            assertThat(report.plan().handled()).extracting(CopyHandledRow::line).containsExactlyInAnyOrder(
                    "SKIPPED spawners [id=2]: user_id=42 has no row in users [id] (ON DELETE CASCADE)",
                    "SET_NULL spawners [id=3]: server_id=77 has no row in servers [id] (ON DELETE SET NULL)");
            assertThat(rows(target, "SELECT id, server_id FROM spawners ORDER BY id")).containsExactly("1|null",
                    "3|null");
            assertThat(rows(source.url(), "SELECT id, user_id, server_id FROM spawners ORDER BY id"))
                    .as("the source is not modified").containsExactly("1|1|null", "2|42|null", "3|1|77");
        }
    }

    @Test
    void theHealthCheckFindsAndDecidesTheSameOnOneConnectionAsOnSeveral() throws Exception {
        try (HubDb source = RealHubDatabases.sqlite(dir)) {
            DbUrl target = DbUrl.parse("sqlite:///" + dir.resolve("copy.sqlite"), dir);
            // Violations of every kind in several tables, more of some than the findings list (LIMIT), and rows that
            // break several rules at once (too long and orphan): the decisions about them depend on their order.
            exec(source.url(), "PRAGMA foreign_keys = OFF",
                    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 400) "
                            + "INSERT INTO users (id, name, cookie_id) SELECT x, CASE WHEN x % 3 = 0 THEN printf('%0300d', x) "
                            + "ELSE 'user-' || x END, 'c' || x FROM n",
                    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 300) "
                            + "INSERT INTO spawners (id, user_id, server_id, name) SELECT x, CASE WHEN x % 2 = 0 THEN x "
                            + "ELSE 1000 + x END, CASE WHEN x % 5 = 0 THEN 9000 + x END, CASE WHEN x % 7 = 0 THEN "
                            + "printf('%0300d', x) ELSE '' END FROM n",
                    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 500) "
                            + "INSERT INTO api_tokens (id, user_id, hashed, prefix, client_id) SELECT x, CASE WHEN x % 4 = 0 "
                            + "THEN 5000 + x WHEN x % 4 = 1 THEN 3000000000 ELSE x % 400 + 1 END, 'h' || x, "
                            + "CASE WHEN x % 6 = 0 THEN 'far-too-long-prefix' ELSE 'p' END, CASE WHEN x % 9 = 0 THEN "
                            + "'gone-client' END FROM n",
                    "INSERT INTO roles (id, name) VALUES (1, 'user')",
                    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 250) "
                            + "INSERT INTO user_role_map (user_id, role_id) SELECT x * 2, CASE WHEN x % 3 = 0 THEN 2 ELSE 1 "
                            + "END FROM n");

            for (CopyOptions.OnViolation mode : CopyOptions.OnViolation.values()) {
                CopyPlan one = copy.plan(source.url(), target, new CopyOptions(false, false, 1, mode));
                CopyPlan several = copy.plan(source.url(), target, new CopyOptions(false, false, 4, mode));

                assertThat(one.findings()).as(mode + ": findings").hasSizeGreaterThan(CopyHealthCheck.LIMIT);
                assertThat(several.findings()).extracting(CopyFinding::line).as(mode + ": findings, in order")
                        .containsExactlyElementsOf(one.findings().stream().map(CopyFinding::line).toList());
                assertThat(several.handled()).extracting(CopyHandledRow::line).as(mode + ": decisions, in order")
                        .containsExactlyElementsOf(one.handled().stream().map(CopyHandledRow::line).toList());
                if (mode != CopyOptions.OnViolation.STOP) {
                    assertThat(one.handled()).as(mode + ": decisions").isNotEmpty();
                }
            }
            assertThat(target.sqliteFile()).as("planning writes nothing").doesNotExist();
        }
    }

    @Test
    void refusesWhenMoreRowsThanTheCapWouldBeHandled() throws Exception {
        try (HubDb source = RealHubDatabases.sqlite(dir)) {
            DbUrl target = DbUrl.parse("sqlite:///" + dir.resolve("copy.sqlite"), dir);
            exec(source.url(), "PRAGMA foreign_keys = OFF", "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < "
                    + (CopyViolations.MAX_HANDLED + 1) + ") INSERT INTO oauth_codes (id, client_id, code) "
                    + "SELECT x, 'gone', 'c' FROM n");

            assertThatThrownBy(() -> copy.copy(source.url(), target, SKIP, CopyProgress.NONE))
                    .isInstanceOf(CopyFailedException.class)
                    .hasMessage("More than 100,000 rows (100,001) would be skipped or changed: repair the source (the "
                            + "hub stopped) and run the copy again.")
                    .satisfies(e -> assertThat(((CopyFailedException) e).targetTouched()).isFalse());
            assertThat(target.sqliteFile()).doesNotExist();
        }
    }

    private CopyTable plannedTable(DbUrl source, String name) throws SQLException {
        try (Connection c = new HubDatabases().openReadOnly(source)) {
            SchemaCatalog catalog = SchemaCatalog.standard();
            String revision = RealHubDatabases.JUPYTERHUB_30_HEAD;
            return CopySchemaPlanner.plan(new LiveSchemaReader().read(c), catalog.at(revision, Engine.SQLITE)
                    .orElseThrow(), catalog.at(revision, Engine.MYSQL).orElseThrow(), List.of(), false).tables()
                    .stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
        }
    }

    private static List<String> tables(DbUrl url) throws SQLException {
        try (Connection c = new HubDatabases().openReadOnly(url)) {
            return HubDatabases.baseTables(c);
        }
    }

    private static List<String> rows(DbUrl url, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = new HubDatabases().openReadOnly(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    values.add(rs.getString(i));
                }
                out.add(String.join("|", values));
            }
        }
        return out;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
