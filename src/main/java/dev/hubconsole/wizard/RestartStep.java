package dev.hubconsole.wizard;

import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Restart: after an engine change, first checks that the configuration points the hub at the new database; starts
 * the hub, waits until it is healthy with the installed version, and reports the errors and
 * deprecation warnings its log shows since the start.
 */
@Component
class RestartStep implements WizardStep {

    private final HubStarter starter;

    RestartStep(HubStarter starter) {
        this.starter = starter;
    }

    @Override
    public StepKind kind() {
        return StepKind.RESTART;
    }

    @Override
    public StepOutcome execute(StepContext ctx) {
        String version = ctx.facts().string(StepKind.PLAN, "jupyterhubVersion")
                .orElseThrow(() -> new StepFailure("Plan recorded no JupyterHub version"));
        if (ctx.facts().value(StepKind.MIGRATE, EngineChangeMigration.CHANGED).isPresent()) {
            EngineChangeMigration.planned(ctx).ifPresent(change ->
                    EngineChangeMigration.requireConfigPointsAt(ctx, change.target()));
        }
        Map<String, Object> result = starter.start(ctx, version);
        int errors = ((List<?>) result.getOrDefault("logErrors", List.of())).size();
        int deprecations = ((List<?>) result.getOrDefault("logDeprecations", List.of())).size();
        return StepOutcome.succeeded("hub healthy at JupyterHub " + result.get("version") + "; log: " + errors
                + " error(s), " + deprecations + " deprecation warning(s)", result);
    }
}
