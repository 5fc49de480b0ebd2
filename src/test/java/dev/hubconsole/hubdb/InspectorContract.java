package dev.hubconsole.hubdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubconsole.hubdb.DriftFinding.Kind;
import dev.hubconsole.hubdb.HealthFinding.Problem;
import dev.hubconsole.hubdb.RealHubDatabases.HubDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inspection of databases made by the real JupyterHub 3.0, changed the way admins and other tools change them,
 * gives the same findings on SQLite, PostgreSQL and MariaDB. Each engine says how it performs a schema change it
 * supports differently ({@link #allowNull}, {@link #resize}, {@link #dropForeignKey}).
 */
abstract class InspectorContract {

    static final String CONFIG = """
            c = get_config()  # noqa
            c.Authenticator.allowed_users = {'alice', 'carol'}
            c.Authenticator.admin_users = set(['admin'])
            c.JupyterHub.load_groups = {
                'staff': ['alice'],
            }
            """;

    @TempDir
    Path tempDir;

    abstract Engine engine();

    abstract HubDb createHubDatabase(Path dir);

    /** Lets {@code table.column} (of {@code type}) hold NULL. */
    abstract void allowNull(Connection c, String table, String column, String type) throws SQLException;

    /** Changes the length of a VARCHAR column. */
    abstract void resize(Connection c, String table, String column, int length) throws SQLException;

    /** Removes the foreign key on {@code table.column} so that rows may violate it. */
    abstract void dropForeignKey(Connection c, String table, String column) throws SQLException;

    Inspection inspect(HubDb hub) {
        return new Inspector().inspect(hub.url(), Optional.of(ConfigIdentities.parse(CONFIG)));
    }

    void execute(HubDb hub, String... sql) throws SQLException {
        try (Connection c = new HubDatabases().openForWrite(hub.url()); Statement s = c.createStatement()) {
            if (engine() == Engine.SQLITE) {
                s.execute("PRAGMA foreign_keys = OFF");
            }
            for (String statement : sql) {
                s.execute(statement);
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    void change(HubDb hub, SchemaChange change) throws SQLException {
        try (Connection c = new HubDatabases().openForWrite(hub.url())) {
            change.apply(c);
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    interface SchemaChange {
        void apply(Connection c) throws SQLException;
    }

    static List<String> objects(Inspection i, Kind kind) {
        return i.drift().stream().filter(d -> d.kind() == kind).map(DriftFinding::object).toList();
    }

    static Optional<HealthFinding> health(Inspection i, Problem problem, String object) {
        return i.health().stream().filter(h -> h.problem() == problem && h.object().equals(object)).findFirst();
    }

    @Test
    void databaseJupyterHub30CreatedHasNoDriftNoHealthProblemsAndIsSafeToStartFresh() {
        try (HubDb hub = createHubDatabase(tempDir)) {
            Inspection i = inspect(hub);

            assertThat(i.engine()).isEqualTo(engine());
            assertThat(i.revision()).isEqualTo(RealHubDatabases.JUPYTERHUB_30_HEAD);
            assertThat(i.releases()).containsExactly("3.0", "3.1");
            assertThat(i.driftChecked()).isTrue();
            assertThat(i.drift()).isEmpty();
            assertThat(i.health()).isEmpty();
            assertThat(i.tables()).containsEntry("users", 0L).containsEntry("alembic_version", 1L).hasSize(14);
            assertThat(i.deleteImpact().safeToStartFresh()).isTrue();
            assertThat(i.blocking()).isEmpty();
            assertThat(i.toMap()).containsKeys("engine", "revision", "releases", "tables", "drift", "health",
                    "deleteImpact");
        }
    }

    @Test
    void adminsExtraTableColumnAndIndexAreAdditionsAndAMissingColumnBlocks() throws Exception {
        try (HubDb hub = createHubDatabase(tempDir)) {
            execute(hub, "CREATE TABLE hc_usage (id INTEGER PRIMARY KEY, minutes INTEGER)",
                    "ALTER TABLE users ADD department VARCHAR(64)",
                    "CREATE INDEX ix_users_last_activity ON users (last_activity)",
                    "ALTER TABLE spawners DROP COLUMN user_options");

            Inspection i = inspect(hub);

            assertThat(objects(i, Kind.ADDITION)).containsExactlyInAnyOrder("hc_usage", "users.department",
                    "users:ix_users_last_activity");
            assertThat(objects(i, Kind.BLOCKING)).containsExactly("spawners.user_options");
            assertThat(objects(i, Kind.RISKY)).isEmpty();
            assertThat(i.blocking()).singleElement().asString().contains("spawners.user_options");
            DriftFinding addition = i.drift().stream().filter(d -> d.object().equals("hc_usage")).findFirst()
                    .orElseThrow();
            assertThat(addition.upgrade()).contains("Kept");
            assertThat(addition.engineChange()).contains("preserves");
        }
    }

    @Test
    void shortenedColumnAndRemovedNotNullAreRisky() throws Exception {
        try (HubDb hub = createHubDatabase(tempDir)) {
            change(hub, c -> {
                resize(c, "groups", "name", 100);
                allowNull(c, "users", "cookie_id", "VARCHAR(255)");
            });

            Inspection i = inspect(hub);

            assertThat(objects(i, Kind.RISKY)).containsExactlyInAnyOrder("groups.name", "users.cookie_id");
            assertThat(i.drift()).filteredOn(d -> d.object().equals("groups.name")).singleElement()
                    .satisfies(d -> assertThat(d.detail()).contains("VARCHAR(100)").contains("VARCHAR(255)"));
            assertThat(i.blocking()).isEmpty();
        }
    }

    @Test
    void findsBrokenForeignKeysNullsOverlongValuesAndInvalidJson() throws Exception {
        try (HubDb hub = createHubDatabase(tempDir)) {
            change(hub, c -> {
                dropForeignKey(c, "spawners", "user_id");
                allowNull(c, "users", "cookie_id", "VARCHAR(255)");
                resize(c, "users", "name", 400);
            });
            execute(hub,
                    "INSERT INTO users (id, name, admin, cookie_id) VALUES (1, 'alice', FALSE, 'c1')",
                    "INSERT INTO users (id, name, admin, cookie_id) VALUES (2, 'nocookie', FALSE, NULL)",
                    "INSERT INTO users (id, name, admin, cookie_id) VALUES (3, '" + "x".repeat(300) + "', FALSE, 'c3')",
                    "INSERT INTO spawners (id, user_id, name, state) VALUES (1, 1, '', '{}')",
                    "INSERT INTO spawners (id, user_id, name, state) VALUES (2, 99, '', '{}')",
                    "INSERT INTO spawners (id, user_id, name, state) VALUES (3, 1, 'lab', 'not json {')");

            Inspection i = inspect(hub);

            assertThat(health(i, Problem.FOREIGN_KEY, "spawners.user_id -> users.id")).get()
                    .satisfies(h -> {
                        assertThat(h.count()).isEqualTo(1);
                        assertThat(h.examples()).containsExactly("id=2: 99");
                    });
            assertThat(health(i, Problem.NULL_IN_NOT_NULL, "users.cookie_id")).get()
                    .satisfies(h -> assertThat(h.examples()).containsExactly("id=2"));
            assertThat(health(i, Problem.TOO_LONG, "users.name")).get()
                    .satisfies(h -> assertThat(h.examples()).containsExactly("id=3: 300"));
            assertThat(health(i, Problem.INVALID_JSON, "spawners.state")).get()
                    .satisfies(h -> assertThat(h.count()).isEqualTo(1));
            assertThat(i.blocking()).anySatisfy(b -> assertThat(b).contains("invalid JSON in spawners.state"))
                    .anySatisfy(b -> assertThat(b).contains("NULL in a NOT NULL column in users.cookie_id"));
        }
    }

    @Test
    void namesThatCollideCaseInsensitivelyAreFoundWhereTheEngineAcceptsThem() throws Exception {
        try (HubDb hub = createHubDatabase(tempDir)) {
            if (engine() == Engine.MYSQL) {
                assertThatThrownBy(() -> execute(hub,
                        "INSERT INTO users (id, name, admin, cookie_id) VALUES (1, 'alice', FALSE, 'c1')",
                        "INSERT INTO users (id, name, admin, cookie_id) VALUES (2, 'Alice', FALSE, 'c2')"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("Duplicate");
                assertThat(inspect(hub).health()).isEmpty();
                return;
            }
            execute(hub, "INSERT INTO users (id, name, admin, cookie_id) VALUES (1, 'alice', FALSE, 'c1')",
                    "INSERT INTO users (id, name, admin, cookie_id) VALUES (2, 'Alice', FALSE, 'c2')",
                    "INSERT INTO users (id, name, admin, cookie_id) VALUES (3, 'pad', FALSE, 'c3')",
                    "INSERT INTO users (id, name, admin, cookie_id) VALUES (4, 'pad ', FALSE, 'c4')",
                    "INSERT INTO users (id, name, admin, cookie_id) VALUES (5, 'zoe', FALSE, 'c5')",
                    "INSERT INTO users (id, name, admin, cookie_id) VALUES (6, 'zoë', FALSE, 'c6')",
                    "INSERT INTO users (id, name, admin, cookie_id) VALUES (7, 'straße', FALSE, 'c7')",
                    "INSERT INTO users (id, name, admin, cookie_id) VALUES (8, 'strasse', FALSE, 'c8')",
                    "INSERT INTO groups (id, name) VALUES (1, 'Staff')",
                    "INSERT INTO groups (id, name) VALUES (2, 'staff')");

            Inspection i = inspect(hub);

            assertThat(health(i, Problem.CASE_COLLISION, "users.name")).get().satisfies(h -> {
                assertThat(h.count()).isEqualTo(4);
                assertThat(h.examples()).containsExactlyInAnyOrder("'alice' = 'Alice'", "'pad' = 'pad '");
            });
            assertThat(health(i, Problem.CASE_COLLISION, "users.name (accents)")).get().satisfies(h -> {
                assertThat(h.count()).isEqualTo(4);
                assertThat(h.examples()).containsExactlyInAnyOrder("'zoe' = 'zoë'", "'strasse' = 'straße'");
            });
            assertThat(health(i, Problem.CASE_COLLISION, "groups.name")).get()
                    .satisfies(h -> assertThat(h.count()).isEqualTo(2));
        }
    }

    @Test
    void countsWhatDeletingTheDatabaseWouldLose() throws Exception {
        try (HubDb hub = createHubDatabase(tempDir)) {
            execute(hub,
                    "INSERT INTO users (id, name, admin, cookie_id) VALUES (1, 'alice', FALSE, 'c1')",
                    "INSERT INTO users (id, name, admin, cookie_id) VALUES (2, 'bob', FALSE, 'c2')",
                    "INSERT INTO users (id, name, admin, cookie_id) VALUES (3, 'admin', TRUE, 'c3')",
                    "INSERT INTO groups (id, name) VALUES (1, 'staff')",
                    "INSERT INTO groups (id, name) VALUES (2, 'adhoc')",
                    "INSERT INTO oauth_clients (id, identifier, description, secret, redirect_uri, allowed_scopes) "
                            + "VALUES (1, 'jupyterhub', 'JupyterHub', 's', '/hub/oauth_callback', '[]')",
                    "INSERT INTO oauth_clients (id, identifier, description, secret, redirect_uri, allowed_scopes) "
                            + "VALUES (2, 'jupyterhub-user-bob', 'Server', 's', '/user/bob/oauth_callback', '[]')",
                    "INSERT INTO oauth_clients (id, identifier, description, secret, redirect_uri, allowed_scopes) "
                            + "VALUES (3, 'my-dashboard', 'Dashboard', 's', 'https://dash/cb', '[]')",
                    "INSERT INTO servers (id, proto, ip, port, base_url, cookie_name) "
                            + "VALUES (1, 'http', '127.0.0.1', 8888, '/user/bob/', 'c')",
                    "INSERT INTO spawners (id, user_id, server_id, name, state) "
                            + "VALUES (1, 2, 1, '', '{\"container_id\": \"abc\", \"volume\": \"v\"}')",
                    "INSERT INTO spawners (id, user_id, server_id, name, state) VALUES (2, 2, NULL, 'lab', '{}')",
                    "INSERT INTO api_tokens (id, user_id, hashed, prefix, client_id, expires_at, scopes) "
                            + "VALUES (1, 2, 'h1', 'p1', 'jupyterhub', NULL, '[]')",
                    "INSERT INTO api_tokens (id, user_id, hashed, prefix, client_id, expires_at, scopes) "
                            + "VALUES (2, 2, 'h2', 'p2', 'jupyterhub', '2000-01-01 00:00:00', '[]')",
                    "INSERT INTO api_tokens (id, user_id, hashed, prefix, client_id, expires_at, scopes) "
                            + "VALUES (3, 1, 'h3', 'p3', 'jupyterhub', '2999-01-01 00:00:00', '[]')",
                    "INSERT INTO roles (id, name, description, scopes) VALUES (1, 'user', 'd', '[]')",
                    "INSERT INTO roles (id, name, description, scopes) VALUES (2, 'auditor', 'd', '[]')",
                    "INSERT INTO user_role_map (user_id, role_id) VALUES (1, 1)",
                    "INSERT INTO user_role_map (user_id, role_id) VALUES (2, 2)");

            DeleteImpact d = inspect(hub).deleteImpact();

            assertThat(d.configRead()).isTrue();
            assertThat(d.users()).isEqualTo(3);
            assertThat(d.usersNotFromConfig()).isEqualTo(1);
            assertThat(d.userExamples()).containsExactly("bob");
            assertThat(d.groups()).isEqualTo(2);
            assertThat(d.groupsNotFromConfig()).isEqualTo(1);
            assertThat(d.groupExamples()).containsExactly("adhoc");
            assertThat(d.apiTokens()).isEqualTo(3);
            assertThat(d.tokensByOwner()).containsEntry("user", 3L).containsEntry("service", 0L);
            assertThat(d.tokensByExpiry()).containsEntry("expired", 1L).containsEntry("expiresLater", 1L)
                    .containsEntry("neverExpires", 1L);
            assertThat(d.runningServers()).isEqualTo(1);
            assertThat(d.namedServers()).isEqualTo(1);
            assertThat(d.spawnerStates()).isEqualTo(1);
            assertThat(d.spawnerStateExamples()).containsExactly("bob (default server): keys [container_id, volume]");
            assertThat(d.oauthClients()).isEqualTo(3);
            assertThat(d.oauthClientsNotRecreated()).isEqualTo(1);
            assertThat(d.oauthClientExamples()).containsExactly("my-dashboard");
            assertThat(d.roleAssignments()).containsEntry("user_role_map", 2L);
            assertThat(d.customRoleAssignments()).isEqualTo(1);
            assertThat(d.safeToStartFresh()).isFalse();
            assertThat(d.reasons()).hasSize(7);
        }
    }

    /**
     * JupyterHub 3.0's own downgrade to 2.x works on SQLite only: PostgreSQL refuses to drop oauth_clients while
     * foreign keys point at it (the transaction rolls back), MariaDB stops half-way (no transactional DDL). Either
     * way the inspection reports the state reached, with the dropped token tables as artefacts, nothing blocking.
     */
    @Test
    void databaseDowngradedByJupyterHubIsInspectedAtTheRevisionItReached() throws Exception {
        try (HubDb hub = createHubDatabase(tempDir)) {
            Path dir = Files.createDirectories(tempDir.resolve("downgrade"));
            Files.writeString(dir.resolve("jupyterhub_config.py"),
                    "c.JupyterHub.db_url = " + pythonString(hub.url().original()) + "\n");
            boolean downgraded;
            try {
                RealHubDatabases.python("-c", "import os, sys\nos.chdir(sys.argv[1])\nfrom jupyterhub import dbutil\n"
                        + "sys.exit(dbutil.main(['alembic', 'downgrade', '833da8570507']))", dir.toString());
                downgraded = true;
            } catch (IllegalStateException e) {
                assertThat(e.getMessage()).contains("oauth_clients");
                downgraded = false;
            }
            assertThat(downgraded).isEqualTo(engine() == Engine.SQLITE);

            Inspection i = inspect(hub);

            assertThat(i.revision()).isEqualTo(downgraded ? "833da8570507" : RealHubDatabases.JUPYTERHUB_30_HEAD);
            assertThat(i.driftChecked()).isTrue();
            assertThat(objects(i, Kind.BLOCKING)).isEmpty();
            assertThat(objects(i, Kind.ADDITION)).isEmpty();
            assertThat(objects(i, Kind.RISKY)).isEmpty();
            if (downgraded) {
                assertThat(i.releases()).containsExactly("2.0", "2.1", "2.2", "2.3");
                assertThat(objects(i, Kind.ARTEFACT)).contains("api_tokens", "oauth_clients", "oauth_codes");
            }
            assertThat(i.blocking()).isEmpty();
            assertThat(i.health()).isEmpty();
        }
    }

    @Test
    void revisionBetweenReleasesIsInspectedWithoutDriftAgainstTheLiveDefinitions() throws Exception {
        try (HubDb hub = createHubDatabase(tempDir)) {
            execute(hub, "UPDATE alembic_version SET version_num = '3c2384c5aae1'",
                    "INSERT INTO spawners (id, user_id, name, state) VALUES (1, NULL, '', 'not json')");

            Inspection i = inspect(hub);

            assertThat(i.revision()).isEqualTo("3c2384c5aae1");
            assertThat(i.releases()).isEmpty();
            assertThat(i.driftChecked()).isFalse();
            assertThat(i.drift()).isEmpty();
            assertThat(i.notes()).anySatisfy(n -> assertThat(n).contains("lies between releases"));
            assertThat(health(i, Problem.INVALID_JSON, "spawners.state")).isPresent();
        }
    }

    @Test
    void refusesADatabaseThatIsNotJupyterHubs() throws Exception {
        try (HubDb hub = createHubDatabase(tempDir)) {
            execute(hub, "DROP TABLE alembic_version");
            assertThatThrownBy(() -> inspect(hub)).isInstanceOf(InspectionFailedException.class)
                    .hasMessageContaining("No alembic_version table");
            execute(hub, "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)",
                    "INSERT INTO alembic_version (version_num) VALUES ('abcdefabcdef')");
            assertThatThrownBy(() -> inspect(hub)).isInstanceOf(InspectionFailedException.class)
                    .hasMessageContaining("abcdefabcdef is not one of JupyterHub's revisions");
        }
    }

    static String pythonString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
