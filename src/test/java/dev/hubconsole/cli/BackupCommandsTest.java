package dev.hubconsole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.hubconsole.testsupport.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The headless backup, verify and restore commands, run in-process on real databases. */
class BackupCommandsTest {

    @TempDir
    Path temp;

    Path hubDir;
    Path config;
    Path database;
    Path secret;
    Path backups;
    String downApi;
    final List<TestDatabases.Scratch> scratches = new ArrayList<>();

    @BeforeEach
    void sqliteHub() throws Exception {
        hubDir = Files.createDirectories(temp.resolve("srv/jupyterhub"));
        config = Files.writeString(hubDir.resolve("jupyterhub_config.py"),
                "c.JupyterHub.db_url = 'sqlite:///jupyterhub.sqlite'\n");
        secret = Files.writeString(hubDir.resolve("jupyterhub_cookie_secret"), "00ff00ff\n");
        database = hubDir.resolve("jupyterhub.sqlite");
        backups = temp.resolve("backups");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)");
            s.execute("INSERT INTO alembic_version VALUES ('651f5419b74d')");
            s.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(255) UNIQUE)");
            for (int i = 1; i <= 25; i++) {
                s.execute("INSERT INTO users (name) VALUES ('user" + i + "')");
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            downApi = "http://127.0.0.1:" + socket.getLocalPort() + "/hub/api";
        }
    }

    @AfterEach
    void dropScratches() {
        scratches.forEach(TestDatabases.Scratch::close);
    }

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    Path onlyBackup() throws Exception {
        try (Stream<Path> dirs = Files.list(backups.resolve("jupyterhub"))) {
            return dirs.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .findFirst().orElseThrow();
        }
    }

    @Test
    void backsUpVerifiesAndRestoresSqliteHubByteForByte() throws Exception {
        Run backup = run("backup", "--db-url", "sqlite:///jupyterhub.sqlite", "--config", config.toString(),
                "--to", backups.toString(), "--json");
        assertThat(backup.code()).as(backup.err()).isZero();
        assertThat(backup.out()).contains("\"verified\":true").contains("\"method\":\"sqlite-online-backup\"")
                .contains("\"users\":25");
        Path dir = onlyBackup();
        assertThat(dir.resolve("files/jupyterhub_cookie_secret")).exists();
        assertThat(Files.readString(dir.resolve("manifest.json"))).contains("651f5419b74d");
        String backedUp = sha256(dir.resolve("database.sqlite"));

        Run verify = run("verify", "--from", dir.toString());
        assertThat(verify.code()).as(verify.err()).isZero();
        assertThat(verify.out()).contains("verified");

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement s = c.createStatement()) {
            s.execute("DELETE FROM users");
        }
        Files.writeString(secret, "changed\n");
        Run restore = run("restore", "--from", dir.toString(), "--hub-api-url", downApi, "--json");
        assertThat(restore.code()).as(restore.err()).isZero();
        assertThat(sha256(database)).isEqualTo(backedUp);
        assertThat(Files.readString(secret)).isEqualTo("00ff00ff\n");
        try (Stream<Path> files = Files.list(hubDir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("jupyterhub.sqlite.replaced-"))
                    .anyMatch(n -> n.startsWith("jupyterhub_cookie_secret.replaced-"));
        }
    }

    @Test
    void refusesToRestoreWhileTheHubAnswers() throws Exception {
        assertThat(run("backup", "--db-url", "sqlite:///jupyterhub.sqlite", "--config", config.toString(),
                "--to", backups.toString()).code()).isZero();
        Path dir = onlyBackup();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement s = c.createStatement()) {
            s.execute("DELETE FROM users WHERE id > 5");
        }
        String changed = sha256(database);
        HttpServer hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.createContext("/hub/api/", exchange -> {
            byte[] body = "{\"version\": \"3.0.0\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        hub.start();
        try {
            Run restore = run("restore", "--from", dir.toString(), "--hub-api-url",
                    "http://127.0.0.1:" + hub.getAddress().getPort() + "/hub/api");
            assertThat(restore.code()).isEqualTo(1);
            assertThat(restore.err().strip()).startsWith("error: Refusing to restore while the hub is running")
                    .doesNotContain("\n");
        } finally {
            hub.stop(0);
        }
        assertThat(sha256(database)).isEqualTo(changed);
    }

    @Test
    void verifyFailsWithOneLineWhenABackupFileWasDamaged() throws Exception {
        assertThat(run("backup", "--db-url", "sqlite:///jupyterhub.sqlite", "--config", config.toString(),
                "--to", backups.toString()).code()).isZero();
        Path dir = onlyBackup();
        Files.writeString(dir.resolve("files/jupyterhub_config.py"), "# tampered\n");
        Run verify = run("verify", "--from", dir.toString());
        assertThat(verify.code()).isEqualTo(1);
        assertThat(verify.err()).contains("files/jupyterhub_config.py");
    }

    @Test
    void runsAndRecordsTheAdminsSnapshotCommand() throws Exception {
        Path homes = Files.createDirectories(temp.resolve("home/alice"));
        Files.writeString(homes.resolve("notebook.ipynb"), "{}");
        Path snapshot = temp.resolve("home-snapshot");
        Run backup = run("backup", "--db-url", "sqlite:///jupyterhub.sqlite", "--config", config.toString(),
                "--to", backups.toString(), "--snapshot-command", "/usr/bin/cp -rv " + temp.resolve("home") + " "
                        + snapshot);
        assertThat(backup.code()).as(backup.err()).isZero();
        assertThat(snapshot.resolve("alice/notebook.ipynb")).hasContent("{}");
        assertThat(Files.readString(onlyBackup().resolve("manifest.json"))).contains("snapshotCommand")
                .contains("/usr/bin/cp -rv").contains("notebook.ipynb");
        Run failing = run("backup", "--db-url", "sqlite:///jupyterhub.sqlite", "--config", config.toString(),
                "--to", backups.toString(), "--snapshot-command", "/usr/bin/false");
        assertThat(failing.code()).isEqualTo(1);
        assertThat(failing.err()).contains("snapshot command /usr/bin/false failed");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(run("backup", "--config", config.toString()).code()).isEqualTo(2);
        assertThat(run("backup", "--db-url", "oracle://x/y", "--config", config.toString()).code()).isEqualTo(2);
        assertThat(run("restore").code()).isEqualTo(2);
        assertThat(run("verify", "--from").code()).isEqualTo(2);
    }

    @Test
    void failureExitsWithOneAndOneLine() {
        Run backup = run("backup", "--db-url", "sqlite:///missing.sqlite", "--config", config.toString(),
                "--to", backups.toString());
        assertThat(backup.code()).isEqualTo(1);
        assertThat(backup.err().strip()).startsWith("error:").doesNotContain("\n");
        Run verify = run("verify", "--from", temp.resolve("nothing").toString());
        assertThat(verify.code()).isEqualTo(1);
        assertThat(verify.err()).contains("manifest.json");
    }

    @Test
    void backsUpPostgresHubVerifiesInTemporaryDatabaseAndRestoresKeepingTheOldDatabase() throws Exception {
        TestDatabases.Scratch hub = TestDatabases.postgres();
        scratches.add(hub);
        fill(hub.jdbcUrl());
        String url = "postgresql://postgres@127.0.0.1:5432/" + hub.name();
        Run backup = run("backup", "--db-url", url, "--config", config.toString(), "--to", backups.toString(),
                "--verify-in-temporary-database", "--package-list-command", "/usr/bin/python3 -m pip --version",
                "--json");
        assertThat(backup.code()).as(backup.err()).isZero();
        assertThat(backup.out()).contains("\"verified\":true").contains("\"method\":\"pg_dump")
                .contains("\"users\":25");
        Path dir = onlyBackup();
        assertThat(Files.readString(dir.resolve("manifest.json"))).contains("packageList").contains("pip");
        assertThat(run("verify", "--from", dir.toString()).code()).isEqualTo(1);
        Run verify = run("verify", "--from", dir.toString(), "--scratch-server", url);
        assertThat(verify.code()).as(verify.out() + verify.err()).isZero();

        try (Connection c = DriverManager.getConnection(hub.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("DELETE FROM users WHERE id > 3");
        }
        assertThat(run("restore", "--from", dir.toString(), "--hub-api-url", downApi).code()).isEqualTo(2);
        Run restore = run("restore", "--from", dir.toString(), "--db-url", url, "--hub-api-url", downApi,
                "--no-files", "--json");
        assertThat(restore.code()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("content checksums").contains("3 tables have the recorded content")
                .doesNotContain("\"passed\":false");
        assertThat(count(hub.jdbcUrl(), "users")).isEqualTo(25);
        String kept = restore.out().replaceAll("(?s).*\"previousDatabaseKeptAs\":\"([a-z0-9_]+)\".*", "$1");
        assertThat(kept).startsWith(hub.name() + "_replaced_");
        scratches.add(new TestDatabases.Scratch(kept, hub.jdbcUrl().replace(hub.name(), kept), hub.serverUrl(),
                "DROP DATABASE IF EXISTS " + kept + " WITH (FORCE)"));
        assertThat(count(hub.jdbcUrl().replace(hub.name(), kept), "users")).isEqualTo(3);
    }

    @Test
    void backsUpMariaDbHubAsPortableSnapshotAndRestoresKeepingTheOldTables() throws Exception {
        TestDatabases.Scratch hub = TestDatabases.mariadb();
        scratches.add(hub);
        fill(hub.jdbcUrl());
        String url = "mysql+pymysql://root@127.0.0.1:3306/" + hub.name() + "?charset=utf8mb4";
        Run backup = run("backup", "--db-url", url, "--config", config.toString(), "--to", backups.toString(),
                "--verify-in-temporary-database", "--portable", "--json");
        assertThat(backup.code()).as(backup.err()).isZero();
        assertThat(backup.out()).contains("\"verified\":true").contains("\"users\":25")
                .contains("\"method\":\"portable-snapshot\"");
        Path dir = onlyBackup();
        try (Connection c = DriverManager.getConnection(hub.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("DELETE FROM users WHERE id > 3");
        }
        Run restore = run("restore", "--from", dir.toString(), "--db-url", url, "--hub-api-url", downApi,
                "--no-files", "--json");
        assertThat(restore.code()).as(restore.err()).isZero();
        assertThat(count(hub.jdbcUrl(), "users")).isEqualTo(25);
        String kept = restore.out().replaceAll("(?s).*\"previousDatabaseKeptAs\":\"([a-z0-9_]+)\".*", "$1");
        scratches.add(new TestDatabases.Scratch(kept, hub.jdbcUrl().replace(hub.name(), kept), hub.serverUrl(),
                "DROP DATABASE IF EXISTS " + kept));
        assertThat(count(hub.jdbcUrl().replace(hub.name(), kept), "users")).isEqualTo(3);
    }

    private static void fill(String jdbcUrl) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)");
            s.execute("INSERT INTO alembic_version VALUES ('651f5419b74d')");
            s.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(255) UNIQUE)");
            s.execute("CREATE TABLE api_tokens (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id))");
            for (int i = 1; i <= 25; i++) {
                s.execute("INSERT INTO users (id, name) VALUES (" + i + ", 'user" + i + "')");
            }
            s.execute("INSERT INTO api_tokens VALUES (1, 1)");
        }
    }

    private static long count(String jdbcUrl, String table) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
