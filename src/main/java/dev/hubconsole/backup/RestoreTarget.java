package dev.hubconsole.backup;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where {@link Backups#restore} puts a backup back.
 *
 * @param sqliteDatabase the hub's SQLite database file to replace (its {@code -wal}/{@code -shm}/{@code -journal}
 *                       files are moved aside too), or {@code null} to restore only files (a server database is
 *                       restored with {@link Backups#restoreDatabaseReplacing})
 * @param configFile     where to put the config file back, or {@code null} to leave the config file alone
 * @param extraFiles     extra files to put back, keyed by their file name in the backup ({@code files/<name>}); extra
 *                       files of the backup not named here are not restored (the result says so)
 */
public record RestoreTarget(Path sqliteDatabase, Path configFile, Map<String, Path> extraFiles) {

    public RestoreTarget {
        if (sqliteDatabase != null) {
            RequestChecks.absolute("Restore target database", sqliteDatabase);
        }
        if (configFile != null) {
            RequestChecks.absolute("Restore target config file", configFile);
        }
        Map<String, Path> copy = new LinkedHashMap<>();
        Objects.requireNonNullElse(extraFiles, Map.<String, Path>of()).forEach((name, path) -> {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("Restore target has an extra file without a name: key each extra"
                        + " file by its file name in the backup.");
            }
            RequestChecks.absolute("Restore target for " + name, path);
            copy.put(name, path);
        });
        extraFiles = Map.copyOf(copy);
    }

    /** Restore only files: the config file and the named extra files. */
    public static RestoreTarget filesOnly(Path configFile, Map<String, Path> extraFiles) {
        return new RestoreTarget(null, configFile, extraFiles);
    }

    /** Restore only the database. */
    public static RestoreTarget databaseOnly(Path sqliteDatabase) {
        return new RestoreTarget(sqliteDatabase, null, Map.of());
    }
}
