package dev.hubconsole.wizard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubconsole.audit.AuditOutcome;
import dev.hubconsole.hub.Hub;
import dev.hubconsole.hub.HubCommands;
import dev.hubconsole.hubdb.DbUrl;
import dev.hubconsole.hubdb.DatabaseCopy;
import dev.hubconsole.hubdb.HubDatabases;
import dev.hubconsole.hubdb.Inspector;
import dev.hubconsole.hubdb.RealHubDatabases;
import dev.hubconsole.testsupport.TestDatabases;
import dev.hubconsole.lifecycle.CommandRunner;
import dev.hubconsole.lifecycle.HubApiClient;
import dev.hubconsole.security.Secret;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Plan step on a SQLite database made by the real JupyterHub 3.0 and downgraded by it to 2.x, with the real
 * JupyterHub as the installed version: the inspection lands in the step result, the upgrade SQL preview is asked
 * from the hub's own JupyterHub, and blocking findings stop the plan unless acknowledged.
 */
class PlanStepInspectionTest {

    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();
    private final List<String> audit = new ArrayList<>();
    private Hub hub;
    private PlanStep step;

    @BeforeEach
    void downgradedHub() throws Exception {
        RealHubDatabases.sqlite(dir);
        Files.writeString(dir.resolve("jupyterhub_config.py"), """
                c.JupyterHub.db_url = 'sqlite:///jupyterhub.sqlite'
                c.Authenticator.allowed_users = {'alice'}
                """);
        RealHubDatabases.python("-c", "import os, sys\nos.chdir(sys.argv[1])\nfrom jupyterhub import dbutil\n"
                + "sys.exit(dbutil.main(['alembic', 'downgrade', '833da8570507']))", dir.toString());
        hub = new Hub(1, "test-hub", dir, dir.resolve("jupyterhub_config.py"), new Secret("sqlite:///jupyterhub.sqlite"),
                "sqlite:///jupyterhub.sqlite", URI.create("http://127.0.0.1:1/"), URI.create("http://127.0.0.1:1/hub/api"),
                new Secret("token"), Optional.empty(), new HubCommands(List.of("true"), List.of("true"), List.of(),
                        List.of("/usr/bin/jupyterhub", "upgrade-db"), List.of(RealHubDatabases.PYTHON, "-m",
                                "jupyterhub", "--version")), Duration.ofSeconds(120), dir.resolve("backups"), 0);
        step = new PlanStep(new HubDatabases(), new CommandRunner(), new HubApiClient(), new Inspector(),
                new EngineChangePlanner(DatabaseCopy.standalone()));
    }

    private StepContext context(Map<String, String> input) {
        return new StepContext(new Run(1, 1, RunState.ACTIVE, "admin", Instant.now(), null, 0), hub, StepKind.PLAN,
                new StepInput(input), "admin", new StepContext.Facts(Map.of(), Map.of()), log::add,
                (action, outcome, detail) -> audit.add(action + " " + outcome + " " + detail));
    }

    @Test
    @SuppressWarnings("unchecked")
    void putsTheInspectionAndTheUpgradeSqlPreviewIntoThePlan() throws Exception {
        StepOutcome outcome = step.execute(context(Map.of()));

        Map<String, Object> result = outcome.result();
        assertThat(result.get("revision")).isEqualTo("833da8570507");
        assertThat(result.get("targetRevision")).isEqualTo(RealHubDatabases.JUPYTERHUB_30_HEAD);
        assertThat(result).containsKeys("drift", "health", "deleteImpact", "upgradeSql", "blocking");
        assertThat((List<Map<String, Object>>) result.get("drift")).extracting(d -> d.get("kind")).containsOnly("ARTEFACT");
        assertThat((List<?>) result.get("health")).isEmpty();
        assertThat((Map<String, Object>) result.get("deleteImpact")).containsEntry("safeToStartFresh", true);
        Map<String, Object> sql = (Map<String, Object>) result.get("upgradeSql");
        assertThat(sql.get("command")).asString().endsWith("-m jupyterhub.dbutil alembic upgrade 833da8570507:head --sql");
        // JupyterHub 3.0's 651f5419b74d needs a live connection: alembic's offline mode cannot render it on SQLite
        assertThat(sql.get("status")).isIn("OK", "UNAVAILABLE");
        if (sql.get("status").equals("UNAVAILABLE")) {
            assertThat(sql.get("reason")).asString().contains("MockConnection");
        }
        assertThat(Json.object(Json.write(result))).containsKeys("drift", "health", "deleteImpact", "upgradeSql");
        assertThat(audit).isEmpty();
    }

