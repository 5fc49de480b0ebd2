package dev.hubconsole.hubdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubconsole.hubdb.RealHubDatabases.HubDb;
import dev.hubconsole.hubdb.RevisionCatalog.VerdictKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link HubDatabases} promises on every engine, checked against a database the real JupyterHub 3.0 created.
 */
abstract class HubDatabasesContract {

    /** The tables JupyterHub 3.0's ORM creates. */
    static final List<String> JUPYTERHUB_30_TABLES = List.of("alembic_version", "api_tokens", "group_role_map",
            "groups", "oauth_clients", "oauth_codes", "roles", "servers", "service_role_map", "services", "spawners",
            "user_group_map", "user_role_map", "users");

    @TempDir
    Path tempDir;

    final HubDatabases databases = new HubDatabases();
    HubDb hub;

    abstract HubDb createHubDatabase(Path dir);

    @BeforeEach
    void createHub() {
        hub = createHubDatabase(tempDir);
    }

    @AfterEach
    void dropHub() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void readsTheRevisionJupyterHub30Stamped() throws SQLException {
        try (Connection c = databases.openReadOnly(hub.url())) {
            assertThat(databases.alembicRevision(c)).contains(RealHubDatabases.JUPYTERHUB_30_HEAD);
            assertThat(RevisionCatalog.standard().verdict(databases.alembicRevision(c)).releases())
                    .containsExactly("3.0", "3.1");
        }
    }

    @Test
    void everyConnectionOfAnEngineGoesThroughItsOneDriver() throws SQLException {
        java.sql.Driver driver = HubDatabases.driver(hub.url().engine());

        try (Connection a = databases.openReadOnly(hub.url()); Connection b = databases.openForWrite(hub.url())) {
            assertThat(a.isValid(5)).isTrue();
            assertThat(b.isValid(5)).isTrue();
        }

        assertThat(HubDatabases.driver(hub.url().engine())).isSameAs(driver);
        assertThat(driver.acceptsURL(hub.url().jdbcUrl())).isTrue();
    }

    @Test
    void countsRowsOfEveryBaseTableOrderedByName() throws SQLException {
        insertRole(hub.url(), "hc-counted");

        try (Connection c = databases.openReadOnly(hub.url())) {
            Map<String, Long> counts = databases.rowCounts(c);

            assertThat(counts.keySet()).containsExactlyElementsOf(JUPYTERHUB_30_TABLES);
            assertThat(counts).containsEntry("alembic_version", 1L).containsEntry("roles", 1L)
                    .containsEntry("users", 0L);
        }
    }

    @Test
    void refusesEveryWriteThroughAReadOnlyConnection() throws SQLException {
        insertRole(hub.url(), "hc-existing");

        try (Connection c = databases.openReadOnly(hub.url())) {
            assertThat(c.isReadOnly()).isTrue();
            for (String sql : List.of("INSERT INTO roles (name, description) VALUES ('hc-sneaky', 'x')",
                    "UPDATE roles SET description = 'changed'", "DELETE FROM alembic_version",
                    "CREATE TABLE hc_sneaky (id INTEGER)", "DROP TABLE users")) {
                assertThatThrownBy(() -> {
                    try (Statement s = c.createStatement()) {
                        s.execute(sql);
                    }
                    if (!c.getAutoCommit()) {
                        c.commit();
                    }
                }).as(sql).isInstanceOf(SQLException.class);
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
            }
        }

        try (Connection c = databases.openReadOnly(hub.url())) {
            assertThat(databases.rowCounts(c)).containsEntry("roles", 1L).containsKey("users")
                    .doesNotContainKey("hc_sneaky");
            assertThat(databases.alembicRevision(c)).contains(RealHubDatabases.JUPYTERHUB_30_HEAD);
            try (Statement s = c.createStatement();
                    var rs = s.executeQuery("SELECT name, description FROM roles")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("hc-existing");
                assertThat(rs.getString(2)).isEqualTo("test");
            }
        }
    }

    @Test
    void saysNotAJupyterHubDatabaseWithoutAlembicVersion() throws SQLException {
        try (Connection c = databases.openForWrite(hub.url()); Statement s = c.createStatement()) {
            s.execute("DROP TABLE alembic_version");
        }

        try (Connection c = databases.openReadOnly(hub.url())) {
            assertThat(databases.alembicRevision(c)).isEmpty();
            assertThat(RevisionCatalog.standard().verdict(databases.alembicRevision(c)).kind())
                    .isEqualTo(VerdictKind.NO_ALEMBIC_VERSION);
        }
    }

    void insertRole(DbUrl url, String name) throws SQLException {
        try (Connection c = databases.openForWrite(url); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO roles (name, description) VALUES ('" + name + "', 'test')");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }
}
