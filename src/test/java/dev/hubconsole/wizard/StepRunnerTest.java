package dev.hubconsole.wizard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubconsole.audit.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link StepRunner} with the application's real steps except one replaced by a test step, built directly
 * (the production {@link Steps} registry needs exactly one bean per kind, so a test bean cannot be added to the
 * context), on the real console database, running steps synchronously.
 */
@ExtendWith(OutputCaptureExtension.class)
class StepRunnerTest extends WizardFixture {

    @Autowired
    dev.hubconsole.security.SecretCipher cipher;

    @Autowired
    List<WizardStep> realSteps;
    @Autowired
    StepLog stepLog;
    @Autowired
    AuditLog audit;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    Clock clock;

    @Test
    void aStepThatThrowsFailsWithAOneLineReasonWithoutTheHubsSecrets(CapturedOutput output) {
        Run run = wizard.startRun(hub().id(), "alice");
        StepRunner runner = runnerWith(ctx -> {
            throw new IllegalStateException("hub refused token " + TOKEN + "\n  at line 2");
        });

        execute(runner, run, StepKind.PLAN);

        StepRecord plan = step(run.id(), StepKind.PLAN);
        assertThat(plan.state()).isEqualTo(StepState.FAILED);
        assertThat(plan.error()).isEqualTo("hub refused token *** at line 2");
        assertThat(logLines(run.id())).containsExactly("FAILED: hub refused token *** at line 2");
        assertThat(auditActions(run.id())).containsExactly("run.start", "step.failed");
        assertThat(jdbc.sql("SELECT outcome FROM audit_events WHERE run_id = :r AND action = 'step.failed'")
                .param("r", run.id()).query(String.class).single()).isEqualTo("FAILED");
        assertNoSecretStored();
        assertThat(output.getAll()).as("the console's own log").contains("Step PLAN of run " + run.id())
                .doesNotContain(TOKEN);
    }

    @Test
    void anAssertionErrorInAStepIsAFailureTooNotALostThread() {
        Run run = wizard.startRun(hub().id(), "alice");
        StepRunner runner = runnerWith(ctx -> {
            throw new AssertionError();
        });

        execute(runner, run, StepKind.PLAN);

        assertThat(step(run.id(), StepKind.PLAN).state()).isEqualTo(StepState.FAILED);
        assertThat(step(run.id(), StepKind.PLAN).error()).isEqualTo("AssertionError");
    }

    @Test
    void aSucceedingStepStoresItsResultAndRedactedLog() {
        Run run = wizard.startRun(hub().id(), "alice");
        StepRunner runner = runnerWith(ctx -> {
            ctx.log("calling the API with " + ctx.hub().apiToken().value());
            return StepOutcome.succeeded("planned", Map.of("revision", "4dc2d5a8c53c"));
        });

        execute(runner, run, StepKind.PLAN);

        StepRecord plan = step(run.id(), StepKind.PLAN);
        assertThat(plan.state()).isEqualTo(StepState.SUCCEEDED);
        assertThat(plan.resultJson()).contains("4dc2d5a8c53c");
        assertThat(runner.facts(run.id()).string(StepKind.PLAN, "revision")).contains("4dc2d5a8c53c");
        assertThat(logLines(run.id())).containsExactly("calling the API with ***", "DONE: planned");
        assertThat(auditActions(run.id())).containsExactly("run.start", "step.succeeded");
        assertThat(wizard.view(run.id()).next()).contains(StepKind.BACKUP);
        assertNoSecretStored();
    }

    @Test
    void aStepWithNothingToDoIsSkippedNotSucceeded() {
        Run run = wizard.startRun(hub().id(), "alice");
        StepRunner runner = runnerWith(ctx -> StepOutcome.skipped("nothing to do", Map.of()));

        execute(runner, run, StepKind.PLAN);

        assertThat(step(run.id(), StepKind.PLAN).state()).isEqualTo(StepState.SKIPPED);
        assertThat(auditActions(run.id())).containsExactly("run.start", "step.skipped");
    }

    @Test
    void theStepRegistryNeedsExactlyOneImplementationPerKind() {
        List<WizardStep> missing = new ArrayList<>(realSteps);
        missing.removeIf(s -> s.kind() == StepKind.ROLLBACK);
        assertThatThrownBy(() -> new Steps(missing)).hasMessageContaining("No implementation of step ROLLBACK");

        List<WizardStep> doubled = new ArrayList<>(realSteps);
        doubled.add(testStep(StepKind.FINISH, ctx -> null));
        assertThatThrownBy(() -> new Steps(doubled)).hasMessageContaining("Two implementations of step FINISH");

        assertThat(new Steps(realSteps).of(StepKind.NOTIFY).kind()).isEqualTo(StepKind.NOTIFY);
    }

    private void execute(StepRunner runner, Run run, StepKind kind) {
        assertThat(store.begin(run.id(), kind, StepState.PENDING, "{}", Instant.now())).isTrue();
        runner.execute(run.id(), kind, "alice");
    }

    private StepRunner runnerWith(Function<StepContext, StepOutcome> plan) {
        List<WizardStep> steps = new ArrayList<>(realSteps);
        steps.removeIf(s -> s.kind() == StepKind.PLAN);
        steps.add(testStep(StepKind.PLAN, plan));
        Steps registry = new Steps(steps);
        return new StepRunner(store, stepLog, registry, new SealedInputs(cipher, registry), hubs, audit, tx, events,
                new SyncTaskExecutor(), clock);
    }

    private static WizardStep testStep(StepKind kind, Function<StepContext, StepOutcome> body) {
        return new WizardStep() {
            @Override
            public StepKind kind() {
                return kind;
            }

            @Override
            public StepOutcome execute(StepContext context) {
                return body.apply(context);
            }
        };
    }

    private List<String> logLines(long runId) {
        return stepLog.after(runId, 0, 100).stream().map(RunProgress.LogLine::line).toList();
    }

    private void assertNoSecretStored() {
        assertThat(jdbc.sql("SELECT line FROM step_log").query(String.class).list()).noneMatch(l -> l.contains(TOKEN));
        assertThat(jdbc.sql("SELECT detail FROM audit_events").query(String.class).list())
                .noneMatch(l -> l.contains(TOKEN));
        assertThat(jdbc.sql("SELECT COALESCE(error, '') || COALESCE(result_json, '') FROM run_steps")
                .query(String.class).list()).noneMatch(l -> l.contains(TOKEN));
    }
}
