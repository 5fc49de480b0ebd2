package dev.hubconsole.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupsVerifyTest {

    @TempDir
    Path temp;

    final Backups backups = new Backups();
    Path dir;

    @BeforeEach
    void setUp() throws Exception {
        dir = backups.create(new HubFixture(temp).request(), BackupProgress.none()).directory();
    }

    @Test
    void aFreshBackupPassesEveryCheck() {
        VerifyResult result = backups.verify(dir);

        assertThat(result.verified()).as(result.summary()).isTrue();
        assertThat(result.checks()).extracting(VerifyResult.Check::name).contains("manifest",
                "sha256 database.sqlite", "sha256 files/jupyterhub_config.py",
                "sha256 files/jupyterhub_cookie_secret", "integrity_check", "row counts");
        assertThat(result.summary()).contains("verified");
    }

    @Test
    void detectsAFlippedByteInTheDatabaseCopy() throws Exception {
        Path db = dir.resolve("database.sqlite");
        try (FileChannel channel = FileChannel.open(db, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            long position = Files.size(db) / 2;
            channel.read(one, position);
            one.put(0, (byte) (one.get(0) ^ 0x01)).rewind();
            channel.write(one, position);
        }

        VerifyResult result = backups.verify(dir);

        assertThat(result.verified()).isFalse();
        assertThat(result.failures()).extracting(VerifyResult.Check::name)
                .contains("sha256 database.sqlite", "database");
        assertThat(result.summary()).contains("FAILED").contains("modified or damaged");
    }

    @Test
    void detectsAChangedConfigCopy() throws Exception {
        Files.writeString(dir.resolve("files/jupyterhub_config.py"), "c.JupyterHub.db_url = 'sqlite:///other.db'\n");

        VerifyResult result = backups.verify(dir);

        assertThat(result.verified()).isFalse();
        assertThat(result.failures()).singleElement()
                .satisfies(check -> assertThat(check.name()).isEqualTo("sha256 files/jupyterhub_config.py"));
    }

    @Test
    void detectsAMissingArtefact() throws Exception {
        Files.delete(dir.resolve("files/jupyterhub_cookie_secret"));

        VerifyResult result = backups.verify(dir);

        assertThat(result.verified()).isFalse();
        assertThat(result.failures()).singleElement()
                .satisfies(check -> assertThat(check.reason()).isEqualTo("file is missing"));
    }

    @Test
    void detectsARowCountThatDiffersFromTheManifest() throws Exception {
        Path manifest = dir.resolve("manifest.json");
        String json = Files.readString(manifest);
        assertThat(json).contains("\"users\" : 20");
        Files.writeString(manifest, json.replace("\"users\" : 20", "\"users\" : 21"));

        VerifyResult result = backups.verify(dir);

        assertThat(result.verified()).isFalse();
        assertThat(result.failures()).singleElement().satisfies(check -> {
            assertThat(check.name()).isEqualTo("row counts");
            assertThat(check.reason()).isEqualTo("users has 20 rows, manifest says 21 rows");
        });
    }

    @Test
    void aFolderWithoutManifestIsNotVerified() throws Exception {
        Files.delete(dir.resolve("manifest.json"));

        VerifyResult result = backups.verify(dir);

        assertThat(result.verified()).isFalse();
        assertThat(result.failures()).singleElement()
                .satisfies(check -> assertThat(check.reason()).contains("incomplete"));
    }

    @Test
    void verifyingLeavesTheBackupUnchanged() throws Exception {
        String before = FileOps.sha256(dir.resolve("database.sqlite"));
        long files;
        try (var list = Files.list(dir)) {
            files = list.count();
        }

        backups.verify(dir);

        assertThat(FileOps.sha256(dir.resolve("database.sqlite"))).isEqualTo(before);
        try (var list = Files.list(dir)) {
            assertThat(list.count()).isEqualTo(files);
        }
        try (var siblings = Files.list(dir.getParent())) {
            assertThat(siblings).as("no scratch folder left").containsExactly(dir);
        }
    }
}
