package dev.hubconsole.wizard;

import dev.hubconsole.shared.Refusal;
import dev.hubconsole.audit.AuditEntry;
import dev.hubconsole.audit.AuditLog;
import dev.hubconsole.audit.AuditOutcome;
import dev.hubconsole.hub.Hub;
import dev.hubconsole.hub.Hubs;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The wizard's public API: start a run, start/retry/skip a step, roll back, abandon, and read runs. Each
 * action checks the run's state, moves it in one transaction together with its audit event, then hands the
 * work to {@link StepRunner}. An optional expected run version turns a stale page or a double-submitted form
 * into a clear refusal instead of a second action.
 */
@Service
public class Wizard {

    private final RunStore store;
    private final Hubs hubs;
    private final Steps steps;
    private final StepRunner runner;
    private final SealedInputs sealed;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Wizard(RunStore store, Hubs hubs, Steps steps, StepRunner runner, SealedInputs sealed, AuditLog audit,
           TransactionTemplate tx, ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.hubs = hubs;
        this.steps = steps;
        this.runner = runner;
        this.sealed = sealed;
        this.audit = audit;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
    }

    /** Starts a run for a hub; refuses when the hub has an active run already. */
    public Run startRun(long hubId, String actor) {
        Hub hub = hubs.find(hubId).orElseThrow(() -> new WizardRefusal(Refusal.Reason.NOT_FOUND, "No hub " + hubId));
        try {
            return tx.execute(status -> {
                store.activeRunOf(hubId).ifPresent(active -> {
                    throw WizardRefusal.conflict("Hub " + hub.name() + " has an active run #" + active.id()
                            + "; finish, roll back or abandon it before starting another");
                });
                long id = store.insertRun(hubId, actor, clock.instant());
                audit(actor, "run.start", hubId, id, AuditOutcome.OK, "started upgrade run #" + id);
                return store.run(id).orElseThrow();
            });
        } catch (DataAccessException e) {
            if (store.activeRunOf(hubId).isPresent()) {
                // the unique index on active runs caught a concurrent start
                throw WizardRefusal.conflict("Hub " + hub.name() + " has an active run already; open it from the "
                        + "hub page");
            }
            throw e;
        }
    }

    /** Starts the next step with the admin's input; the work runs in the background. */
    public void startStep(long runId, StepKind kind, StepInput input, String actor, OptionalInt expectedVersion) {
        RunView view = view(runId);
        if (view.next().filter(kind::equals).isEmpty()) {
            throw WizardRefusal.conflict(notNextReason(view, kind));
        }
        Hub hub = hub(view.run());
        steps.of(kind).checkInput(input, runner.facts(runId));
        begin(view, kind, StepState.PENDING, input, actor, expectedVersion, "step.start",
                "started " + kind.slug(), hub);
    }

    /** Runs a failed or interrupted step again with its input, where given overridden by new values. */
    public void retryStep(long runId, StepKind kind, Optional<StepInput> input, String actor,
                          OptionalInt expectedVersion) {
        RunView view = view(runId);
        StepRecord step = view.step(kind).orElseThrow(() -> WizardRefusal.conflict("Run #" + runId
                + " has no " + kind.slug() + " step"));
        if (!step.state().broken() || view.running().isPresent()) {
            throw WizardRefusal.conflict("Step " + kind.slug() + " is " + step.state().name().toLowerCase()
                    + "; only a failed or interrupted step can be retried");
        }
        StepInput stored = sealed.read(kind, step.inputJson());
        StepInput effective = input.map(given -> {
            java.util.Map<String, String> merged = new java.util.LinkedHashMap<>(stored.values());
            merged.putAll(given.values());
            return new StepInput(merged);
        }).orElse(stored);
        steps.of(kind).checkInput(effective, runner.facts(runId));
        begin(view, kind, step.state(), effective, actor, expectedVersion, "step.retry",
                "retried " + kind.slug() + " (attempt " + (step.attempt() + 1) + ")", hub(view.run()));
    }

    /** Skips a skippable pending step (audited). */
    public void skipStep(long runId, StepKind kind, String actor, OptionalInt expectedVersion) {
        RunView view = view(runId);
        if (!kind.skippable() || view.next().filter(kind::equals).isEmpty()) {
            throw WizardRefusal.conflict("Step " + kind.slug() + " cannot be skipped now; only the notice can be "
                    + "skipped, and only when it is next");
        }
        tx.executeWithoutResult(status -> {
            guard(view, expectedVersion);
            if (!store.end(runId, kind, StepState.PENDING, StepState.SKIPPED, null, "skipped by " + actor, null,
                    clock.instant())) {
                throw stale();
            }
            audit(actor, "step.skip", view.run().hubId(), runId, AuditOutcome.OK, "skipped " + kind.slug());
        });
        events.publishEvent(new StepStateChanged(runId, view.run().hubId(), kind, StepState.SKIPPED,
                "skipped by " + actor));
    }

