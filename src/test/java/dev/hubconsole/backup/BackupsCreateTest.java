package dev.hubconsole.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class BackupsCreateTest {

    @TempDir
    Path temp;

    HubFixture hub;
    final Backups backups = new Backups(Clock.fixed(Instant.parse("2026-11-22T01:02:03.456Z"), ZoneOffset.UTC),
            Backups.FreeSpace.OF_FILE_STORE);

    @BeforeEach
    void setUp() throws Exception {
        hub = new HubFixture(temp);
    }

    @Test
    void writesDatabaseFilesAndManifestIntoATimestampedFolderPerHub() throws Exception {
        RecordingProgress progress = new RecordingProgress();

        BackupResult result = backups.create(hub.request(), progress);

        Path dir = hub.backups.resolve("Test_Hub/20261122T010203Z");
        assertThat(result.directory()).isEqualTo(dir);
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted())
                    .containsExactly("database.sqlite", "files/jupyterhub_config.py", "files/jupyterhub_cookie_secret",
                            "manifest.json");
        }
        assertThat(Files.readString(dir.resolve("files/jupyterhub_config.py")))
                .isEqualTo(Files.readString(hub.config));
        assertThat(HubFixture.dump(dir.resolve("database.sqlite"))).isEqualTo(HubFixture.dump(hub.database));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("database.sqlite"))))
                .isEqualTo("rw-------");
        assertThat(result.rowCounts()).containsEntry("users", 20L).containsEntry("api_tokens", 7L)
                .containsEntry("groups", 1L).containsEntry("alembic_version", 1L);
        assertThat(result.summary()).contains(dir.toString()).contains("sqlite database copy checked").contains("4 tables");
        assertThat(progress.steps).anyMatch(s -> s.contains("online backup"));
    }

    @Test
    void manifestRecordsEveryArtefactWithSizeChecksumMethodToolsRowCountsAndContext() throws Exception {
        BackupResult result = backups.create(hub.request(), BackupProgress.none());

        JsonNode manifest = JsonMapper.builder().build().readTree(
                Files.readString(result.directory().resolve("manifest.json")));
        assertThat(manifest.get("formatVersion").asInt()).isEqualTo(1);
        assertThat(manifest.get("hubName").asString()).isEqualTo("Test Hub");
        assertThat(manifest.get("createdAt").asString()).isEqualTo("2026-11-22T01:02:03.456Z");
        assertThat(manifest.get("journalMode").asString()).isEqualTo("delete");
        assertThat(manifest.get("context").get("jupyterhub").asString()).isEqualTo("3.0.0");
        assertThat(manifest.get("context").get("alembic").asString()).isEqualTo("651f5419b74d");
        assertThat(manifest.get("rowCounts").get("users").asLong()).isEqualTo(20);
        try (Connection c = HubFixture.connect(hub.database);
             var rs = c.createStatement().executeQuery("select sqlite_version()")) {
            rs.next();
            assertThat(manifest.get("tools").get("sqlite").asString()).isEqualTo(rs.getString(1));
        }
        JsonNode artefacts = manifest.get("artefacts");
        assertThat(artefacts).hasSize(3);
        for (JsonNode artefact : artefacts) {
            Path file = result.directory().resolve(artefact.get("path").asString());
            assertThat(artefact.get("size").asLong()).isEqualTo(Files.size(file));
            assertThat(artefact.get("sha256").asString()).isEqualTo(FileOps.sha256(file));
        }
        assertThat(artefacts.get(0).get("path").asString()).isEqualTo("database.sqlite");
        assertThat(artefacts.get(0).get("method").asString()).isEqualTo("sqlite-online-backup");
        assertThat(artefacts.get(1).get("method").asString()).isEqualTo("file-copy");
        assertThat(artefacts.get(1).get("role").asString()).isEqualTo("config");
        assertThat(artefacts.get(2).get("source").asString()).isEqualTo(hub.cookieSecret.toString());
        assertThat(artefacts.get(2).get("permissions").asString()).isEqualTo("rw-------");
        assertThat(Files.exists(result.directory().resolve("manifest.json.tmp"))).isFalse();
    }

    @Test
    void twoBackupsInTheSameSecondGetDistinctFolders() {
        Path first = backups.create(hub.request(), BackupProgress.none()).directory();
        Path second = backups.create(hub.request(), BackupProgress.none()).directory();

        assertThat(second).isNotEqualTo(first);
        assertThat(second.getFileName().toString()).isEqualTo("20261122T010203Z-1");
    }

    @Test
    void refusesAMissingDatabaseAndCreatesNoFolder() throws Exception {
        Files.delete(hub.database);

        assertThatThrownBy(() -> backups.create(hub.request(), BackupProgress.none()))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining(hub.database + " does not exist")
                .hasMessageNotContaining("\n");
        assertThat(hub.backups).doesNotExist();
    }

    @Test
    void refusesAFileThatIsNotASqliteDatabase() throws Exception {
        Files.writeString(hub.database, "this is not a database, it is a text file of some length...");

        assertThatThrownBy(() -> backups.create(hub.request(), BackupProgress.none()))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("is not a SQLite database");
    }

    @Test
    void refusesAMissingOrUnreadableConfigFileWithAOneLineMessage() throws Exception {
        Files.delete(hub.config);
        Files.createDirectory(hub.config);

        assertThatThrownBy(() -> backups.create(hub.request(), BackupProgress.none()))
                .isInstanceOf(BackupException.class)
                .hasMessageStartingWith("Config file " + hub.config + " is not a regular file")
                .hasMessageNotContaining("\n");
        assertThat(hub.backups).doesNotExist();
    }

    @Test
    void removesThePartialFolderWhenTheDatabaseCopyFailsItsIntegrityCheck() throws Exception {
        corruptAnIndexPage(hub.database);

        assertThatThrownBy(() -> backups.create(hub.request(), BackupProgress.none()))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("integrity_check")
                .hasMessageContaining("repair it");
        try (Stream<Path> left = Files.list(hub.backups.resolve("Test_Hub"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void refusesToStartWhenTheEstimateWithMarginExceedsTheFreeSpace() throws Exception {
        long needed = (long) Math.ceil((Files.size(hub.database) + Files.size(hub.config)
                + Files.size(hub.cookieSecret)) * 1.2);
        Backups tight = new Backups(Clock.systemUTC(), dir -> needed - 1);

        assertThatThrownBy(() -> tight.create(hub.request(), BackupProgress.none()))
                .isInstanceOf(BackupException.class)
                .hasMessageStartingWith("Not enough free space at " + hub.backups.resolve("Test_Hub"))
                .hasMessageContaining("free up space or choose another backup destination")
                .hasMessageNotContaining("\n");
        try (Stream<Path> left = Files.list(hub.backups.resolve("Test_Hub"))) {
            assertThat(left).isEmpty();
        }
        assertThat(new Backups(Clock.systemUTC(), dir -> needed).create(hub.request(), BackupProgress.none()))
                .isNotNull();
    }

    @Test
    void rejectsRelativePathsAndCollidingFileNamesInTheRequest() {
        assertThatThrownBy(() -> new BackupRequest("hub", Path.of("backups"), hub.database, hub.config, List.of(),
                Optional.empty(), List.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relative");
        assertThatThrownBy(() -> new BackupRequest("hub", hub.backups, hub.database, hub.config,
                List.of(temp.resolve("other/jupyterhub_config.py")), Optional.empty(), List.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same file name");
        assertThatThrownBy(() -> new BackupRequest("hub", hub.backups, hub.database, hub.config, List.of(),
                Optional.empty(), List.of("[unclosed"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid glob");
    }

    @Test
    void sanitisesTheHubNameIntoOneFolderName() {
        assertThat(Backups.sanitise("My Hub/../x")).isEqualTo("My_Hub_.._x");
        assertThat(Backups.sanitise(".hidden")).isEqualTo("_hidden");
    }

    /** Overwrites the middle of the last page of the users' name index, which integrity_check then reports. */
    static void corruptAnIndexPage(Path database) throws Exception {
        int page;
        int pageSize;
        try (Connection c = HubFixture.connect(database); var s = c.createStatement()) {
            try (var rs = s.executeQuery("PRAGMA page_size")) {
                rs.next();
                pageSize = rs.getInt(1);
            }
            try (var rs = s.executeQuery("SELECT rootpage FROM sqlite_master WHERE type='index'"
                    + " AND tbl_name='users'")) {
                rs.next();
                page = rs.getInt(1);
            }
        }
        try (var channel = java.nio.channels.FileChannel.open(database, java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {0x0d, 0, 0, 0, 0, 0, 0, 0}),
                    (long) (page - 1) * pageSize);
        }
    }
}
