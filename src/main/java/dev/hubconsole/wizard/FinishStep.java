package dev.hubconsole.wizard;

import dev.hubconsole.hub.Hubs;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Finish: summarises the run (revisions, backup, duration) and closes it; the notice flips to completed. After an
 * engine change the hub's registration is pointed at the new database (audited), so that later runs read it.
 */
@Component
class FinishStep implements WizardStep {

    private final Hubs hubs;

    FinishStep(Hubs hubs) {
        this.hubs = hubs;
    }

    @Override
    public StepKind kind() {
        return StepKind.FINISH;
    }

    @Override
    public StepOutcome execute(StepContext ctx) {
        StepContext.Facts f = ctx.facts();
        Map<String, Object> result = new LinkedHashMap<>();
        String from = f.string(StepKind.MIGRATE, "revisionBefore").or(() -> f.string(StepKind.PLAN, "revision"))
                .orElse("?");
        String to = f.string(StepKind.MIGRATE, "revisionAfter").orElse(from);
        result.put("revisionBefore", from);
        result.put("revisionAfter", to);
        f.string(StepKind.RESTART, "version").ifPresent(v -> result.put("jupyterhubVersion", v));
        f.string(StepKind.BACKUP, "backupDir").ifPresent(v -> result.put("backupDir", v));
        if (f.value(StepKind.MIGRATE, EngineChangeMigration.CHANGED).isPresent()) {
            EngineChange change = EngineChangeMigration.planned(ctx).orElseThrow(() -> new StepFailure(
                    "The engine change's target is no longer readable from the Plan's input; edit the hub's database "
                    + "URL yourself"));
            hubs.changeDatabase(ctx.hub().id(), change.target().sqlalchemyUrl(), ctx.actor(), ctx.run().id());
            result.put("database", change.target().display());
            ctx.log("The hub's registration now uses " + change.target().display());
        }
        Duration took = Duration.between(ctx.run().createdAt(), Instant.now());
        result.put("durationSeconds", took.toSeconds());
        String summary = "upgrade finished: schema " + from + " → " + to + ", JupyterHub "
                + result.getOrDefault("jupyterhubVersion", "?") + (result.containsKey("database") ? ", database now "
                + result.get("database") : "") + ", in " + took.toMinutes() + " min";
        ctx.log(summary);
        f.string(StepKind.BACKUP, "backupDir").ifPresent(d -> ctx.log("The backup stays in " + d));
        return StepOutcome.succeeded(summary, result);
    }
}
