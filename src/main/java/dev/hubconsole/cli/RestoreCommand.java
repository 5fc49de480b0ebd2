package dev.hubconsole.cli;

import dev.hubconsole.backup.BackupArtefact;
import dev.hubconsole.backup.BackupContents;
import dev.hubconsole.backup.Backups;
import dev.hubconsole.backup.DatabaseRestoreResult;
import dev.hubconsole.backup.RestoreResult;
import dev.hubconsole.backup.RestoreTarget;
import dev.hubconsole.hubdb.DbUrl;
import dev.hubconsole.hubdb.Engine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code restore}: puts a verified backup back, refusing while the hub answers. Files (config, cookie secret,
 * extra files) go back to where they were backed up from; a SQLite database to its file (or {@code --db-url}'s); a
 * server database replaces the one named by {@code --db-url} after being restored beside it, the previous one kept
 * under a {@code _replaced_} name. Whatever is replaced is kept, never deleted.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore a backup (database and files) while the hub is stopped.")
final class RestoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, description = "The backup folder (holding manifest.json).")
    Path from;

    @Option(names = "--db-url", converter = CliSupport.DbUrlConverter.class,
            description = "Database to restore into; default for SQLite: the file backed up."
            + " Required for PostgreSQL/MariaDB.")
    String dbUrl;

    @Option(names = "--hub-api-url", description = "URL of the hub's API checked before restoring (repeatable);"
            + " default: http://127.0.0.1:8081/hub/api and http://127.0.0.1:8000/hub/api.")
    List<String> hubApiUrls = new ArrayList<>();

    @Option(names = "--no-files", description = "Restore only the database, not the config and extra files.")
    boolean noFiles;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        Backups backups = new Backups(); // not a field: the other commands start without the backup classes
        Path dir = from.toAbsolutePath().normalize();
        BackupContents contents = backups.contents(dir);
        BooleanSupplier hubIsUp = CliSupport.hubIsUp(hubApiUrls.isEmpty() ? CliSupport.DEFAULT_HUB_API_URLS
                : hubApiUrls);
        DbUrl url = dbUrl == null ? null : CliSupport.dbUrl(dbUrl, Path.of("").toAbsolutePath());
        Path configTarget = noFiles ? null : contents.config().map(a -> Path.of(a.source())).orElse(null);
        Map<String, Path> extras = new LinkedHashMap<>();
        if (!noFiles) {
            contents.withRole(BackupArtefact.ROLE_FILE).forEach(a -> extras.put(a.fileName(), Path.of(a.source())));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("backupDir", dir.toString());
        out.put("engine", contents.engine());
        List<String> lines = new ArrayList<>();
        if (contents.sqlite()) {
            if (url != null && url.engine() != Engine.SQLITE) {
                return CliSupport.usage(spec, "--db-url: the backup is of a SQLite database;"
                        + " give a sqlite:/// URL or leave --db-url out");
            }
            Path database = url != null ? url.sqliteFile() : Path.of(contents.sourceDatabase());
            RestoreResult result = backups.restore(dir, new RestoreTarget(database, configTarget, extras), hubIsUp);
            lines.add(result.summary());
            out.put("restored", result.restored().stream().map(Path::toString).toList());
            out.put("movedAside", result.movedAside().stream().map(Path::toString).toList());
            out.put("notRestored", result.notRestored());
        } else {
            if (url == null || url.engine() == Engine.SQLITE) {
                return CliSupport.usage(spec, "--db-url: the backup is of a "
                        + contents.engine() + " database; give the URL of the hub's " + contents.engine()
                        + " database to restore into");
            }
            DatabaseRestoreResult database = backups.restoreDatabaseReplacing(dir, CliSupport.server(url), hubIsUp);
            lines.add(database.summary());
            out.put("database", database.database());
            out.put("previousDatabaseKeptAs", database.movedAside());
            out.put("checks", CliSupport.checks(database.checks()));
            if (configTarget != null || !extras.isEmpty()) {
                RestoreResult files = backups.restore(dir, RestoreTarget.filesOnly(configTarget, extras), hubIsUp);
                lines.add(files.summary());
                out.put("restored", files.restored().stream().map(Path::toString).toList());
                out.put("movedAside", files.movedAside().stream().map(Path::toString).toList());
            }
        }
        if (json) {
            CliSupport.printJson(spec, out);
        } else {
            lines.forEach(spec.commandLine().getOut()::println);
        }
        return 0;
    }
}
