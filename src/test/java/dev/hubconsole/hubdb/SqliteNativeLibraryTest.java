package dev.hubconsole.hubdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sqlite-jdbc's native library, cached per user: written once, reused, replaced when damaged. */
class SqliteNativeLibraryTest {

    @TempDir
    Path cache;

    @Test
    void writesTheLibraryOnceOwnerOnlyThenReusesItAndReplacesADamagedCopy() throws Exception {
        Path lib = SqliteNativeLibrary.cached(cache);

        assertThat(lib).isNotNull().startsWith(cache).isRegularFile();
        assertThat(lib.getFileName().toString()).isEqualTo(System.mapLibraryName("sqlitejdbc"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lib.getParent())))
                .isEqualTo("rwx------");
        byte[] library = Files.readAllBytes(lib);
        assertThat(library.length).isGreaterThan(100_000);
        try (var dir = Files.list(lib.getParent())) {
            assertThat(dir).as("no temporary file is left").containsExactly(lib);
        }

        FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(lib, old);
        assertThat(SqliteNativeLibrary.cached(cache)).isEqualTo(lib);
        assertThat(Files.getLastModifiedTime(lib)).as("an intact copy is not written again").isEqualTo(old);

        Files.write(lib, java.util.Arrays.copyOf(library, library.length / 2)); // cut short
        assertThat(SqliteNativeLibrary.cached(cache)).isEqualTo(lib);
        assertThat(Files.readAllBytes(lib)).as("a damaged copy is replaced").isEqualTo(library);

        byte[] flipped = library.clone();
        flipped[flipped.length / 2] ^= 1; // same size, one bit changed
        Files.write(lib, flipped);
        assertThat(SqliteNativeLibrary.cached(cache)).isEqualTo(lib);
        assertThat(Files.readAllBytes(lib)).isEqualTo(library);
    }
}
