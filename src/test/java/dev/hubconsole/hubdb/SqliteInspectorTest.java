package dev.hubconsole.hubdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubconsole.hubdb.HealthFinding.Problem;
import dev.hubconsole.hubdb.RealHubDatabases.HubDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class SqliteInspectorTest extends InspectorContract {

    @Override
    Engine engine() {
        return Engine.SQLITE;
    }

    @Override
    HubDb createHubDatabase(Path dir) {
        return RealHubDatabases.sqlite(dir);
    }

    /** SQLite cannot ALTER a column: the table's CREATE statement is edited, as admins' tools do. */
    private static void editCreateStatement(Connection c, String table, String from, String to) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA writable_schema = ON");
            int changed = s.executeUpdate("UPDATE sqlite_master SET sql = replace(sql, '" + from + "', '" + to
                    + "') WHERE type = 'table' AND name = '" + table + "'");
            assertThat(changed).isEqualTo(1);
            s.execute("PRAGMA writable_schema = OFF");
        }
    }

    @Override
    void allowNull(Connection c, String table, String column, String type) throws SQLException {
        editCreateStatement(c, table, column + " " + type + " NOT NULL", column + " " + type);
    }

    @Override
    void resize(Connection c, String table, String column, int length) throws SQLException {
        if (length < 255) {
            editCreateStatement(c, table, column + " VARCHAR(255)", column + " VARCHAR(" + length + ")");
        }
        // SQLite does not enforce lengths: a longer value fits as it is
    }

    @Override
    void dropForeignKey(Connection c, String table, String column) {
        // SQLite does not enforce foreign keys unless a connection asks for it; the test's connection does not
    }

    @Test
    void findsInvalidUtf8AndDatetimesInOtherFormats() throws Exception {
        try (HubDb hub = createHubDatabase(tempDir)) {
            execute(hub,
                    "INSERT INTO users (id, name, admin, cookie_id, last_activity) "
                            + "VALUES (1, 'zoë', 0, 'c1', '2024-01-02 03:04:05.123456')",
                    "INSERT INTO users (id, name, admin, cookie_id, last_activity) "
                            + "VALUES (2, CAST(X'626FFF62' AS TEXT), 0, 'c2', '2024-01-02T03:04:05Z')",
                    "INSERT INTO users (id, name, admin, cookie_id, last_activity) "
                            + "VALUES (3, 'carol', 0, 'c3', 1700000000)",
                    "INSERT INTO users (id, name, admin, cookie_id, last_activity) "
                            + "VALUES (4, 'dave', 0, 'c4', '2024-01-02 03:04:05')");

            Inspection i = inspect(hub);

            assertThat(health(i, Problem.INVALID_UTF8, "users.name")).get().satisfies(h -> {
                assertThat(h.count()).isEqualTo(1);
                assertThat(h.examples()).containsExactly("id=2 (4 bytes)");
                assertThat(h.blocking()).isTrue();
            });
            assertThat(health(i, Problem.DATETIME_FORMAT, "users.last_activity")).get().satisfies(h -> {
                assertThat(h.count()).isEqualTo(2);
                assertThat(h.examples()).containsExactly("id=2: 2024-01-02T03:04:05Z", "id=3: 1700000000");
            });
        }
    }

    /** Down to 2.x and up again with JupyterHub's own alembic: an upgraded database, artefacts only. */
    @Test
    void databaseUpgradedByJupyterHubShowsOnlyArtefacts() throws Exception {
        try (HubDb hub = createHubDatabase(tempDir)) {
            java.nio.file.Files.writeString(tempDir.resolve("jupyterhub_config.py"),
                    "c.JupyterHub.db_url = " + pythonString(hub.url().original()) + "\n");
            for (String command : new String[] {"downgrade", "upgrade"}) {
                RealHubDatabases.python("-c", "import os, sys\nos.chdir(sys.argv[1])\nfrom jupyterhub import dbutil\n"
                        + "sys.exit(dbutil.main(['alembic', sys.argv[2], sys.argv[3]]))", tempDir.toString(), command,
                        command.equals("downgrade") ? "833da8570507" : "head");
            }

            Inspection i = inspect(hub);

            assertThat(i.revision()).isEqualTo(RealHubDatabases.JUPYTERHUB_30_HEAD);
            assertThat(i.drift()).isNotEmpty().allSatisfy(d -> assertThat(d.kind())
                    .isEqualTo(DriftFinding.Kind.ARTEFACT));
            assertThat(i.blocking()).isEmpty();
            assertThat(i.health()).isEmpty();
        }
    }
}
