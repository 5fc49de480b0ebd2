package dev.hubconsole.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A console started by a test keeps its own SQLite database, key file and backups in a temp directory. */
public final class ConsoleDataDir {

    private ConsoleDataDir() {
    }

    /** A new temp directory for one test context. */
    public static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Points the console's database, data directory and backups at {@code dir}. */
    public static void register(DynamicPropertyRegistry registry, Path dir) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + dir.resolve("console.sqlite")
                + "?foreign_keys=on&busy_timeout=10000&journal_mode=WAL");
        registry.add("console.data-dir", dir::toString);
        registry.add("console.security.data-dir", dir::toString);
        registry.add("console.hub.backup-root", () -> dir.resolve("backups").toString());
    }
}
