package dev.hubconsole.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupsRestoreTest {

    @TempDir
    Path temp;

    final Backups backups = new Backups();
    HubFixture hub;
    BackupResult backup;
    List<String> rowsAtBackup;
    String configAtBackup;
    String secretAtBackup;

    @BeforeEach
    void setUp() throws Exception {
        hub = new HubFixture(temp);
        backup = backups.create(hub.request(), BackupProgress.none());
        rowsAtBackup = HubFixture.dump(hub.database);
        configAtBackup = FileOps.sha256(hub.config);
        secretAtBackup = FileOps.sha256(hub.cookieSecret);
        // the upgrade then changes the live hub
        hub.execute("INSERT INTO users (name, admin) VALUES ('late', 0)");
        hub.execute("DROP TABLE groups");
        Files.writeString(hub.config, "c.JupyterHub.db_url = 'postgresql://hub@db/hub'\n");
        Files.writeString(hub.cookieSecret, "changed\n");
    }

    private RestoreTarget fullTarget() {
        return new RestoreTarget(hub.database, hub.config, Map.of("jupyterhub_cookie_secret", hub.cookieSecret));
    }

    @Test
    void putsBackDatabaseAndFilesByteForByteAndKeepsWhatItReplaced() throws Exception {
        String modifiedDb = FileOps.sha256(hub.database);

        RestoreResult result = backups.restore(backup.directory(), fullTarget(), () -> false);

        assertThat(FileOps.sha256(hub.database)).isEqualTo(artefact("database.sqlite").sha256());
        assertThat(HubFixture.dump(hub.database)).isEqualTo(rowsAtBackup);
        assertThat(FileOps.sha256(hub.config)).isEqualTo(configAtBackup);
        assertThat(FileOps.sha256(hub.cookieSecret)).isEqualTo(secretAtBackup);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hub.cookieSecret)))
                .isEqualTo("rw-------");
        assertThat(result.restored()).containsExactlyInAnyOrder(hub.database, hub.config, hub.cookieSecret);
        assertThat(result.movedAside()).hasSize(3).allSatisfy(p -> assertThat(p.getFileName().toString())
                .matches(".*\\.replaced-\\d{8}T\\d{6}Z"));
        Path oldDb = result.movedAside().stream().filter(p -> p.getFileName().toString().startsWith(
                "jupyterhub.sqlite.")).findFirst().orElseThrow();
        assertThat(FileOps.sha256(oldDb)).isEqualTo(modifiedDb);
        assertThat(result.summary()).startsWith("Restored 3 file(s)");
        try (Stream<Path> files = Files.list(hub.database.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".restoring-"));
        }
    }

    @Test
    void movesStaleWalAndShmFilesAsideWithTheReplacedDatabase() throws Exception {
        Path wal = hub.database.resolveSibling("jupyterhub.sqlite-wal");
        Path shm = hub.database.resolveSibling("jupyterhub.sqlite-shm");
        Files.writeString(wal, "stale wal");
        Files.writeString(shm, "stale shm");

        RestoreResult result = backups.restore(backup.directory(), RestoreTarget.databaseOnly(hub.database),
                () -> false);

        assertThat(wal).doesNotExist();
        assertThat(shm).doesNotExist();
        assertThat(result.movedAside()).extracting(p -> p.getFileName().toString())
                .anyMatch(n -> n.matches("jupyterhub\\.sqlite\\.replaced-\\d{8}T\\d{6}Z-wal"))
                .anyMatch(n -> n.matches("jupyterhub\\.sqlite\\.replaced-\\d{8}T\\d{6}Z-shm"));
        assertThat(HubFixture.dump(hub.database)).isEqualTo(rowsAtBackup);
        assertThat(result.notRestored()).hasSize(2);
    }

    @Test
    void restoresButWarnsWhenTheRecordedOwnerDoesNotExistHere() throws Exception {
        Path manifest = backup.directory().resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"owner\" : \"root\"",
                "\"owner\" : \"no-such-user-here\""));

        RestoreResult result = backups.restore(backup.directory(), fullTarget(), () -> false);

        assertThat(FileOps.sha256(hub.config)).isEqualTo(configAtBackup);
        assertThat(result.warnings()).hasSize(3)
                .allSatisfy(warning -> assertThat(warning).contains("could not make no-such-user-here the owner"));
        assertThat(result.summary()).contains("warnings: ");
    }

    @Test
    void refusesWhileTheHubIsUpAndChangesNothing() throws Exception {
        String db = FileOps.sha256(hub.database);
        String config = FileOps.sha256(hub.config);
        List<String> before = listing();

        assertThatThrownBy(() -> backups.restore(backup.directory(), fullTarget(), () -> true))
                .isInstanceOf(BackupException.class)
                .hasMessage("Refusing to restore while the hub is running: stop JupyterHub first, then restore;"
                        + " nothing was changed.");

        assertThat(FileOps.sha256(hub.database)).isEqualTo(db);
        assertThat(FileOps.sha256(hub.config)).isEqualTo(config);
        assertThat(listing()).isEqualTo(before);
    }

    @Test
    void refusesWhenTheHubComesUpDuringPreparationAndChangesNothing() throws Exception {
        String db = FileOps.sha256(hub.database);
        List<String> before = listing();
        int[] asked = {0};

        assertThatThrownBy(() -> backups.restore(backup.directory(), fullTarget(), () -> asked[0]++ > 0))
                .isInstanceOf(BackupException.class).hasMessageContaining("hub is running");

        assertThat(asked[0]).isEqualTo(2);
        assertThat(FileOps.sha256(hub.database)).isEqualTo(db);
        assertThat(listing()).isEqualTo(before);
    }

    @Test
    void refusesACorruptedBackupAndChangesNothing() throws Exception {
        Files.writeString(backup.directory().resolve("files/jupyterhub_config.py"), "tampered\n");
        String db = FileOps.sha256(hub.database);
        List<String> before = listing();

        assertThatThrownBy(() -> backups.restore(backup.directory(), fullTarget(), () -> false))
                .isInstanceOf(BackupException.class)
                .hasMessageStartingWith("Refusing to restore " + backup.directory() + ": it fails verification")
                .hasMessageContaining("files/jupyterhub_config.py");

        assertThat(FileOps.sha256(hub.database)).isEqualTo(db);
        assertThat(listing()).isEqualTo(before);
    }

    @Test
    void refusesAnExtraFileTheBackupDoesNotHold() throws Exception {
        List<String> before = listing();
        RestoreTarget target = new RestoreTarget(hub.database, null, Map.of("proxy_token", temp.resolve("x")));

        assertThatThrownBy(() -> backups.restore(backup.directory(), target, () -> false))
                .isInstanceOf(BackupException.class).hasMessageContaining("no extra file named 'proxy_token'");
        assertThat(listing()).isEqualTo(before);
    }

    @Test
    void restoresIntoAPlaceWhereTheDatabaseNoLongerExists() throws Exception {
        Files.delete(hub.database);

        RestoreResult result = backups.restore(backup.directory(), RestoreTarget.databaseOnly(hub.database),
                () -> false);

        assertThat(result.movedAside()).isEmpty();
        assertThat(HubFixture.dump(hub.database)).isEqualTo(rowsAtBackup);
        try (Connection c = HubFixture.connect(hub.database); Statement s = c.createStatement()) {
            s.execute("INSERT INTO users (name, admin) VALUES ('after-restore', 0)");
        }
    }

    private BackupArtefact artefact(String path) {
        return backup.artefacts().stream().filter(a -> a.path().equals(path)).findFirst().orElseThrow();
    }

    private List<String> listing() throws Exception {
        try (Stream<Path> files = Files.list(hub.database.getParent())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
