package dev.hubconsole.hubdb;

import dev.hubconsole.hubdb.RealHubDatabases.HubDb;
import dev.hubconsole.testsupport.TestDatabases;
import dev.hubconsole.testsupport.TestDatabases.Scratch;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;

/** Databases for the copy tests: real JupyterHub 3.0 sources filled with tricky rows, and empty targets. */
final class CopyFixtures {

    static final String LONG_NAME = "n".repeat(251) + "-ü✓🚀";
    static final String UNICODE_NAME = "zoë 🚀 渡辺";
    static final LocalDateTime MICROS = LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_000);
    static final LocalDateTime PLAIN = LocalDateTime.of(2023, 1, 2, 3, 4, 5, 123_456_000);
    static final byte[] BLOB = new byte[256];
    static final String BIG_JSON;

    static {
        for (int i = 0; i < 256; i++) {
            BLOB[i] = (byte) i;
        }
        StringBuilder json = new StringBuilder("{\"items\": [");
        for (int i = 0; i < 1200; i++) {
            json.append(i == 0 ? "" : ", ").append("{\"k\": \"v\\u00e9\\ud83d\\ude80 ").append(i).append("\"}");
        }
        BIG_JSON = json.append("], \"tab\\t\": \"a\\\\b\\nc\"}").toString();
    }

    private CopyFixtures() {
    }

    static HubDb source(Engine engine, Path dir) {
        HubDb hub = switch (engine) {
            case SQLITE -> RealHubDatabases.sqlite(dir);
            case POSTGRESQL -> RealHubDatabases.postgres();
            case MYSQL -> RealHubDatabases.mariadb();
        };
        try {
            fill(hub.url());
            return hub;
        } catch (SQLException | RuntimeException e) {
            hub.close();
            throw new IllegalStateException(e);
        }
    }

    /** An empty target; for SQLite a file in {@code dir} (the scratch is {@code null}). */
    static Target target(Engine engine, Path dir) {
        return switch (engine) {
            case SQLITE -> new Target(DbUrl.parse("sqlite:///" + dir.resolve("target.sqlite").toAbsolutePath(), dir),
                    null);
            case POSTGRESQL -> scratch(TestDatabases.postgres());
            case MYSQL -> scratch(TestDatabases.mariadb());
        };
    }

    private static Target scratch(Scratch s) {
        return new Target(DbUrl.parse(s.jdbcUrl(), null), s);
    }

    record Target(DbUrl url, Scratch scratch) implements AutoCloseable {
        @Override
        public void close() {
            if (scratch != null) {
                scratch.close();
            }
        }
    }

    /** Runs these statements on the database and commits. */
    static void exec(DbUrl url, String... sql) throws SQLException {
        try (Connection c = new HubDatabases().openForWrite(url); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    static Object ts(Engine engine, LocalDateTime t) {
        return engine == Engine.SQLITE ? t.format(CopyValues.SQLITE_DATETIME) : t;
    }

    static void fill(DbUrl url) throws SQLException {
        Engine e = url.engine();
        try (Connection c = new HubDatabases().openForWrite(url)) {
            try (Statement s = c.createStatement()) {
                s.execute("ALTER TABLE users ADD COLUMN hc_department VARCHAR(100)");
                s.execute("CREATE TABLE hc_extra (id INTEGER PRIMARY KEY, note TEXT, at_time "
                        + (e == Engine.POSTGRESQL ? "TIMESTAMP" : "DATETIME") + ")");
                s.execute("CREATE INDEX ix_users_hc_department ON users (hc_department)");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (id, name, admin, created, last_activity,"
                    + " cookie_id, state, encrypted_auth_state, hc_department) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                Object[][] rows = {
                    {1, "alice", true, MICROS, PLAIN, "c1", "{}", BLOB, "physics"},
                    {2, UNICODE_NAME, false, PLAIN, null, "c2", BIG_JSON, null, null},
                    {3, LONG_NAME, null, PLAIN, MICROS, "c3", null, new byte[0], "ünï"},
                    {7, "tab\tnewline\nback\\slash", false, null, null, "c7", "{\"a\": \"\\u0000\"}", null, ""},
                };
                for (Object[] r : rows) {
                    for (int i = 0; i < r.length; i++) {
                        Object v = r[i] instanceof LocalDateTime t ? ts(e, t) : r[i];
                        ps.setObject(i + 1, v);
                    }
                    ps.executeUpdate();
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO groups (id, name) VALUES (1, 'staff'), (2, 'ünicode-grüppe')");
                s.execute("INSERT INTO user_group_map (user_id, group_id) VALUES (1, 1), (2, 1), (2, 2)");
                s.execute("INSERT INTO roles (id, name, description, scopes) VALUES (1, 'user', 'd', '[\"self\"]'),"
                        + " (2, 'admin', NULL, '[]')");
                s.execute("INSERT INTO user_role_map (user_id, role_id) VALUES (1, 1), (1, 2), (3, 1)");
                s.execute("INSERT INTO oauth_clients (id, identifier, description, secret, redirect_uri, "
                        + "allowed_scopes) VALUES (1, 'jupyterhub-user-alice', 'Server', 's', '/user/alice/oauth', "
                        + "'[]')");
                s.execute("INSERT INTO services (id, name, admin, pid) VALUES (1, 'svc', " + (e == Engine.SQLITE
                        ? "1" : "true") + ", 42)");
                s.execute("INSERT INTO hc_extra (id, note) VALUES (1, 'admin table'), (2, NULL)");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_tokens (id, user_id, hashed, prefix, "
                    + "created, expires_at, note, scopes, client_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= 50; i++) {
                    ps.setInt(1, i);
                    ps.setInt(2, i % 2 == 0 ? 1 : 2);
                    ps.setString(3, "sha512:" + i);
                    ps.setString(4, "p" + i);
                    ps.setObject(5, ts(e, PLAIN.plusSeconds(i)));
                    ps.setObject(6, null);
                    ps.setString(7, i == 1 ? "ä".repeat(1023) : null);
                    ps.setString(8, "[\"inherit\"]");
                    ps.setString(9, "jupyterhub-user-alice");
                    ps.executeUpdate();
                }
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }
}
