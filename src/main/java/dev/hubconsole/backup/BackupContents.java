package dev.hubconsole.backup;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a complete backup folder holds, as its manifest records it (without verifying it).
 *
 * @param directory      the backup folder
 * @param hubName        the hub's name
 * @param createdAt      ISO-8601 UTC instant when the backup started
 * @param engine         {@code sqlite}, {@code postgresql} or {@code mariadb}
 * @param sourceDatabase the database that was copied: a path, or a server URL without password
 * @param artefacts      every file of the backup except the manifest
 * @param rowCounts      rows per table of the database copy
 * @param context        the context recorded with it (JupyterHub version, alembic revision, run …)
 */
public record BackupContents(Path directory, String hubName, String createdAt, String engine, String sourceDatabase,
        List<BackupArtefact> artefacts, Map<String, Long> rowCounts, Map<String, String> context) {

    public BackupContents {
        artefacts = List.copyOf(artefacts);
        rowCounts = Map.copyOf(rowCounts);
        context = Map.copyOf(context);
    }

    /** True for a backup of a SQLite database file. */
    public boolean sqlite() {
        return SqliteSource.ENGINE.equals(engine);
    }

    /** The artefacts of one role ({@link BackupArtefact#ROLE_CONFIG}, {@link BackupArtefact#ROLE_FILE} …). */
    public List<BackupArtefact> withRole(String role) {
        return artefacts.stream().filter(a -> role.equals(a.role())).toList();
    }

    /** The copy of the config file, if the backup has one. */
    public Optional<BackupArtefact> config() {
        return withRole(BackupArtefact.ROLE_CONFIG).stream().findFirst();
    }
}