    /** Rolls back: stops the hub if it runs, restores the backup, starts it and checks its health. */
    public void rollback(long runId, String actor, OptionalInt expectedVersion) {
        RunView view = view(runId);
        if (!view.canRollBack()) {
            throw WizardRefusal.conflict("Run #" + runId + " cannot be rolled back now: roll back needs a finished "
                    + "backup, an unfinished run and no step running");
        }
        Hub hub = hub(view.run());
        tx.executeWithoutResult(status -> {
            guard(view, expectedVersion);
            store.insertStep(runId, StepKind.ROLLBACK, StepKind.values().length);
            if (!store.begin(runId, StepKind.ROLLBACK, StepState.PENDING, null, clock.instant())) {
                throw stale();
            }
            audit(actor, "run.rollback", hub.id(), runId, AuditOutcome.OK, "roll back requested");
        });
        runner.execute(runId, StepKind.ROLLBACK, actor);
    }

    /** Gives up a run without rolling back; when the hub was stopped already, {@code confirmed} must be true. */
    public void abandon(long runId, String actor, boolean confirmed, OptionalInt expectedVersion) {
        RunView view = view(runId);
        if (!view.canAbandon()) {
            throw WizardRefusal.conflict("Run #" + runId + " cannot be abandoned now (it is over, or a step runs)");
        }
        boolean hubTouched = view.step(StepKind.SHUTDOWN).map(s -> s.state() != StepState.PENDING).orElse(false);
        if (hubTouched && !confirmed) {
            throw WizardRefusal.invalid("The hub was already stopped by this run; tick the confirmation that you "
                    + "will bring it back yourself, or roll back instead");
        }
        tx.executeWithoutResult(status -> {
            guard(view, expectedVersion);
            if (!store.endRun(runId, RunState.ABANDONED, clock.instant())) {
                throw stale();
            }
            audit(actor, "run.abandon", view.run().hubId(), runId, AuditOutcome.OK,
                    hubTouched ? "abandoned after the hub was stopped (acknowledged)" : "abandoned");
        });
        events.publishEvent(new RunStateChanged(runId, view.run().hubId(), RunState.ABANDONED));
    }

    /** A run with its steps and the actions it offers. */
    public RunView view(long runId) {
        Run run = store.run(runId).orElseThrow(() -> new WizardRefusal(Refusal.Reason.NOT_FOUND, "No run " + runId));
        List<StepRecord> stepList = store.steps(runId);
        String hubName = hubs.find(run.hubId()).map(Hub::name).orElse("hub " + run.hubId());
        return RunRules.view(run, hubName, stepList);
    }

    /** The newest runs, of one hub or of all. */
    public List<Run> runs(Optional<Long> hubId, int limit) {
        return store.runs(hubId.orElse(null), limit);
    }

    /** The active run of a hub, if any. */
    public Optional<Run> activeRun(long hubId) {
        return store.activeRunOf(hubId);
    }

    private void begin(RunView view, StepKind kind, StepState from, StepInput input, String actor,
                       OptionalInt expectedVersion, String action, String detail, Hub hub) {
        long runId = view.run().id();
        tx.executeWithoutResult(status -> {
            guard(view, expectedVersion);
            if (!store.begin(runId, kind, from, sealed.write(kind, input), clock.instant())) {
                throw stale();
            }
            audit(actor, action, hub.id(), runId, AuditOutcome.OK, detail);
        });
        runner.execute(runId, kind, actor);
    }

    private void guard(RunView view, OptionalInt expectedVersion) {
        int version = expectedVersion.orElse(view.run().version());
        if (version != view.run().version() || !store.touch(view.run().id(), version)) {
            throw stale();
        }
    }

    private static WizardRefusal stale() {
        return WizardRefusal.conflict("The run changed meanwhile (someone acted, or the form was submitted twice); "
                + "reload the page and check before acting again");
    }

    private Hub hub(Run run) {
        return hubs.find(run.hubId()).orElseThrow(() -> WizardRefusal.conflict("The run's hub no longer exists"));
    }

    private static String notNextReason(RunView view, StepKind kind) {
        if (view.run().state() != RunState.ACTIVE) {
            return "Run #" + view.run().id() + " is " + view.run().state().name().toLowerCase() + "; start a new run";
        }
        return view.running().map(r -> "Step " + r.kind().slug() + " is still running; wait for it")
                .or(() -> view.broken().stream().findFirst().map(b -> "Step " + b.kind().slug() + " "
                        + b.state().name().toLowerCase() + "; retry it or roll back"))
                .orElse("Step " + kind.slug() + " is not next" + view.next().map(n -> "; next is " + n.slug())
                        .orElse(""));
    }

    private void audit(String actor, String action, long hubId, long runId, AuditOutcome outcome, String detail) {
        audit.append(AuditEntry.of(clock.instant(), actor, action, hubId, runId, outcome, detail));
    }
}
