package dev.hubconsole.backup;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What to back up for one hub whose database is a SQLite file.
 *
 * @param hubName         the hub's name; sanitised into the folder name {@code <destinationRoot>/<hub>/<timestamp>/}
 * @param destinationRoot absolute folder under which backups of all hubs are kept
 * @param sqliteDatabase  absolute path of the hub's SQLite database (opened read-only, copied with SQLite's online
 *                        backup API)
 * @param configFile      absolute path of {@code jupyterhub_config.py}
 * @param extraFiles      further absolute files to keep (cookie secret, proxy token, TLS keys …); their file names
 *                        must differ from each other and from the config file's name, they are kept as
 *                        {@code files/<name>}
 * @param homeDirectories a folder whose contents are archived as {@code home.tar.gz}, if wanted
 * @param homeExcludes    glob patterns excluded from the home archive; a pattern without {@code /} (e.g.
 *                        {@code .cache}) matches a file or folder of that name at any depth, one with {@code /} (e.g.
 *                        {@code **}{@code /.cache/**}, {@code alice/tmp}) is matched against the path relative to
 *                        {@code homeDirectories}
 * @param context         facts recorded verbatim in the manifest (JupyterHub version, alembic revision, run id …);
 *                        must not hold secrets
 */
public record BackupRequest(String hubName, Path destinationRoot, Path sqliteDatabase, Path configFile,
        List<Path> extraFiles, Optional<Path> homeDirectories, List<String> homeExcludes, Map<String, String> context) {

    public BackupRequest {
        if (hubName == null || hubName.isBlank()) {
            throw new IllegalArgumentException("Hub name is missing: give the hub's name.");
        }
        requireAbsolute("Backup destination", destinationRoot);
        requireAbsolute("SQLite database", sqliteDatabase);
        requireAbsolute("Config file", configFile);
        extraFiles = List.copyOf(Objects.requireNonNullElse(extraFiles, List.of()));
        Set<String> names = new HashSet<>();
        names.add(configFile.getFileName().toString());
        names.add(Backups.DATABASE_FILE);
        for (Path extra : extraFiles) {
            requireAbsolute("Extra file", extra);
            if (!names.add(extra.getFileName().toString())) {
                throw new IllegalArgumentException("Extra file " + extra + " has the same file name as another file"
                        + " in the backup: give each extra file a distinct name.");
            }
        }
        homeDirectories = Objects.requireNonNullElse(homeDirectories, Optional.empty());
        homeDirectories.ifPresent(home -> requireAbsolute("Home directories folder", home));
        homeExcludes = List.copyOf(Objects.requireNonNullElse(homeExcludes, List.of()));
        for (String pattern : homeExcludes) {
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Home exclude pattern '" + pattern + "' is not a valid glob: "
                        + e.getMessage().lines().findFirst().orElse("") + "; fix the pattern.");
            }
        }
        Map<String, String> copy = new LinkedHashMap<>();
        Objects.requireNonNullElse(context, Map.<String, String>of()).forEach((key, value) -> {
            if (key == null || value == null) {
                throw new IllegalArgumentException("Backup context has a null key or value: leave such entries out.");
            }
            copy.put(key, value);
        });
        context = Collections.unmodifiableMap(copy);
    }

    /** A request without extra files, home directories or context. */
    public static BackupRequest of(String hubName, Path destinationRoot, Path sqliteDatabase, Path configFile) {
        return new BackupRequest(hubName, destinationRoot, sqliteDatabase, configFile, List.of(), Optional.empty(),
                List.of(), Map.of());
    }

    /** The files copied under {@code files/}: the config file first, then the extra files. */
    List<Path> filesToCopy() {
        List<Path> files = new ArrayList<>();
        files.add(configFile);
        files.addAll(extraFiles);
        return files;
    }

    private static void requireAbsolute(String what, Path path) {
        if (path == null) {
            throw new IllegalArgumentException(what + " is missing: give its absolute path.");
        }
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException(what + " '" + path + "' is relative: give an absolute path.");
        }
        if (path.getFileName() == null) {
            throw new IllegalArgumentException(what + " '" + path + "' has no file name: give a file or folder path.");
        }
    }
}
