package dev.hubconsole.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A small hub on disk for tests: a SQLite database shaped like JupyterHub's, a config file and a cookie secret. */
final class HubFixture {

    final Path root;
    final Path database;
    final Path config;
    final Path cookieSecret;
    final Path backups;

    HubFixture(Path root) throws IOException, SQLException {
        this.root = root;
        Path hub = Files.createDirectories(root.resolve("srv/jupyterhub"));
        this.database = hub.resolve("jupyterhub.sqlite");
        this.config = hub.resolve("jupyterhub_config.py");
        this.cookieSecret = hub.resolve("jupyterhub_cookie_secret");
        this.backups = root.resolve("backups");
        Files.writeString(config, "c.JupyterHub.db_url = 'sqlite:///jupyterhub.sqlite'\n");
        Files.writeString(cookieSecret, "0123456789abcdef0123456789abcdef\n");
        Files.setPosixFilePermissions(cookieSecret, java.nio.file.attribute.PosixFilePermissions.fromString(
                "rw-------"));
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)");
            s.execute("INSERT INTO alembic_version VALUES ('651f5419b74d')");
            s.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(255) UNIQUE, admin BOOLEAN,"
                    + " created DATETIME)");
            s.execute("CREATE TABLE api_tokens (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id),"
                    + " hashed VARCHAR(255), prefix VARCHAR(16), note VARCHAR(1023))");
            s.execute("CREATE TABLE groups (id INTEGER PRIMARY KEY, name VARCHAR(255) UNIQUE, properties TEXT)");
            for (int i = 1; i <= 20; i++) {
                s.execute("INSERT INTO users (name, admin, created) VALUES ('user" + i + "', " + (i == 1 ? 1 : 0)
                        + ", '2024-01-0" + (i % 9 + 1) + " 10:00:00.123456')");
            }
            for (int i = 1; i <= 7; i++) {
                s.execute("INSERT INTO api_tokens (user_id, hashed, prefix, note) VALUES (" + i + ", 'h" + i
                        + "', 'p" + i + "', 'note')");
            }
            s.execute("INSERT INTO groups (name, properties) VALUES ('staff', '{}')");
        }
    }

    static Connection connect(Path database) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + database);
    }

    BackupRequest request() {
        return new BackupRequest("Test Hub", backups, database, config, List.of(cookieSecret), Optional.empty(),
                List.of(), Map.of("jupyterhub", "3.0.0", "alembic", "651f5419b74d"));
    }

    /** Every row of every table, as text, for comparing database contents. */
    static List<String> dump(Path database) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = connect(database)) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM \"" + table + "\" ORDER BY 1")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder(table);
                        for (int i = 1; i <= columns; i++) {
                            row.append('|').append(rs.getString(i));
                        }
                        rows.add(row.toString());
                    }
                }
            }
        }
        return rows;
    }

    void execute(String sql) throws SQLException {
        try (Connection c = connect(database); PreparedStatement s = c.prepareStatement(sql)) {
            s.execute();
        }
    }
}
