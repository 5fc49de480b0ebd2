package dev.hubconsole.wizard;

import dev.hubconsole.audit.AuditOutcome;
import dev.hubconsole.backup.BackupArtefact;
import dev.hubconsole.backup.BackupException;
import dev.hubconsole.backup.BackupProgress;
import dev.hubconsole.backup.BackupRequest;
import dev.hubconsole.backup.BackupResult;
import dev.hubconsole.backup.Backups;
import dev.hubconsole.backup.RecordedCommand;
import dev.hubconsole.backup.ServerBackupRequest;
import dev.hubconsole.backup.ServerDatabase;
import dev.hubconsole.backup.VerifyResult;
import dev.hubconsole.hub.Hub;
import dev.hubconsole.hubdb.DbUrl;
import dev.hubconsole.hubdb.Engine;
import dev.hubconsole.hubdb.HubConfigFile;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Backup: the database (SQLite through SQLite's online backup API, consistent while the hub runs; PostgreSQL with
 * {@code pg_dump -Fc}; MariaDB/MySQL with {@code mariadb-dump --single-transaction}), the config file, the cookie
 * secret and the extra files the admin lists, optionally home directories, with the JupyterHub version, alembic
 * revision, row counts and (if a command is given) the hub environment's package list recorded in a SHA-256
 * manifest; then verified. Instead of archiving home directories the admin may give a snapshot command of their
 * own (zfs, lvm, rsync), run as an argument list with a timeout, logged and recorded with the backup.
 *
 * <p>"Verified" means checksums recomputed and the database copy restored into a scratch database with the row
 * counts compared: a scratch SQLite file always; for PostgreSQL/MariaDB a temporary database created on the same
 * server and dropped afterwards, only when the admin allows it ({@value #TEMPORARY_DATABASE}). A backup that is not
 * verified lets the run continue only with the admin's explicit, audited {@value #ACKNOWLEDGE_UNVERIFIED}.
 * {@value #ACKNOWLEDGE} lets the run continue without a database backup when the dump tool fails (audited).
 */
@Component
class BackupStep implements WizardStep {

    static final String ACKNOWLEDGE = "acknowledgeNoDatabaseBackup";
    static final String ACKNOWLEDGE_UNVERIFIED = "acknowledgeUnverifiedBackup";
    static final String TEMPORARY_DATABASE = "verifyInTemporaryDatabase";
    static final String HOME = "homeDirectories";
    static final String HOME_EXCLUDES = "homeExcludes";
    static final String EXTRA_FILES = "extraFiles";
    static final String PACKAGE_LIST_COMMAND = "packageListCommand";
    static final String SNAPSHOT_COMMAND = "snapshotCommand";
    private final Backups backups;
    private final WizardProperties properties;

    BackupStep(Backups backups, WizardProperties properties) {
        this.backups = backups;
        this.properties = properties;
    }

    @Override
    public StepKind kind() {
        return StepKind.BACKUP;
    }

    @Override
    public void checkInput(StepInput input, StepContext.Facts facts) {
        boolean sqlite = facts.string(StepKind.PLAN, "engine").map(Engine.SQLITE.name()::equals).orElse(true);
        if (!sqlite && !input.flag(TEMPORARY_DATABASE) && !input.flag(ACKNOWLEDGE_UNVERIFIED)) {
            throw WizardRefusal.invalid("A " + facts.string(StepKind.PLAN, "engine").orElse("") + " backup is only"
                    + " verified by restoring it into a temporary database on the same server: allow that, or tick"
                    + " the acknowledgement to continue with a backup that is checked but not test-restored");
        }
        input.get(HOME).ifPresent(home -> {
            if (!Path.of(home).isAbsolute() || !Files.isDirectory(Path.of(home))) {
                throw WizardRefusal.invalid("Home directories '" + home + "' is not an existing absolute directory; "
                        + "give e.g. /home or leave it empty");
            }
        });
        Set<String> names = new java.util.HashSet<>();
        extraFiles(input).forEach(file -> {
            if (!Files.isRegularFile(file)) {
                throw WizardRefusal.invalid("Extra file " + file + " is not an existing file; give one absolute file"
                        + " path per line, or remove it");
            }
            if (!names.add(file.getFileName().toString())) {
                throw WizardRefusal.invalid("Extra file " + file + " has the same file name as another extra file;"
                        + " copy it under a distinct name first, or remove it");
            }
        });
        input.get(PACKAGE_LIST_COMMAND).ifPresent(c -> RecordedCommand.argv("package list command", c));
        input.get(SNAPSHOT_COMMAND).ifPresent(c -> RecordedCommand.argv("snapshot command", c));
    }

    /** The admin's extra files: one absolute path per line. */
    static List<Path> extraFiles(StepInput input) {
        List<Path> files = new ArrayList<>();
        for (String line : input.get(EXTRA_FILES).orElse("").split("\\R")) {
            String text = line.strip();
            if (text.isEmpty()) {
                continue;
            }
            Path path;
            try {
                path = Path.of(text);
            } catch (InvalidPathException e) {
                throw WizardRefusal.invalid("Extra file '" + text + "' is not a valid path; give one absolute file"
                        + " path per line");
            }
            if (!path.isAbsolute()) {
                throw WizardRefusal.invalid("Extra file '" + text + "' is relative; give one absolute file path per"
                        + " line");
            }
            files.add(path.normalize());
        }
        return files;
    }

    @Override
    public StepOutcome execute(StepContext ctx) {
        Hub hub = ctx.hub();
        DbUrl url = DbUrl.parse(hub.dbUrl().value(), hub.workDir());
        Map<String, Object> result = new LinkedHashMap<>();
        List<Path> extra = new ArrayList<>();
        HubConfigFile config = HubConfigFile.read(hub.configFile());
        Path secret = hub.workDir().resolve(config.cookieSecretFile().orElse(HubConfigFile.DEFAULT_COOKIE_SECRET_FILE))
                .toAbsolutePath().normalize();
        if (Files.isRegularFile(secret)) {
            extra.add(secret);
        } else {
            ctx.log("No cookie secret file at " + secret + " (the hub may keep it elsewhere); not backed up");
        }
        extraFiles(ctx.input()).stream().filter(p -> !extra.contains(p) && !p.equals(hub.configFile()))
                .forEach(extra::add);
        Map<String, String> context = new LinkedHashMap<>();
        context.put("run", String.valueOf(ctx.run().id()));
        ctx.facts().string(StepKind.PLAN, "jupyterhubVersion").ifPresent(v -> context.put("jupyterhubVersion", v));
        ctx.facts().string(StepKind.PLAN, "revision").ifPresent(v -> context.put("alembicRevision", v));
        ctx.input().get(PACKAGE_LIST_COMMAND).ifPresent(command -> {
            List<String> argv = RecordedCommand.argv("package list command", command);
            ctx.log("Recording the hub environment's packages: " + String.join(" ", argv));
            String packages = RecordedCommand.capture("package list command", argv,
                    RecordedCommand.PACKAGE_LIST_TIMEOUT);
            context.put(RecordedCommand.PACKAGE_LIST, packages);
            ctx.log("  " + packages.lines().count() + " lines");
        });
        ctx.input().get(SNAPSHOT_COMMAND).ifPresent(command -> {
            List<String> argv = RecordedCommand.argv("snapshot command", command);
            ctx.log("Running the snapshot command: " + String.join(" ", argv));
            String output = RecordedCommand.capture("snapshot command", argv, RecordedCommand.SNAPSHOT_TIMEOUT);
            output.lines().forEach(line -> ctx.log("  " + line));
            ctx.audit("backup.snapshot", AuditOutcome.OK, "ran " + String.join(" ", argv));
            context.put(RecordedCommand.SNAPSHOT_COMMAND, String.join(" ", argv));
            context.put(RecordedCommand.SNAPSHOT_OUTPUT, output);
        });
        Optional<Path> home = ctx.input().get(HOME).map(Path::of);
        List<String> excludes = ctx.input().get(HOME_EXCLUDES)
                .map(s -> Arrays.stream(s.split(",")).map(String::strip).filter(e -> !e.isEmpty()).toList())
                .orElse(List.of());
        Path root = hub.backupRoot().toAbsolutePath().normalize();
        BackupResult backup;
        VerifyResult verify;
        boolean verified;
        if (url.engine() == Engine.SQLITE) {
            backup = backups.create(new BackupRequest(hub.name(), root, url.sqliteFile(), hub.configFile(), extra,
                    home, excludes, context), new StepProgress(ctx));
            ctx.log(backup.summary());
            verify = backups.verify(backup.directory());
            verify.checks().forEach(c -> ctx.log("verify: " + c));
            if (!verify.verified()) {
                throw new StepFailure("The backup in " + backup.directory() + " did not verify: " + verify.summary());
            }
            verified = true;
        } else {
            ServerDatabase database = new ServerDatabase(url.jdbcUrl(), url.username(), url.password());
            try {
                backup = backups.create(new ServerBackupRequest(hub.name(), root, database, hub.configFile(), extra,
                        home, excludes, context), new StepProgress(ctx));
            } catch (BackupException e) {
                if (!ctx.input().flag(ACKNOWLEDGE)) {
                    throw e;
                }
                ctx.audit("backup.acknowledged", AuditOutcome.OK, "continued without a console backup of the "
                        + url.engine() + " database after: " + e.getMessage() + " (acknowledged by " + ctx.actor()
                        + ")");
                ctx.log("The database backup failed (" + e.getMessage() + "); continuing without one as"
                        + " acknowledged. Roll back will not be able to restore the database.");
                result.put("databaseBackedUp", false);
                result.put("verified", false);
                return StepOutcome.skipped("no database backup (" + url.engine() + ", acknowledged)", result);
            }
            ctx.log(backup.summary());
            verified = verifyServerBackup(ctx, backup.directory(), database);
        }
        backups.applyRetention(root, hub.name(), properties.backupsToKeep(), Set.of(backup.directory()));
        result.put("databaseBackedUp", true);
        result.put("backupDir", backup.directory().toString());
        result.put("verified", verified);
        result.put("engine", backup.engine());
        result.put("method", backup.artefacts().stream().filter(a -> BackupArtefact.ROLE_DATABASE.equals(a.role()))
                .map(BackupArtefact::method).findFirst().orElse(""));
        result.put("bytes", backup.totalBytes());
        Map<String, String> extraFiles = new LinkedHashMap<>();
        extra.forEach(p -> extraFiles.put(p.getFileName().toString(), p.toString()));
        result.put("extraFiles", extraFiles);
        return StepOutcome.succeeded((verified ? "verified" : "UNVERIFIED (acknowledged)") + " backup in "
                + backup.directory(), result);
    }

    /**
     * Checks a server backup; restores it into a temporary database when the admin allowed it. Returns whether it
     * is fully verified; a damaged backup or a wrong test restore fails the step, a backup that could not be
     * test-restored passes only with the audited acknowledgement.
     */
    private boolean verifyServerBackup(StepContext ctx, Path dir, ServerDatabase database) {
        boolean temporary = ctx.input().flag(TEMPORARY_DATABASE);
        VerifyResult verify = temporary ? backups.verifyInTemporaryDatabase(dir, database) : backups.verify(dir);
        verify.checks().forEach(c -> ctx.log("verify: " + c));
        boolean onlyScratchMissing = !verify.verified() && verify.failures().stream()
                .allMatch(c -> c.name().equals("scratch database"));
        if (!verify.verified() && !onlyScratchMissing) {
            throw new StepFailure("The backup in " + dir + " did not verify: " + verify.summary());
        }
        if (temporary && verify.verified()) {
            return true;
        }
        if (!ctx.input().flag(ACKNOWLEDGE_UNVERIFIED)) {
            throw new StepFailure("The backup in " + dir + " is checked but could not be test-restored ("
                    + (temporary ? verify.failures().get(0).reason() : "no temporary database allowed")
                    + "); allow a temporary database, or acknowledge continuing with an unverified backup");
        }
        ctx.audit("backup.unverified.acknowledged", AuditOutcome.OK, "continued with backup " + dir
                + " not verified by a test restore (acknowledged by " + ctx.actor() + ")");
        ctx.log("The backup was not test-restored; continuing as acknowledged by " + ctx.actor());
        return false;
    }

    /** Backup progress into the step log, without flooding it. */
    private static final class StepProgress implements BackupProgress {
        private final StepContext ctx;
        private long lastPercent = -1;

        StepProgress(StepContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void step(String message) {
            ctx.log(message);
        }

        @Override
        public void bytes(long done, long total) {
            long percent = total <= 0 ? 0 : done * 100 / total;
            if (percent / 10 != lastPercent / 10) {
                lastPercent = percent;
                ctx.log("  " + percent + "% (" + done + " of " + total + " bytes)");
            }
        }
    }
}
