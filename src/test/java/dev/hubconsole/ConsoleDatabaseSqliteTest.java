package dev.hubconsole;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The console database contract on the default engine: an embedded SQLite file in a fresh directory. */
@SpringBootTest
class ConsoleDatabaseSqliteTest extends ConsoleDatabaseContractTest {

    static final Path DATA = tempDir();

    @DynamicPropertySource
    static void consoleDatabase(DynamicPropertyRegistry registry) {
        // a not yet existing subdirectory: the console creates it before opening the database
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + DATA.resolve("new/dir/console.sqlite")
                + "?foreign_keys=on&busy_timeout=10000&journal_mode=WAL");
        registry.add("console.data-dir", DATA::toString);
        registry.add("console.security.data-dir", DATA::toString);
        registry.add("console.hub.backup-root", () -> DATA.resolve("backups").toString());
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("hc-consoledb-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
