package dev.hubconsole.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
    void theIntegrityCheckIsRepeatedOnlyForCopiesThisObjectDidNotMakeAndCheckItself() {
        VerifyResult same = backups.verify(dir);
        VerifyResult other = new Backups().verify(dir);

        assertThat(same.checks()).filteredOn(check -> check.name().equals("integrity_check")).singleElement()
                .satisfies(check -> assertThat(check.reason()).isEqualTo("ok when this console made the backup, on"
                        + " these same bytes (SHA-256 equal); not repeated"));
        assertThat(other.checks()).filteredOn(check -> check.name().equals("integrity_check")).singleElement()
                .satisfies(check -> assertThat(check.reason()).isEqualTo("a scratch copy of the database says ok"));
        assertThat(same.verified()).isTrue();
        assertThat(other.verified()).isTrue();
    }

    @Test
    void aDamagedCopyWhoseManifestWasMadeToMatchFailsTheIntegrityCheck() throws Exception {
        Path db = dir.resolve("database.sqlite");
        String sha = FileOps.sha256(db);
        long page;
        int pageSize;
        try (Connection c = SqliteFiles.openImmutable(db); Statement s = c.createStatement()) {
            page = single(s, "SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_users_1'");
            pageSize = (int) single(s, "PRAGMA page_size");
        }
        byte[] bytes = Files.readAllBytes(db);
        String content = new String(bytes, (int) ((page - 1) * pageSize), pageSize, StandardCharsets.ISO_8859_1);
        int at = (int) ((page - 1) * pageSize) + content.indexOf("user1");
        bytes[at + 3] = 'x';
        Files.write(db, bytes);
        Path manifest = dir.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace(sha, FileOps.sha256(db)));

        VerifyResult result = backups.verify(dir);

        assertThat(result.verified()).isFalse();
        assertThat(result.failures()).singleElement().satisfies(check -> {
            assertThat(check.name()).isEqualTo("integrity_check");
            assertThat(check.reason()).contains("sqlite_autoindex_users_1");
        });
    }

    private static long single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
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
