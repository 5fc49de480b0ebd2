package dev.hubconsole.wizard;

import dev.hubconsole.audit.AuditOutcome;
import dev.hubconsole.backup.BackupProgress;
import dev.hubconsole.backup.BackupRequest;
import dev.hubconsole.backup.BackupResult;
import dev.hubconsole.backup.Backups;
import dev.hubconsole.backup.VerifyResult;
import dev.hubconsole.hub.Hub;
import dev.hubconsole.hubdb.DbUrl;
import dev.hubconsole.hubdb.Engine;
import dev.hubconsole.hubdb.HubConfigFile;
import java.nio.file.Files;
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
 * Backup: the SQLite database through SQLite's online backup API (consistent while the hub runs), the config
 * file and cookie secret, optionally home directories, into a per-run folder with a SHA-256 manifest, then
 * verified (checksums, integrity check, row counts of a test restore). Other engines are not backed up yet: the
 * step says so and continues only with an explicit, audited acknowledgement.
 */
@Component
class BackupStep implements WizardStep {

    static final String ACKNOWLEDGE = "acknowledgeNoDatabaseBackup";
    static final String HOME = "homeDirectories";
    static final String HOME_EXCLUDES = "homeExcludes";
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
        if (!sqlite && !input.flag(ACKNOWLEDGE)) {
            throw WizardRefusal.invalid("Backing up a " + facts.string(StepKind.PLAN, "engine").orElse("")
                    + " database is not supported yet: back it up yourself (pg_dump / mariadb-dump), then tick the "
                    + "acknowledgement to continue without a console backup of the database");
        }
        input.get(HOME).ifPresent(home -> {
            if (!Path.of(home).isAbsolute() || !Files.isDirectory(Path.of(home))) {
                throw WizardRefusal.invalid("Home directories '" + home + "' is not an existing absolute directory; "
                        + "give e.g. /home or leave it empty");
            }
        });
    }

    @Override
    public StepOutcome execute(StepContext ctx) {
        Hub hub = ctx.hub();
        DbUrl url = DbUrl.parse(hub.dbUrl().value(), hub.workDir());
        Map<String, Object> result = new LinkedHashMap<>();
        if (url.engine() != Engine.SQLITE) {
            ctx.audit("backup.acknowledged", AuditOutcome.OK, "continued without a console backup of the "
                    + url.engine() + " database (acknowledged by " + ctx.actor() + ")");
            ctx.log("The console does not back up " + url.engine() + " databases yet; continuing without a database "
                    + "backup as acknowledged. Roll back will not be able to restore the database.");
            result.put("databaseBackedUp", false);
            return StepOutcome.skipped("no database backup (" + url.engine() + ", acknowledged)", result);
        }
        List<Path> extra = new ArrayList<>();
        HubConfigFile config = HubConfigFile.read(hub.configFile());
        Path secret = hub.workDir().resolve(config.cookieSecretFile().orElse(HubConfigFile.DEFAULT_COOKIE_SECRET_FILE));
        if (Files.isRegularFile(secret)) {
            extra.add(secret.toAbsolutePath().normalize());
        } else {
            ctx.log("No cookie secret file at " + secret + " (the hub may keep it elsewhere); not backed up");
        }
        Map<String, String> context = new LinkedHashMap<>();
        context.put("run", String.valueOf(ctx.run().id()));
        ctx.facts().string(StepKind.PLAN, "jupyterhubVersion").ifPresent(v -> context.put("jupyterhubVersion", v));
        ctx.facts().string(StepKind.PLAN, "revision").ifPresent(v -> context.put("alembicRevision", v));
        Optional<Path> home = ctx.input().get(HOME).map(Path::of);
        List<String> excludes = ctx.input().get(HOME_EXCLUDES)
                .map(s -> Arrays.stream(s.split(",")).map(String::strip).filter(e -> !e.isEmpty()).toList())
                .orElse(List.of());
        BackupRequest request = new BackupRequest(hub.name(), hub.backupRoot().toAbsolutePath().normalize(),
                url.sqliteFile(), hub.configFile(), extra, home, excludes, context);
        BackupResult backup = backups.create(request, new StepProgress(ctx));
        ctx.log(backup.summary());
        VerifyResult verify = backups.verify(backup.directory());
        verify.checks().forEach(c -> ctx.log("verify: " + c));
        if (!verify.verified()) {
            throw new StepFailure("The backup in " + backup.directory() + " did not verify: " + verify.summary());
        }
        backups.applyRetention(request.destinationRoot(), hub.name(), properties.backupsToKeep(),
                Set.of(backup.directory()));
        result.put("databaseBackedUp", true);
        result.put("backupDir", backup.directory().toString());
        result.put("verified", true);
        result.put("bytes", backup.totalBytes());
        Map<String, String> extraFiles = new LinkedHashMap<>();
        extra.forEach(p -> extraFiles.put(p.getFileName().toString(), p.toString()));
        result.put("extraFiles", extraFiles);
        return StepOutcome.succeeded("verified backup in " + backup.directory(), result);
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
