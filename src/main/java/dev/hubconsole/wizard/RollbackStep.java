package dev.hubconsole.wizard;

import dev.hubconsole.backup.Backups;
import dev.hubconsole.backup.DatabaseRestoreResult;
import dev.hubconsole.backup.RestoreResult;
import dev.hubconsole.backup.RestoreTarget;
import dev.hubconsole.backup.ServerDatabase;
import dev.hubconsole.hub.Hub;
import dev.hubconsole.hubdb.DbUrl;
import dev.hubconsole.hubdb.Engine;
import dev.hubconsole.lifecycle.DownProof;
import dev.hubconsole.lifecycle.HubApiClient;
import dev.hubconsole.lifecycle.HubProbe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.springframework.stereotype.Component;

/**
 * Roll back: stops the hub if it answers, restores the verified backup of this run (database and files, byte
 * for byte; what it replaces is moved aside, never deleted), starts the hub and checks its health.
 *
 * <p>A PostgreSQL or MariaDB/MySQL database is never overwritten in place: the backup is restored into a new
 * database on the same server and its row counts checked; only then is the hub's current database renamed to
 * {@code <db>_replaced_<timestamp>} (MariaDB/MySQL: its tables moved there by one atomic {@code RENAME TABLE}) and
 * the restored one given the hub's name. The replaced database stays on the server until the admin drops it.
 *
 * <p>After an engine change the source database was never modified (the copy was made read-only and upgraded on
 * the target): only the files are restored, which points the hub at the source again.
 */
@Component
class RollbackStep implements WizardStep {

    private final Backups backups;
    private final HubApiClient api;
    private final HubProbe probe;
    private final HubCommandsRunner commands;
    private final HubStarter starter;
    private final WizardProperties properties;

    RollbackStep(Backups backups, HubApiClient api, HubProbe probe, HubCommandsRunner commands, HubStarter starter,
                 WizardProperties properties) {
        this.backups = backups;
        this.api = api;
        this.probe = probe;
        this.commands = commands;
        this.starter = starter;
        this.properties = properties;
    }

    @Override
    public StepKind kind() {
        return StepKind.ROLLBACK;
    }

    @Override
    public StepOutcome execute(StepContext ctx) {
        Hub hub = ctx.hub();
        Path backupDir = ctx.facts().string(StepKind.BACKUP, "backupDir").map(Path::of)
                .orElseThrow(() -> new StepFailure("This run has no database backup to restore; restore the hub "
                        + "from your own backup"));
        if (!ctx.facts().string(StepKind.BACKUP, "databaseBackedUp").map("true"::equals).orElse(false)) {
            throw new StepFailure("This run's backup holds no database; restore the hub from your own backup");
        }
        if (api.version(hub.apiUrl()).isPresent()) {
            ctx.log("The hub answers; stopping it first");
            commands.run(ctx, "stop", hub.commands().stop());
        }
        DownProof down = probe.proveDown(hub.apiUrl(), HubEndpoints.hubBase(hub), HubCommandsRunner.status(hub),
                properties.shutdownWait());
        if (!down.down()) {
            throw new StepFailure("The hub is still up; nothing was restored: " + down.summary());
        }
        DbUrl url = DbUrl.parse(hub.dbUrl().value(), hub.workDir());
        ctx.log("Restoring " + backupDir);
        BooleanSupplier hubIsUp = () -> api.version(hub.apiUrl()).isPresent();
        Map<String, Path> extras = extraFileTargets(ctx, backupDir);
        List<String> movedAside = new ArrayList<>();
        java.util.Optional<EngineChange> change = EngineChangeMigration.planned(ctx);
        if (change.isPresent()) {
            ctx.log("This run changed the database engine: the source " + url.display() + " was only read, never "
                    + "modified, so it is not restored; the configuration is restored, which points the hub at it "
                    + "again. The copy in " + change.get().target().display() + " is left as it is.");
            restoreFiles(ctx, backupDir, extras, hubIsUp, movedAside);
        } else if (url.engine() == Engine.SQLITE) {
            RestoreResult restored = backups.restore(backupDir, new RestoreTarget(url.sqliteFile(), hub.configFile(),
                    extras), hubIsUp);
            ctx.log(restored.summary());
            restored.movedAside().forEach(p -> movedAside.add(p.toString()));
        } else {
            ctx.log("Restoring the " + url.engine() + " database into a new database on the same server, checking"
                    + " it, then renaming the hub's current database aside and the restored one into its place");
            DatabaseRestoreResult database = backups.restoreDatabaseReplacing(backupDir,
                    new ServerDatabase(url.jdbcUrl(), url.username(), url.password()), hubIsUp);
            ctx.log(database.summary());
            movedAside.add("database " + database.movedAside());
            restoreFiles(ctx, backupDir, extras, hubIsUp, movedAside);
        }
        movedAside.forEach(p -> ctx.log("kept what it replaced: " + p));
        String version = ctx.facts().string(StepKind.PLAN, "jupyterhubVersion").orElse("");
        ctx.log("Starting the hub on the restored database. If you upgraded the JupyterHub package for this run, "
                + "reinstall the previous release first: the restored schema is "
                + ctx.facts().string(StepKind.PLAN, "revision").orElse("?"));
        Map<String, Object> result = new LinkedHashMap<>(starter.start(ctx, version));
        result.put("restoredFrom", backupDir.toString());
        result.put("movedAside", movedAside);
        return StepOutcome.succeeded("restored " + backupDir.getFileName() + " and the hub is healthy again", result);
    }

    /** Restores the configuration and extra files only, noting what they replaced. */
    private void restoreFiles(StepContext ctx, Path backupDir, Map<String, Path> extras, BooleanSupplier hubIsUp,
            List<String> movedAside) {
        RestoreResult files = backups.restore(backupDir, RestoreTarget.filesOnly(ctx.hub().configFile(), extras),
                hubIsUp);
        ctx.log(files.summary());
        files.movedAside().forEach(p -> movedAside.add(p.toString()));
    }

    /** The extra files the backup step recorded (name in the backup → where it came from). */
    private static Map<String, Path> extraFileTargets(StepContext ctx, Path backupDir) {
        Map<String, Path> targets = new LinkedHashMap<>();
        ctx.facts().value(StepKind.BACKUP, "extraFiles").filter(Map.class::isInstance).map(Map.class::cast)
                .ifPresent(m -> m.forEach((name, path) -> targets.put(name.toString(), Path.of(path.toString()))));
        return targets;
    }
}