    @Test
    void blockingFindingsStopThePlanUntilAcknowledgedAndTheAcknowledgementIsAudited() throws Exception {
        try (Connection c = new HubDatabases().openForWrite(DbUrl.parse(hub.dbUrl().value(), dir));
                Statement s = c.createStatement()) {
            s.execute("ALTER TABLE spawners DROP COLUMN user_options");
        }

        assertThatThrownBy(() -> step.execute(context(Map.of()))).isInstanceOf(StepFailure.class)
                .hasMessageContaining("1 blocking finding(s)").hasMessageContaining("spawners.user_options")
                .hasMessageContaining(PlanStep.ACKNOWLEDGE);
        assertThat(audit).isEmpty();

        StepOutcome outcome = step.execute(context(Map.of(PlanStep.ACKNOWLEDGE, "true")));

        assertThat(outcome.result()).containsEntry("blockingAcknowledged", true);
        assertThat(outcome.summary()).contains("1 blocking finding(s) acknowledged");
        assertThat(audit).singleElement().asString().startsWith("plan.acknowledged " + AuditOutcome.OK)
                .contains("spawners.user_options");

        String html = renderReport(Json.object(Json.write(outcome.result())));
        assertThat(html).contains("id=\"inspect-blocking\"").contains("Column spawners.user_options")
                .contains("data-kind=\"BLOCKING\"").contains("Acknowledged by the admin")
                .contains("Safe to start fresh").contains("833da8570507");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anEngineChangeIsPlannedAgainstTheRealTargetAndRowsItWouldRejectStopItUnlessHandled() throws Exception {
        try (Connection c = new HubDatabases().openForWrite(DbUrl.parse(hub.dbUrl().value(), dir));
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO users (name, admin, cookie_id) VALUES ('" + "x".repeat(300) + "', 0, 'c-long')");
        }
        try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
            Map<String, String> input = Map.of(EngineChange.TARGET, pg.jdbcUrl(), EngineChange.MODE, "all-at-once",
                    EngineChange.WRITE_CONFIG, "true");
            assertThatThrownBy(() -> step.execute(context(input))).isInstanceOf(StepFailure.class)
                    .hasMessageContaining("1 finding(s)").hasMessageContaining("longer than VARCHAR(255)")
                    .hasMessageContaining("skip or truncate")
                    .satisfies(e -> assertThat(((StepFailure) e).result().orElseThrow()).containsKey("engineChange"));
            assertThat(audit).isEmpty();

            Map<String, String> skip = new java.util.HashMap<>(input);
            skip.put(EngineChange.ON_VIOLATION, "skip");
            StepOutcome outcome = step.execute(context(skip));
            Map<String, Object> change = (Map<String, Object>) outcome.result().get("engineChange");
            assertThat(change).containsEntry("onViolation", "skip").containsEntry("handledCount", 1)
                    .containsEntry("upgradeAfterCopy", true).containsEntry("existingTables", List.of());
            assertThat((List<String>) change.get("handled")).singleElement().asString().contains("SKIPPED");
            assertThat(audit).singleElement().asString().startsWith("plan.violations-handled " + AuditOutcome.OK);
            assertThat(outcome.summary()).contains("engine change to postgresql://");

            Map<String, String> multi = new java.util.HashMap<>(skip);
            multi.put(EngineChange.MODE, "multi-step");
            assertThatThrownBy(() -> step.execute(context(multi))).isInstanceOf(StepFailure.class)
                    .hasMessageContaining("Multi-step changes only the engine");
        }
        Map<String, String> unreachable = Map.of(EngineChange.TARGET, "postgresql://nobody@127.0.0.1:1/hub",
                EngineChange.MODE, "all-at-once", EngineChange.WRITE_CONFIG, "true");
        assertThatThrownBy(() -> step.execute(context(unreachable))).isInstanceOf(StepFailure.class)
                .hasMessageContaining("target database cannot be used");
    }

    /** Renders the report fragment as the run page does, with the console's messages. */
    static String renderReport(Map<String, Object> plan) {
        org.thymeleaf.spring6.SpringTemplateEngine engine = new org.thymeleaf.spring6.SpringTemplateEngine();
        org.thymeleaf.templateresolver.ClassLoaderTemplateResolver resolver =
                new org.thymeleaf.templateresolver.ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        engine.setTemplateResolver(resolver);
        org.springframework.context.support.ResourceBundleMessageSource messages =
                new org.springframework.context.support.ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        engine.setTemplateEngineMessageSource(messages);
        org.thymeleaf.context.Context context = new org.thymeleaf.context.Context(java.util.Locale.ENGLISH);
        context.setVariable("plan", plan);
        return engine.process("wizard/plan-report", java.util.Set.of("report(plan)"), context);
    }
}
