package dev.hubconsole.wizard;

import dev.hubconsole.hub.Hub;
import dev.hubconsole.hubdb.DbUrl;
import dev.hubconsole.hubdb.HubDatabases;
import dev.hubconsole.lifecycle.HubApiClient;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Migrate: runs the release's schema upgrade (the hub's upgrade-db command, by default the real
 * {@code jupyterhub upgrade-db}) with its output streamed, then reads {@code alembic_version} again and requires
 * the head the installed release expects. It refuses to run while the hub answers. Running it on a database at
 * head already is harmless (alembic has nothing to do) and confirms the schema. When the Plan planned an engine
 * change, it copies the database instead ({@link EngineChangeMigration}) and upgrades the copy when all at once.
 */
@Component
class MigrateStep implements WizardStep {

    private final HubDatabases databases;
    private final HubApiClient api;
    private final HubCommandsRunner commands;
    private final EngineChangeMigration engines;

    MigrateStep(HubDatabases databases, HubApiClient api, HubCommandsRunner commands, EngineChangeMigration engines) {
        this.databases = databases;
        this.api = api;
        this.commands = commands;
        this.engines = engines;
    }

    @Override
    public StepKind kind() {
        return StepKind.MIGRATE;
    }

    @Override
    public StepOutcome execute(StepContext ctx) {
        Hub hub = ctx.hub();
        if (api.version(hub.apiUrl()).isPresent()) {
            throw new StepFailure("The hub answers at " + hub.apiUrl() + "; it must be stopped before the schema "
                    + "upgrade (retry Shutdown's stop command, or stop it yourself, then retry)");
        }
        String target = ctx.facts().string(StepKind.PLAN, "targetRevision")
                .orElseThrow(() -> new StepFailure("Plan recorded no target revision; roll back or start a new run"));
        DbUrl url = DbUrl.parse(hub.dbUrl().value(), hub.workDir());
        java.util.Optional<EngineChange> change = EngineChangeMigration.planned(ctx);
        if (change.isPresent()) {
            Map<String, Object> result = engines.migrate(ctx, change.get(), url, target);
            return StepOutcome.succeeded("database copied to " + change.get().target().display() + " and verified ("
                    + result.get("rows") + " rows); schema " + result.get("revisionBefore") + " → "
                    + result.get("revisionAfter"), result);
        }
        String before = databases.alembicRevision(url).orElse("(none)");
        ctx.log("Schema revision before: " + before + "; target: " + target);
        commands.run(ctx, "upgrade-db", hub.commands().upgradeDb());
        String after = databases.alembicRevision(url).orElse("(none)");
        ctx.log("Schema revision after: " + after);
        if (!target.equals(after)) {
            throw new StepFailure("After upgrade-db the database is at revision " + after + ", not " + target
                    + "; read the upgrade-db output above, then retry or roll back");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("revisionBefore", before);
        result.put("revisionAfter", after);
        return StepOutcome.succeeded(before.equals(after) ? "schema at " + after + " already (confirmed)"
                : "schema upgraded " + before + " → " + after, result);
    }

}
