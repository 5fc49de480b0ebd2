package dev.hubconsole.cli;

import dev.hubconsole.backup.BackupArtefact;
import dev.hubconsole.backup.BackupProgress;
import dev.hubconsole.backup.BackupRequest;
import dev.hubconsole.backup.BackupResult;
import dev.hubconsole.backup.Backups;
import dev.hubconsole.backup.RecordedCommand;
import dev.hubconsole.backup.ServerBackupRequest;
import dev.hubconsole.backup.ServerDatabase;
import dev.hubconsole.backup.VerifyResult;
import dev.hubconsole.hubdb.DbUrl;
import dev.hubconsole.hubdb.Engine;
import dev.hubconsole.hubdb.HubConfigFile;
import dev.hubconsole.hubdb.HubDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code backup}: backs up a hub's database (SQLite online backup, {@code pg_dump -Fc}, {@code mariadb-dump}), its
 * config file, cookie secret and extra files, optionally home directories, then verifies the backup. Exit 0 only
 * when the backup was made and verified.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Back up a JupyterHub's database and files, then verify the backup.")
final class BackupCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--db-url", converter = CliSupport.DbUrlConverter.class,
            required = true, description = "The hub's c.JupyterHub.db_url (SQLAlchemy or JDBC).")
    String dbUrl;

    @Option(names = "--config", required = true, description = "The hub's jupyterhub_config.py.")
    Path config;

    @Option(names = "--work-dir", description = "The hub's working directory (relative sqlite paths, cookie secret);"
            + " default: the config file's folder.")
    Path workDir;

    @Option(names = "--home", description = "Folder of users' home directories to archive as home.tar.gz.")
    Path home;

    @Option(names = "--exclude", description = "Glob excluded from the home archive (repeatable).")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--file", description = "Extra file to keep, e.g. the proxy token or TLS key (repeatable).")
    List<Path> extraFiles = new ArrayList<>();

    @Option(names = "--to", description = "Backup root folder; default: ./hub-backups.")
    Path to = Path.of("hub-backups");

    @Option(names = "--hub-name", description = "Name of the hub (its folder under --to); default: the name of the"
            + " working directory.")
    String hubName;

    @Option(names = "--package-list-command", description = "Command recording the hub environment's packages,"
            + " e.g. '/opt/hub/bin/pip freeze' (split on spaces, no shell).")
    String packageListCommand;

    @Option(names = "--snapshot-command", description = "Instead of (or besides) --home: a snapshot command of"
            + " yours, e.g. 'zfs snapshot tank/home@before-upgrade' (split on spaces, no shell); run and recorded.")
    String snapshotCommand;

    @Option(names = "--portable", description = "PostgreSQL/MariaDB: use the console's portable snapshot (JDBC)"
            + " even when pg_dump/mariadb-dump is available (it is used anyway when they are not).")
    boolean portable;

    @Option(names = "--verify-in-temporary-database", description = "PostgreSQL/MariaDB: verify by restoring into a"
            + " temporary database created (and dropped) on the same server.")
    boolean temporaryDatabase;

    @Option(names = "--keep", description = "Keep only the newest N backups of this hub (the new one always stays).")
    Integer keep;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        Backups backups = new Backups(); // not a field: the other commands start without the backup classes
        Path configFile = config.toAbsolutePath().normalize();
        Path dir = (workDir == null ? configFile.getParent() : workDir).toAbsolutePath().normalize();
        DbUrl url = CliSupport.dbUrl(dbUrl, dir);
        Path root = to.toAbsolutePath().normalize();
        String name = hubName != null ? hubName
                : dir.getFileName() == null ? "hub" : dir.getFileName().toString();
        List<Path> files = new ArrayList<>();
        HubConfigFile.read(configFile).cookieSecretFile().map(dir::resolve).map(Path::normalize)
                .filter(Files::isRegularFile).ifPresent(files::add);
        extraFiles.stream().map(p -> p.toAbsolutePath().normalize()).filter(p -> !files.contains(p))
                .forEach(files::add);
        Map<String, String> context = new LinkedHashMap<>();
        context.put("madeBy", "cli");
        revision(url).ifPresent(r -> context.put("alembicRevision", r));
        if (packageListCommand != null) {
            context.put(RecordedCommand.PACKAGE_LIST, RecordedCommand.capture("package list command",
                    RecordedCommand.argv("package list command", packageListCommand),
                    RecordedCommand.PACKAGE_LIST_TIMEOUT));
        }
        if (snapshotCommand != null) {
            List<String> argv = RecordedCommand.argv("snapshot command", snapshotCommand);
            if (!json) {
                spec.commandLine().getOut().println("Running the snapshot command: " + String.join(" ", argv));
            }
            context.put(RecordedCommand.SNAPSHOT_COMMAND, String.join(" ", argv));
            context.put(RecordedCommand.SNAPSHOT_OUTPUT, RecordedCommand.capture("snapshot command", argv,
                    RecordedCommand.SNAPSHOT_TIMEOUT));
        }
        Optional<Path> homeDir = Optional.ofNullable(home).map(p -> p.toAbsolutePath().normalize());
        TimedProgress progress = new TimedProgress(json ? null : spec);
        BackupResult result;
        VerifyResult verify;
        long verifyStarted;
        if (url.engine() == Engine.SQLITE) {
            result = backups.create(new BackupRequest(name, root, url.sqliteFile(), configFile, files, homeDir,
                    excludes, context), progress);
            verifyStarted = System.nanoTime();
            verify = backups.verify(result.directory());
        } else {
            ServerDatabase database = CliSupport.server(url);
            ServerBackupRequest request = new ServerBackupRequest(name, root, database, configFile, files, homeDir,
                    excludes, context);
            result = portable ? backups.createPortable(request, progress) : backups.create(request, progress);
            verifyStarted = System.nanoTime();
            verify = temporaryDatabase ? backups.verifyInTemporaryDatabase(result.directory(), database)
                    : backups.verify(result.directory());
        }
        double verifySeconds = (System.nanoTime() - verifyStarted) / 1e9;
        if (keep != null && verify.verified()) {
            backups.applyRetention(root, name, keep, java.util.Set.of(result.directory()));
        }
        boolean fully = verify.verified() && (url.engine() == Engine.SQLITE || temporaryDatabase);
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("backupDir", result.directory().toString());
            out.put("engine", result.engine());
            out.put("method", result.artefacts().stream().filter(a -> BackupArtefact.ROLE_DATABASE.equals(a.role()))
                    .map(BackupArtefact::method).findFirst().orElse(""));
            out.put("bytes", result.totalBytes());
            out.put("rowCounts", result.rowCounts());
            out.put("verified", fully);
            out.put("checks", CliSupport.checks(verify));
            out.put("warnings", result.warnings());
            out.put("phases", progress.phases());
            out.put("verifySeconds", verifySeconds);
            CliSupport.printJson(spec, out);
        } else {
            spec.commandLine().getOut().println(result.summary());
            CliSupport.printChecks(spec, verify);
            if (verify.verified() && !fully) {
                spec.commandLine().getOut().println("NOT fully verified: the dump was checked but not restored;"
                        + " add --verify-in-temporary-database to restore it into a temporary database");
            }
        }
        if (!verify.verified()) {
            spec.commandLine().getErr().println("error: " + verify.failures().get(0));
            return 1;
        }
        return 0;
    }

    private static Optional<String> revision(DbUrl url) {
        try {
            return new HubDatabases().alembicRevision(url);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Progress lines on standard output (unless JSON is wanted), and how long each step took. */
    private static final class TimedProgress implements BackupProgress {
        private final CommandSpec spec;
        private final List<Map<String, Object>> phases = new ArrayList<>();
        private long started = System.nanoTime();

        TimedProgress(CommandSpec spec) {
            this.spec = spec;
        }

        @Override
        public void step(String message) {
            long now = System.nanoTime();
            if (!phases.isEmpty()) {
                phases.get(phases.size() - 1).put("seconds", (now - started) / 1e9);
            }
            started = now;
            Map<String, Object> phase = new LinkedHashMap<>();
            phase.put("step", message);
            phases.add(phase);
            if (spec != null) {
                spec.commandLine().getOut().println(message);
            }
        }

        @Override
        public void bytes(long done, long total) {
        }

        List<Map<String, Object>> phases() {
            return phases;
        }
    }
}
