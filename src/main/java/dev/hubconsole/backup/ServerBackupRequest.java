package dev.hubconsole.backup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to back up for one hub whose database is on a PostgreSQL or MariaDB/MySQL server. Like
 * {@link BackupRequest}, with the database given as a {@link ServerDatabase}; the copy is a {@code pg_dump -Fc}
 * archive ({@code database.dump}) or a {@code mariadb-dump --single-transaction} script ({@code database.sql}).
 *
 * @param hubName         the hub's name
 * @param destinationRoot absolute folder under which backups of all hubs are kept
 * @param database        the hub's database; the user needs only read access
 * @param configFile      absolute path of {@code jupyterhub_config.py}
 * @param extraFiles      further absolute files to keep, with distinct file names
 * @param homeDirectories a folder whose contents are archived as {@code home.tar.gz}, if wanted
 * @param homeExcludes    glob patterns excluded from the home archive (see {@link BackupRequest})
 * @param context         facts recorded verbatim in the manifest; must not hold secrets
 */
public record ServerBackupRequest(String hubName, Path destinationRoot, ServerDatabase database, Path configFile,
        List<Path> extraFiles, Optional<Path> homeDirectories, List<String> homeExcludes,
        Map<String, String> context) {

    public ServerBackupRequest {
        RequestChecks.hubName(hubName);
        RequestChecks.absolute("Backup destination", destinationRoot);
        Objects.requireNonNull(database, "database");
        extraFiles = RequestChecks.files(configFile, extraFiles);
        homeDirectories = RequestChecks.home(homeDirectories);
        homeExcludes = RequestChecks.excludes(homeExcludes);
        context = RequestChecks.context(context);
    }

    /** The files copied under {@code files/}: the config file first, then the extra files. */
    List<Path> filesToCopy() {
        List<Path> files = new ArrayList<>();
        files.add(configFile);
        files.addAll(extraFiles);
        return files;
    }
}
