package dev.hubconsole.hubdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubconsole.hubdb.DatabaseUnavailableException.Reason;
import dev.hubconsole.hubdb.RealHubDatabases.HubDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SqliteHubDatabasesTest extends HubDatabasesContract {

    @Override
    HubDb createHubDatabase(Path dir) {
        return RealHubDatabases.sqlite(dir);
    }

    @Test
    void readingLeavesTheFileByteForByteUnchanged() throws Exception {
        Path file = hub.url().sqliteFile();
        String before = sha256(file);

        try (Connection c = databases.openReadOnly(hub.url())) {
            databases.rowCounts(c);
            databases.alembicRevision(c);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO roles (name) VALUES ('sneaky')");
            } catch (java.sql.SQLException expected) {
                // refused, as the contract test checks
            }
        }

        assertThat(sha256(file)).isEqualTo(before);
        assertThat(Files.list(tempDir)).containsExactly(file);
    }

    @Test
    void refusesAMissingFileWithoutCreatingIt() {
        DbUrl url = DbUrl.parse("sqlite:///missing.sqlite", tempDir);

        assertThatThrownBy(() -> databases.openReadOnly(url)).isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("does not exist").hasMessageContaining("c.JupyterHub.db_url")
                .satisfies(e -> assertThat(((DatabaseUnavailableException) e).reason()).isEqualTo(Reason.MISSING_FILE));
        assertThat(url.sqliteFile()).doesNotExist();
    }

    @Test
    void refusesAFileThatIsNotADatabase() throws Exception {
        Path notDb = Files.writeString(tempDir.resolve("notes.sqlite"), "just some text, not SQLite\n".repeat(100));
        String before = sha256(notDb);

        assertThatThrownBy(() -> databases.openReadOnly(DbUrl.parse("sqlite:///notes.sqlite", tempDir)))
                .isInstanceOf(DatabaseUnavailableException.class).hasMessageNotContaining("\n")
                .satisfies(e -> assertThat(((DatabaseUnavailableException) e).reason())
                        .isEqualTo(Reason.UNREADABLE_FILE));
        assertThat(sha256(notDb)).isEqualTo(before);
    }

    @Test
    void opensAPathWithSpacesAndUriCharacters() throws Exception {
        Path odd = Files.createDirectories(tempDir.resolve("hub data #1?"));
        Files.copy(hub.url().sqliteFile(), odd.resolve("jupyter hub.sqlite"));

        try (Connection c = databases.openReadOnly(DbUrl.parse("sqlite:///jupyter hub.sqlite", odd))) {
            assertThat(databases.alembicRevision(c)).contains(RealHubDatabases.JUPYTERHUB_30_HEAD);
        }
        assertThat(Files.list(odd)).hasSize(1);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
