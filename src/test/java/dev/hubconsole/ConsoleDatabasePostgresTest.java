package dev.hubconsole;

import dev.hubconsole.testsupport.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console database contract on PostgreSQL: a fresh scratch database on the local server, migrated by the
 * console's Flyway set-up at start-up (PostgreSQL identity keys and the plpgsql append-only trigger).
 */
@SpringBootTest
@DirtiesContext
class ConsoleDatabasePostgresTest extends ConsoleDatabaseContractTest {

    static final Path DATA = tempDir();
    static TestDatabases.Scratch scratch;

    @DynamicPropertySource
    static void consoleDatabase(DynamicPropertyRegistry registry) {
        scratch = TestDatabases.postgres();
        registry.add("spring.datasource.url", scratch::jdbcUrl);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("console.data-dir", DATA::toString);
        registry.add("console.security.data-dir", DATA::toString);
        registry.add("console.hub.backup-root", () -> DATA.resolve("backups").toString());
    }

    @AfterAll
    static void dropScratchDatabase() {
        if (scratch != null) {
            scratch.close();
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("hc-consoledb-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
