package dev.hubconsole.hubdb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.CRC32C;

/**
 * Gives sqlite-jdbc its native library from a per-user cache ({@code $XDG_CACHE_HOME} or {@code ~/.cache}, then
 * {@code hub-upgrade-console/sqlite-jdbc-<digest>/}, owner-only) instead of letting it extract the library from the
 * jar nested in ours at every start, and compare it there byte by byte: a third of a second of every headless command.
 * The cached file is used only when its size and CRC-32C equal the library's in the jar (the cache directory is the
 * user's own: the check is against damage, such as a file cut short, not against the user); it is written atomically. When the library
 * path was set by the admin, or the cache cannot be written, sqlite-jdbc loads the library its own way.
 */
final class SqliteNativeLibrary {

    private static boolean prepared;

    private SqliteNativeLibrary() {
    }

    /** Points sqlite-jdbc at the cached library, once per process, before its first connection. */
    static synchronized void prepare() {
        if (prepared) {
            return;
        }
        prepared = true;
        if (System.getProperty("org.sqlite.lib.path") != null || System.getProperty("org.sqlite.lib.name") != null) {
            return;
        }
        try {
            Path lib = cached(cacheRoot());
            if (lib != null) {
                System.setProperty("org.sqlite.lib.path", lib.getParent().toString());
                System.setProperty("org.sqlite.lib.name", lib.getFileName().toString());
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            // sqlite-jdbc extracts the library itself, as without this cache
        }
    }

    /** The cached copy of the library in the jar for this platform (written when missing or different), or null. */
    static Path cached(Path root) throws IOException {
        String name = System.mapLibraryName("sqlitejdbc");
        String resource = "/org/sqlite/native/" + org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS() + "/"
                + name;
        byte[] library;
        try (InputStream in = org.sqlite.JDBC.class.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            library = in.readAllBytes();
        }
        long crc = crc32c(library);
        Path dir = root.resolve("sqlite-jdbc-" + library.length + "-" + Long.toHexString(crc));
        Path lib = dir.resolve(name);
        if (Files.isRegularFile(lib) && Files.size(lib) == library.length && crc32c(Files.readAllBytes(lib)) == crc) {
            return lib;
        }
        createPrivateDirectories(dir);
        Path tmp = Files.createTempFile(dir, name, ".tmp");
        try {
            Files.write(tmp, library);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its defaults apply
            }
            Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return lib;
    }

    private static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("hub-upgrade-console");
    }

    private static void createPrivateDirectories(Path dir) throws IOException {
        Path parent = dir.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            createPrivateDirectories(parent);
        }
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        "rwx------")));
            } catch (UnsupportedOperationException e) {
                Files.createDirectory(dir);
            }
        }
    }

    /** CRC-32C (computed by the processor: a start-up cost of a millisecond, where a digest takes a tenth). */
    private static long crc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return crc.getValue();
    }
}
