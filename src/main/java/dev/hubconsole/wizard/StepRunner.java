package dev.hubconsole.wizard;

import dev.hubconsole.audit.AuditEntry;
import dev.hubconsole.audit.AuditLog;
import dev.hubconsole.audit.AuditOutcome;
import dev.hubconsole.hub.Hub;
import dev.hubconsole.hub.Hubs;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.task.TaskExecutor;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Executes a step that was moved to RUNNING: on the step executor, outside any transaction, with a log that
 * redacts the hub's secrets, and records the outcome (state, result, audit event) in one transaction.
 */
@Component
class StepRunner {

    private static final Logger log = LoggerFactory.getLogger(StepRunner.class);
    private final RunStore store;
    private final StepLog stepLog;
    private final Steps steps;
    private final SealedInputs sealed;
    private final Hubs hubs;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final TaskExecutor executor;
    private final Clock clock;

    StepRunner(RunStore store, StepLog stepLog, Steps steps, SealedInputs sealed, Hubs hubs, AuditLog audit,
               TransactionTemplate tx, ApplicationEventPublisher events,
               @Qualifier("stepExecutor") TaskExecutor executor, Clock clock) {
        this.store = store;
        this.stepLog = stepLog;
        this.steps = steps;
        this.sealed = sealed;
        this.hubs = hubs;
        this.audit = audit;
        this.tx = tx;
        this.events = events;
        this.executor = executor;
        this.clock = clock;
    }

    /** Results and inputs of a run's steps so far. */
    StepContext.Facts facts(long runId) {
        Map<StepKind, Map<String, Object>> results = new EnumMap<>(StepKind.class);
        Map<StepKind, StepInput> inputs = new EnumMap<>(StepKind.class);
        for (StepRecord s : store.steps(runId)) {
            if (s.resultJson() != null) {
                results.put(s.kind(), Json.object(s.resultJson()));
            }
            if (s.inputJson() != null) {
                inputs.put(s.kind(), sealed.read(s.kind(), s.inputJson()));
            }
        }
        return new StepContext.Facts(results, inputs);
    }

    void execute(long runId, StepKind kind, String actor) {
        Run run = store.run(runId).orElseThrow();
        events.publishEvent(new StepStateChanged(runId, run.hubId(), kind, StepState.RUNNING, "started by " + actor));
        try {
            executor.execute(() -> run(runId, kind, actor));
        } catch (TaskRejectedException e) {
            finish(run, kind, actor, StepState.FAILED, null,
                    "the console is too busy to start the step now; retry in a minute");
        }
    }

    private void run(long runId, StepKind kind, String actor) {
        Run run = store.run(runId).orElseThrow();
        StepRecord step = store.steps(runId).stream().filter(s -> s.kind() == kind).findFirst().orElseThrow();
        Hub hub = hubs.find(run.hubId()).orElseThrow();
        StepContext.Facts facts = facts(runId);
        Redactor redactor = Redactor.of(hub, facts);
        StepContext context = new StepContext(run, hub, kind, sealed.read(kind, step.inputJson()), actor, facts,
                line -> stepLog.append(runId, kind, step.attempt(), redactor.apply(line)),
                (action, outcome, detail) -> audit.append(AuditEntry.of(clock.instant(), actor, action, hub.id(),
                        runId, outcome, redactor.apply(detail))));
        StepOutcome outcome;
        try {
            outcome = steps.of(kind).execute(context);
        } catch (Exception | AssertionError e) {
            String reason = redactor.apply(oneLine(e));
            if (!(e instanceof StepFailure)) {
                // the reason only, redacted: a stack trace would carry the hub's secrets into the console's log
                log.warn("Step {} of run {} failed unexpectedly ({}): {}", kind, runId, e.getClass().getName(), reason);
            }
            context.log("FAILED: " + reason);
            String partial = e instanceof StepFailure failure ? failure.result().map(Json::write).orElse(null) : null;
            finish(run, kind, actor, StepState.FAILED, partial, reason);
            return;
        }
        context.log((outcome.skipped() ? "SKIPPED: " : "DONE: ") + outcome.summary());
        finish(run, kind, actor, outcome.skipped() ? StepState.SKIPPED : StepState.SUCCEEDED,
                Json.write(outcome.result()), redactor.apply(outcome.summary()));
    }

    private void finish(Run run, StepKind kind, String actor, StepState state, String resultJson, String summary) {
        RunState runState = state.passed() ? switch (kind) {
            case FINISH -> RunState.FINISHED;
            case ROLLBACK -> RunState.ROLLED_BACK;
            default -> null;
        } : null;
        tx.executeWithoutResult(status -> {
            String error = state == StepState.FAILED ? summary : null;
            if (!store.end(run.id(), kind, StepState.RUNNING, state, resultJson, summary, error, clock.instant())) {
                throw new IllegalStateException("step " + kind + " of run " + run.id() + " was no longer running");
            }
            audit.append(AuditEntry.of(clock.instant(), actor, "step." + state.name().toLowerCase(), run.hubId(),
                    run.id(), state == StepState.FAILED ? AuditOutcome.FAILED : AuditOutcome.OK,
                    kind.slug() + ": " + summary));
            if (runState != null) {
                store.endRun(run.id(), runState, clock.instant());
                audit.append(AuditEntry.of(clock.instant(), actor, "run." + runState.name().toLowerCase(),
                        run.hubId(), run.id(), AuditOutcome.OK, "run #" + run.id() + " " + runState.name()
                                .toLowerCase().replace('_', ' ')));
            }
        });
        events.publishEvent(new StepStateChanged(run.id(), run.hubId(), kind, state, summary));
        if (runState != null) {
            events.publishEvent(new RunStateChanged(run.id(), run.hubId(), runState));
        }
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                : e.getMessage();
        return message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
