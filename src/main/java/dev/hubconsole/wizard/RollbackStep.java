package dev.hubconsole.wizard;

import dev.hubconsole.backup.Backups;
import dev.hubconsole.backup.RestoreResult;
import dev.hubconsole.backup.RestoreTarget;
import dev.hubconsole.hub.Hub;
import dev.hubconsole.hubdb.DbUrl;
import dev.hubconsole.lifecycle.DownProof;
import dev.hubconsole.lifecycle.HubApiClient;
import dev.hubconsole.lifecycle.HubProbe;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Roll back: stops the hub if it answers, restores the verified backup of this run (database and files, byte
 * for byte; what it replaces is moved aside, never deleted), starts the hub and checks its health.
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
        RestoreTarget target = new RestoreTarget(url.sqliteFile(), hub.configFile(), extraFileTargets(ctx, backupDir));
        RestoreResult restored = backups.restore(backupDir, target, () -> api.version(hub.apiUrl()).isPresent());
        ctx.log(restored.summary());
        restored.movedAside().forEach(p -> ctx.log("kept what it replaced: " + p));
        String version = ctx.facts().string(StepKind.PLAN, "jupyterhubVersion").orElse("");
        ctx.log("Starting the hub on the restored database. If you upgraded the JupyterHub package for this run, "
                + "reinstall the previous release first: the restored schema is "
                + ctx.facts().string(StepKind.PLAN, "revision").orElse("?"));
        Map<String, Object> result = new LinkedHashMap<>(starter.start(ctx, version));
        result.put("restoredFrom", backupDir.toString());
        result.put("movedAside", restored.movedAside().stream().map(Path::toString).toList());
        return StepOutcome.succeeded("restored " + backupDir.getFileName() + " and the hub is healthy again", result);
    }

    /** The extra files the backup step recorded (name in the backup → where it came from). */
    private static Map<String, Path> extraFileTargets(StepContext ctx, Path backupDir) {
        Map<String, Path> targets = new LinkedHashMap<>();
        ctx.facts().value(StepKind.BACKUP, "extraFiles").filter(Map.class::isInstance).map(Map.class::cast)
                .ifPresent(m -> m.forEach((name, path) -> targets.put(name.toString(), Path.of(path.toString()))));
        return targets;
    }
}
