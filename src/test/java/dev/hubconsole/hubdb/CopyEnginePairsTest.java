package dev.hubconsole.hubdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubconsole.hubdb.CopyFixtures.Target;
import dev.hubconsole.hubdb.RealHubDatabases.HubDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The copy contract over every engine pair, on real JupyterHub 3.0 databases (created by its own ORM) on the local
 * SQLite, PostgreSQL and MariaDB, filled with tricky rows: unicode and 255-character names, microsecond datetimes,
 * blobs with every byte value, NULLs, large JSON, an admin-added column, index and table.
 */
class CopyEnginePairsTest {

    @TempDir
    Path dir;

    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of(Engine.SQLITE, Engine.POSTGRESQL),
                Arguments.of(Engine.SQLITE, Engine.MYSQL),
                Arguments.of(Engine.POSTGRESQL, Engine.MYSQL),
                Arguments.of(Engine.MYSQL, Engine.POSTGRESQL),
                Arguments.of(Engine.POSTGRESQL, Engine.POSTGRESQL),
                Arguments.of(Engine.POSTGRESQL, Engine.SQLITE),
                Arguments.of(Engine.MYSQL, Engine.SQLITE));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("pairs")
    void copiesEveryValueExactlyIntoJupyterHubsFreshSchema(Engine from, Engine to) throws Exception {
        try (HubDb source = CopyFixtures.source(from, dir.resolve("src").toFile().mkdirs() ? dir.resolve("src")
                : dir); Target target = CopyFixtures.target(to, dir)) {
            String before = from == Engine.SQLITE ? sha256(source.url().sqliteFile()) : null;

            CopyReport report = DatabaseCopy.standalone().copy(source.url(), target.url(), CopyOptions.defaults(),
                    CopyProgress.NONE);

            assertThat(report.plan().additions()).contains("table hc_extra (3 columns)")
                    .anySatisfy(a -> assertThat(a).startsWith("column users.hc_department VARCHAR(100)"))
                    .anySatisfy(a -> assertThat(a).startsWith("index users [hc_department]"));
            assertThat(report.tables()).extracting(CopyReport.TableResult::table).contains("users", "api_tokens",
                    "hc_extra");
            assertThat(report.tables().stream().filter(t -> t.table().equals("api_tokens")).findFirst().orElseThrow()
                    .rows()).isEqualTo(50);
            if (before != null) {
                assertThat(sha256(source.url().sqliteFile())).as("source file unchanged").isEqualTo(before);
            }

            ExpectedSchema expected = SchemaCatalog.standard().at(RealHubDatabases.JUPYTERHUB_30_HEAD, to)
                    .orElseThrow();
            HubDatabases databases = new HubDatabases();
            try (Connection c = databases.openReadOnly(target.url())) {
                assertThat(databases.alembicRevision(c)).contains(RealHubDatabases.JUPYTERHUB_30_HEAD);
                List<String> differences = expected.differences(new LiveSchemaReader().read(c));
                assertThat(differences).allSatisfy(d -> assertThat(d).containsAnyOf("hc_extra", "hc_department"));
                assertThat(differences).contains("table hc_extra is not JupyterHub's",
                        "users.hc_department is not JupyterHub's");
                assertValues(c, from, to);
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
            }
            try (Connection c = databases.openForWrite(target.url()); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO users (name, cookie_id) VALUES ('after-copy', 'c-new')");
                s.executeUpdate("INSERT INTO api_tokens (hashed, user_id) VALUES ('h-new', 1)");
                try (ResultSet rs = s.executeQuery("SELECT id FROM users WHERE name = 'after-copy'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("the next id is past the copied ones").isGreaterThan(7);
                }
            }
        }
    }

    private static void assertValues(Connection c, Engine from, Engine to) throws Exception {
        boolean wholeSeconds = to == Engine.MYSQL || from == Engine.MYSQL; // JupyterHub's MySQL DATETIME has no fraction
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, admin, created, last_activity, state, "
                + "encrypted_auth_state, hc_department FROM users ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertThat(rs.getString(2)).isEqualTo("alice");
            assertThat(rs.getBoolean(3)).isTrue();
            assertThat(CopyValues.read(rs, 4, to, "DATETIME", false)).isEqualTo(wholeSeconds
                    ? CopyFixtures.MICROS.withNano(0) : CopyFixtures.MICROS);
            assertThat(rs.getBytes(7)).isEqualTo(CopyFixtures.BLOB);
            assertThat(rs.getString(8)).isEqualTo("physics");
            rs.next();
            assertThat(rs.getString(2)).isEqualTo(CopyFixtures.UNICODE_NAME);
            assertThat(rs.getBoolean(3)).isFalse();
            assertThat(rs.getObject(5)).isNull();
            assertThat(rs.getString(6)).isEqualTo(CopyFixtures.BIG_JSON);
            assertThat(rs.getBytes(7)).isNull();
            rs.next();
            assertThat(rs.getString(2)).isEqualTo(CopyFixtures.LONG_NAME);
            assertThat(rs.getObject(3)).isNull();
            assertThat(rs.getBytes(7)).isEmpty();
            assertThat(rs.getString(8)).isEqualTo("ünï");
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(7);
            assertThat(rs.getString(2)).isEqualTo("tab\tnewline\nback\\slash");
            assertThat(rs.getString(6)).isEqualTo("{\"a\": \"\\u0000\"}");
            assertThat(rs.getString(8)).isEmpty();
            assertThat(rs.next()).isFalse();
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT note FROM api_tokens WHERE id = 1")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ä".repeat(1023));
        }
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
