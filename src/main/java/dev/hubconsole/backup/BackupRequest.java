package dev.hubconsole.backup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        RequestChecks.hubName(hubName);
        RequestChecks.absolute("Backup destination", destinationRoot);
        RequestChecks.absolute("SQLite database", sqliteDatabase);
        extraFiles = RequestChecks.files(configFile, extraFiles);
        homeDirectories = RequestChecks.home(homeDirectories);
        homeExcludes = RequestChecks.excludes(homeExcludes);
        context = RequestChecks.context(context);
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
}
