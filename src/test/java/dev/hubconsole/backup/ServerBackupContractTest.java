package dev.hubconsole.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubconsole.testsupport.TestDatabases;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backup, verify and restore of a hub database on a real server; one subclass per engine. */
abstract class ServerBackupContractTest {

    @TempDir
    Path temp;

    final Backups backups = new Backups();
    final List<TestDatabases.Scratch> scratches = new ArrayList<>();
    TestDatabases.Scratch source;
    Path config;

    abstract TestDatabases.Scratch newScratch();

    abstract String blobType();

    abstract String dumpFileName();

    /** A naive date-time column type with microseconds. */
    abstract String dateTimeType();

    /** A time-zone-aware timestamp column type (stored as an instant). */
    abstract String zonedTimeType();

    @BeforeEach
    void createHubDatabase() throws Exception {
        source = scratch();
        config = Files.writeString(temp.resolve("jupyterhub_config.py"), "c.JupyterHub.db_url = '...'\n");
        try (Connection c = connect(source); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(255) NOT NULL UNIQUE, admin BOOLEAN,"
                    + " encrypted_auth_state " + blobType() + ", created " + dateTimeType() + ", seen "
                    + zonedTimeType() + ", weight DOUBLE PRECISION, price NUMERIC(10, 3))");
            s.execute("CREATE TABLE api_tokens (id INTEGER PRIMARY KEY, user_id INTEGER, note VARCHAR(1023))");
            s.execute("CREATE TABLE groups (id INTEGER PRIMARY KEY, name VARCHAR(255), properties TEXT)");
            s.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)");
            s.execute("INSERT INTO alembic_version VALUES ('651f5419b74d')");
            try (PreparedStatement user = c.prepareStatement("INSERT INTO users VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement token = c.prepareStatement("INSERT INTO api_tokens VALUES (?, ?, ?)")) {
                for (int i = 1; i <= 20; i++) {
                    user.setInt(1, i);
                    user.setString(2, i == 1 ? "zoë 🚀" : "user" + i);
                    user.setBoolean(3, i == 1);
                    user.setBytes(4, new byte[] {0, 10, 13, 39, 92, (byte) 0xff, (byte) i});
                    user.setTimestamp(5, Timestamp.valueOf(LocalDateTime.of(2024, 1, i, 12, 30, 15, i * 1000 + 7000)));
                    user.setTimestamp(6, i == 2 ? null : Timestamp.valueOf(LocalDateTime.of(2024, 6, i, 8, 0, i)));
                    user.setDouble(7, i / 3.0);
                    user.setBigDecimal(8, new java.math.BigDecimal(i + ".125"));
                    user.executeUpdate();
                }
                for (int i = 1; i <= 7; i++) {
                    token.setInt(1, i);
                    token.setInt(2, i);
                    token.setString(3, "line one\nline 'two'; \\ INSERT INTO `users` VALUES (1);");
                    token.executeUpdate();
                }
            }
        }
    }

    @AfterEach
    void dropScratchDatabases() {
        scratches.forEach(TestDatabases.Scratch::close);
    }

    TestDatabases.Scratch scratch() {
        TestDatabases.Scratch scratch = newScratch();
        scratches.add(scratch);
        return scratch;
    }

    ServerBackupRequest request(TestDatabases.Scratch database) {
        return new ServerBackupRequest("server hub", temp.resolve("backups"), ServerDatabase.of(database.jdbcUrl()),
                config, List.of(), Optional.empty(), List.of(), Map.of("jupyterhub", "5.2.1"));
    }

    static Connection connect(TestDatabases.Scratch database) throws Exception {
        return ServerDatabase.of(database.jdbcUrl()).connect();
    }

    @Test
    void dumpsVerifiesAndRestoresIntoAnEmptyDatabaseWithEqualContents() throws Exception {
        BackupResult result = backups.create(request(source), BackupProgress.none());

        assertThat(result.directory().resolve(dumpFileName())).isRegularFile();
        assertThat(result.rowCounts()).containsEntry("users", 20L).containsEntry("api_tokens", 7L)
                .containsEntry("groups", 0L).containsEntry("alembic_version", 1L);
        assertThat(Files.readString(result.directory().resolve("manifest.json")))
                .contains("\"engine\" : \"" + ServerDatabase.of(source.jdbcUrl()).engine() + "\"")
                .doesNotContain("password");
        VerifyResult verify = backups.verify(result.directory());
        assertThat(verify.verified()).as(verify.summary()).isTrue();
        assertThat(verify.checks()).extracting(VerifyResult.Check::name).contains("dump");

        TestDatabases.Scratch restored = scratch();
        VerifyResult full = backups.verifyByRestoring(result.directory(), ServerDatabase.of(restored.jdbcUrl()));

        assertThat(full.verified()).as(full.summary()).isTrue();
        assertThat(full.checks()).extracting(VerifyResult.Check::name).contains("restore", "row counts");
        assertThat(contents(restored)).isEqualTo(contents(source));
    }

    @Test
    void portableSnapshotRestoresIntoAnEmptyDatabaseWithEqualContentsAndWorkingKeys() throws Exception {
        try (Connection c = connect(source); Statement s = c.createStatement()) {
            s.execute("CREATE INDEX ix_api_tokens_note ON api_tokens (user_id)");
            s.execute("ALTER TABLE api_tokens ADD CONSTRAINT fk_api_tokens_user_id_users FOREIGN KEY (user_id)"
                    + " REFERENCES users (id) ON DELETE CASCADE");
            s.execute("INSERT INTO groups VALUES (1, NULL, '{\"a\": \"\\u0000\"}')");
        }
        BackupResult result = backups.createPortable(request(source), BackupProgress.none());

        assertThat(result.directory().resolve("database.portable.gz")).isRegularFile();
        assertThat(result.artefacts().get(0).method()).isEqualTo("portable-snapshot");
        assertThat(result.rowCounts()).containsEntry("users", 20L).containsEntry("api_tokens", 7L)
                .containsEntry("groups", 1L);
        VerifyResult verify = backups.verify(result.directory());
        assertThat(verify.verified()).as(verify.summary()).isTrue();

        TestDatabases.Scratch restored = scratch();
        VerifyResult full = backups.verifyByRestoring(result.directory(), ServerDatabase.of(restored.jdbcUrl()));

        assertThat(full.verified()).as(full.summary()).isTrue();
        assertThat(full.checks()).extracting(VerifyResult.Check::name).contains("content checksums");
        assertThat(contents(restored)).isEqualTo(contents(source));
        try (Connection c = connect(restored); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("INSERT INTO users (id, name) VALUES (99, 'user2')"))
                    .as("the unique key came back").isInstanceOf(java.sql.SQLException.class);
            assertThatThrownBy(() -> s.execute("INSERT INTO api_tokens (id, user_id) VALUES (99, 12345)"))
                    .as("the foreign key came back").isInstanceOf(java.sql.SQLException.class);
        }
    }

    @Test
    void aRestoreWhoseContentDiffersFromTheRecordedChecksumsFailsVerification() throws Exception {
        BackupResult result = backups.createPortable(request(source), BackupProgress.none());
        Path manifest = result.directory().resolve("manifest.json");
        String text = Files.readString(manifest);
        Files.writeString(manifest, text.replaceFirst("(\"users\" : \")[0-9a-f]{16}\"", "$10000000000000000\""));
        assertThat(Files.readString(manifest)).isNotEqualTo(text);

        VerifyResult full = backups.verifyByRestoring(result.directory(), ServerDatabase.of(scratch().jdbcUrl()));

        assertThat(full.verified()).isFalse();
        assertThat(full.failures()).singleElement().satisfies(check -> assertThat(check.reason())
                .isEqualTo("content differs from the manifest in [users]"));
    }

    @Test
    void everyBackupRecordsPerTableContentChecksumsEqualToThoseOfTheSourceItself() throws Exception {
        ServerDatabase database = ServerDatabase.of(source.jdbcUrl());
        Map<String, String> sourceChecksums = ServerDump.of(database).contentChecksums(database);

        Manifest dumped = Manifest.readFrom(backups.create(request(source), BackupProgress.none()).directory());
        Manifest portable = Manifest.readFrom(backups.createPortable(request(source), BackupProgress.none())
                .directory());

        assertThat(sourceChecksums).containsOnlyKeys("users", "api_tokens", "groups", "alembic_version")
                .containsEntry("groups", "0000000000000000");
        assertThat(sourceChecksums.get("users")).isNotEqualTo(sourceChecksums.get("api_tokens"));
        assertThat(dumped.contentChecksums()).as(dumped.database().method()).isEqualTo(sourceChecksums);
        assertThat(portable.contentChecksums()).isEqualTo(sourceChecksums);
    }

    @Test
    void aDumpWithTheSameRowCountsButOneChangedValueFailsVerificationAndRestoreNamingTheTable() throws Exception {
        BackupResult result = backups.create(request(source), BackupProgress.none());
        List<String> before = contents(source);
        replaceDumpWithOneValueChanged(result, "UPDATE api_tokens SET note = 'line 0ne' WHERE id = 3");

        assertThat(backups.verify(result.directory()).verified()).as("checksums and dump file alone pass").isTrue();
        VerifyResult full = backups.verifyByRestoring(result.directory(), ServerDatabase.of(scratch().jdbcUrl()));

        assertThat(full.verified()).isFalse();
        assertThat(full.checks()).filteredOn(check -> check.name().equals("row counts"))
                .singleElement().satisfies(check -> assertThat(check.passed()).isTrue());
        assertThat(full.failures()).singleElement().satisfies(check -> {
            assertThat(check.name()).isEqualTo("content checksums");
            assertThat(check.reason()).isEqualTo("content differs from the manifest in [api_tokens]");
        });
        assertThatThrownBy(() -> backups.restoreDatabaseReplacing(result.directory(),
                ServerDatabase.of(source.jdbcUrl()), () -> false))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("content differs from the manifest in [api_tokens]")
                .hasMessageContaining("the hub's database was not changed");
        assertThat(contents(source)).isEqualTo(before);
    }

    @Test
    void restoringOverTheHubsDatabaseReportsEqualRowCountsAndContentChecksums() throws Exception {
        BackupResult result = backups.create(request(source), BackupProgress.none());
        List<String> backedUp = contents(source);
        try (Connection c = connect(source); Statement s = c.createStatement()) {
            s.execute("UPDATE users SET name = 'renamed' WHERE id = 2");
            s.execute("DELETE FROM api_tokens WHERE id = 7");
        }
        ServerDatabase hub = ServerDatabase.of(source.jdbcUrl());

        DatabaseRestoreResult restored = backups.restoreDatabaseReplacing(result.directory(), hub, () -> false);
        ServerAdmin.drop(hub, restored.movedAside());

        assertThat(contents(source)).isEqualTo(backedUp);
        assertThat(restored.summary()).contains("row counts and content checksums of every table equal the backup's");
        assertThat(restored.checks().checks()).filteredOn(check -> check.name().equals("content checksums"))
                .as("in the restored database before and after it replaced the hub's").hasSize(2)
                .allSatisfy(check -> assertThat(check.reason()).isEqualTo("4 tables have the recorded content"));
    }

    @Test
    void aTruncatedPortableSnapshotFailsVerification() throws Exception {
        BackupResult result = backups.createPortable(request(source), BackupProgress.none());
        truncateDumpAndMakeTheManifestMatch(result, "database.portable.gz");

        VerifyResult verify = backups.verify(result.directory());

        assertThat(verify.verified()).isFalse();
        assertThat(verify.failures()).singleElement()
                .satisfies(check -> assertThat(check.name()).isEqualTo("dump"));
    }

    @Test
    void theDumpAndItsRowCountsAreOneConsistentSnapshotUnderConcurrentWrites() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger commits = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try (Connection c = connect(source); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                for (int id = 1000; !stop.get(); id++) {
                    s.executeUpdate("INSERT INTO users (id, name, admin) VALUES (" + id + ", 'w" + id + "', false)");
                    s.executeUpdate("INSERT INTO api_tokens (id, user_id, note) VALUES (" + id + ", " + id + ", 'n')");
                    c.commit();
                    commits.incrementAndGet();
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "server-writer");
        writer.start();
        BackupResult result;
        try {
            while (commits.get() < 20 && writer.isAlive()) {
                Thread.sleep(5);
            }
            result = backups.create(request(source), BackupProgress.none());
        } finally {
            stop.set(true);
            writer.join(30_000);
        }
        assertThat(failure.get()).isNull();

        long newUsers = result.rowCounts().get("users") - 20;
        long newTokens = result.rowCounts().get("api_tokens") - 7;
        assertThat(newUsers).isPositive().isEqualTo(newTokens);
        VerifyResult full = backups.verifyByRestoring(result.directory(), ServerDatabase.of(scratch().jdbcUrl()));
        assertThat(full.verified()).as(full.summary()).isTrue();
    }

    @Test
    void verifyByRestoringDetectsARowCountThatDiffersFromTheManifest() throws Exception {
        BackupResult result = backups.create(request(source), BackupProgress.none());
        Path manifest = result.directory().resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"api_tokens\" : 7", "\"api_tokens\" : 8"));

        VerifyResult full = backups.verifyByRestoring(result.directory(), ServerDatabase.of(scratch().jdbcUrl()));

        assertThat(full.verified()).isFalse();
        assertThat(full.failures()).singleElement().satisfies(check -> assertThat(check.reason())
                .isEqualTo("api_tokens has 7 rows, manifest says 8 rows"));
    }

    @Test
    void verifyDetectsAModifiedDump() throws Exception {
        BackupResult result = backups.create(request(source), BackupProgress.none());
        Path dump = result.directory().resolve(dumpFileName());
        try (FileChannel channel = FileChannel.open(dump, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(dump) - 10);
        }

        VerifyResult verify = backups.verify(result.directory());

        assertThat(verify.verified()).isFalse();
        assertThat(verify.failures()).extracting(VerifyResult.Check::name)
                .contains("sha256 " + dumpFileName(), "database");
    }

    @Test
    void verifyDetectsATruncatedDumpEvenWhenTheManifestWasMadeToMatch() throws Exception {
        BackupResult result = backups.create(request(source), BackupProgress.none());
        truncateDumpAndMakeTheManifestMatch(result, dumpFileName());

        VerifyResult verify = backups.verify(result.directory());

        assertThat(verify.verified()).isFalse();
        assertThat(verify.failures()).singleElement()
                .satisfies(check -> assertThat(check.name()).isEqualTo("dump"));
    }

    @Test
    void restoreRefusesANonEmptyTargetWhileTheHubIsDownAndAnyTargetWhileItIsUp() throws Exception {
        BackupResult result = backups.create(request(source), BackupProgress.none());
        TestDatabases.Scratch empty = scratch();

        assertThatThrownBy(() -> backups.restoreDatabase(result.directory(), ServerDatabase.of(source.jdbcUrl()),
                () -> false))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("already has 4 table(s): restore only into an empty database");
        assertThatThrownBy(() -> backups.restoreDatabase(result.directory(), ServerDatabase.of(empty.jdbcUrl()),
                () -> true))
                .isInstanceOf(BackupException.class).hasMessageContaining("hub is running");
        assertThat(contents(empty)).isEmpty();
        assertThatThrownBy(() -> backups.restore(result.directory(), RestoreTarget.databaseOnly(
                temp.resolve("jupyterhub.sqlite")), () -> false))
                .isInstanceOf(BackupException.class).hasMessageContaining("restore it with restoreDatabase");

        VerifyResult restored = backups.restoreDatabase(result.directory(), ServerDatabase.of(empty.jdbcUrl()),
                () -> false);

        assertThat(restored.verified()).isTrue();
        assertThat(contents(empty)).isEqualTo(contents(source));
    }

    @Test
    void aMissingServerGivesAOneLineErrorAndNoFolder() {
        String url = source.jdbcUrl().replaceFirst(":\\d+/", ":1/");
        ServerBackupRequest request = new ServerBackupRequest("server hub", temp.resolve("backups"),
                ServerDatabase.of(url), config, List.of(), Optional.empty(), List.of(), Map.of());

        assertThatThrownBy(() -> backups.create(request, BackupProgress.none()))
                .isInstanceOf(BackupException.class)
                .hasMessageStartingWith("Cannot connect to ")
                .hasMessageContaining("check the URL, user and password")
                .hasMessageNotContaining("\n");
        assertThat(temp.resolve("backups")).doesNotExist();
    }

    /** Every row of every table, as text (bytes in hex), sorted by table and id. */
    static List<String> contents(TestDatabases.Scratch database) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = connect(database)) {
            for (String table : List.of("alembic_version", "api_tokens", "groups", "users")) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table
                        + " ORDER BY 1")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder(table);
                        for (int i = 1; i <= columns; i++) {
                            Object value = rs.getObject(i);
                            row.append('|').append(value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes)
                                    : String.valueOf(value));
                        }
                        rows.add(row.toString());
                    }
                } catch (java.sql.SQLException e) {
                    // the table does not exist (an empty database)
                }
            }
        }
        return rows;
    }

    /** Cuts the end off the dump and rewrites the manifest's checksum and size to match, as a forger would. */
    private static void truncateDumpAndMakeTheManifestMatch(BackupResult result, String dumpName) throws Exception {
        Path dump = result.directory().resolve(dumpName);
        try (FileChannel channel = FileChannel.open(dump, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(dump) - 40);
        }
        makeTheManifestMatch(result, dump);
    }

    /**
     * Replaces the backup's dump by a dump, made with the same tool, of the same rows with one value changed by
     * {@code update}, and rewrites the manifest's checksum and size to match, as a forger would.
     */
    private void replaceDumpWithOneValueChanged(BackupResult result, String update) throws Exception {
        Path dump = result.directory().resolve(dumpFileName());
        ServerDatabase copy = ServerDatabase.of(scratch().jdbcUrl());
        ServerDump.of(copy).restoreInto(dump, copy);
        try (Connection c = copy.connect(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate(update)).isEqualTo(1);
        }
        Path redumped = Files.createDirectory(temp.resolve("redumped"));
        ServerDump.of(copy).copyInto(redumped, BackupProgress.none());
        Files.copy(redumped.resolve(dumpFileName()), dump, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        makeTheManifestMatch(result, dump);
    }

    private static void makeTheManifestMatch(BackupResult result, Path dump) throws Exception {
        BackupArtefact before = result.artefacts().get(0);
        Path manifest = result.directory().resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace(before.sha256(), FileOps.sha256(dump))
                .replace("\"size\" : " + before.size(), "\"size\" : " + Files.size(dump)));
    }
}
