package dev.hubconsole.wizard;

import static dev.hubconsole.wizard.StepKind.BACKUP;
import static dev.hubconsole.wizard.StepKind.FINISH;
import static dev.hubconsole.wizard.StepKind.MIGRATE;
import static dev.hubconsole.wizard.StepKind.NOTIFY;
import static dev.hubconsole.wizard.StepKind.PLAN;
import static dev.hubconsole.wizard.StepKind.RESTART;
import static dev.hubconsole.wizard.StepKind.SHUTDOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubconsole.shared.Refusal;
import dev.hubconsole.hub.Hub;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;

/**
 * The wizard's state machine against the real console database: one active run per hub, stale or doubled
 * actions refused, what may be skipped, rolled back and abandoned, and one audit event per transition committed
 * with it.
 */
class WizardStateMachineTest extends WizardFixture {

    @Test
    void aHubHasAtMostOneActiveRun() {
        Hub hub = hub();
        Run first = wizard.startRun(hub.id(), "alice");

        assertThatThrownBy(() -> wizard.startRun(hub.id(), "bob"))
                .isInstanceOfSatisfying(WizardRefusal.class, r -> assertThat(r.reason()).isEqualTo(Refusal.Reason.CONFLICT))
                .hasMessageContaining("has an active run #" + first.id());
        assertThat(wizard.runs(Optional.of(hub.id()), 10)).singleElement().extracting(Run::id).isEqualTo(first.id());
        assertThat(auditActions(first.id())).containsExactly("run.start");

        wizard.abandon(first.id(), "alice", false, OptionalInt.empty());
        Run second = wizard.startRun(hub.id(), "alice");
        assertThat(second.id()).isNotEqualTo(first.id());
    }

    @Test
    void theDatabaseItselfRejectsASecondActiveRunOfAHub() {
        Hub hub = hub();
        wizard.startRun(hub.id(), "alice");
        String insert = "INSERT INTO runs (hub_id, state, created_by, created_at, version) "
                + "VALUES (:h, :s, 'raw', '2026-01-01T00:00:00Z', 0)";

        // SQLite's driver gives no SQL state, so Spring cannot classify it as a DataIntegrityViolationException
        assertThatThrownBy(() -> jdbc.sql(insert).param("h", hub.id()).param("s", "ACTIVE").update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("UNIQUE constraint failed: runs.hub_id");
        // finished runs are not limited
        assertThat(jdbc.sql(insert).param("h", hub.id()).param("s", "FINISHED").update()).isEqualTo(1);
        assertThat(jdbc.sql(insert).param("h", hub.id()).param("s", "ABANDONED").update()).isEqualTo(1);
    }

    @Test
    void aNewRunHasTheSevenStepsPendingAndOffersOnlyThePlan() {
        Run run = wizard.startRun(hub().id(), "alice");
        RunView view = wizard.view(run.id());

        assertThat(view.steps()).extracting(StepRecord::kind).containsExactlyElementsOf(StepKind.SEQUENCE);
        assertThat(view.steps()).allMatch(s -> s.state() == StepState.PENDING && s.attempt() == 0);
        assertThat(view.next()).contains(PLAN);
        assertThat(view.canRollBack()).isFalse();
        assertThat(view.canAbandon()).isTrue();
        assertThatThrownBy(() -> wizard.startStep(run.id(), BACKUP, StepInput.none(), "alice", OptionalInt.empty()))
                .isInstanceOf(WizardRefusal.class).hasMessageContaining("backup is not next; next is plan");
        assertThat(auditEvents(run.id())).isEqualTo(1);
    }

    @Test
    void aStaleVersionOrADoubleSubmitIsRefusedAndChangesNothing() {
        Run run = wizard.startRun(hub().id(), "alice");
        passed(run.id(), PLAN, BACKUP);
        int version = wizard.view(run.id()).run().version();

        assertThatThrownBy(() -> wizard.skipStep(run.id(), NOTIFY, "alice", OptionalInt.of(version - 1)))
                .isInstanceOf(WizardRefusal.class).hasMessageContaining("changed meanwhile");
        assertThat(step(run.id(), NOTIFY).state()).isEqualTo(StepState.PENDING);
        assertThat(auditEvents(run.id())).isEqualTo(1);

        wizard.skipStep(run.id(), NOTIFY, "alice", OptionalInt.of(version));
        assertThatThrownBy(() -> wizard.skipStep(run.id(), NOTIFY, "alice", OptionalInt.of(version)))
                .isInstanceOf(WizardRefusal.class);
        assertThat(step(run.id(), NOTIFY).state()).isEqualTo(StepState.SKIPPED);
        assertThat(auditActions(run.id())).containsExactly("run.start", "step.skip");
        assertThat(wizard.view(run.id()).run().version()).isEqualTo(version + 1);
        assertThat(wizard.view(run.id()).next()).contains(SHUTDOWN);
    }

    @Test
    void aDoubleSubmittedAbandonIsRefusedTheSecondTime() {
        Run run = wizard.startRun(hub().id(), "alice");
        int version = run.version();
        wizard.abandon(run.id(), "alice", false, OptionalInt.of(version));

        assertThatThrownBy(() -> wizard.abandon(run.id(), "alice", false, OptionalInt.of(version)))
                .isInstanceOf(WizardRefusal.class).hasMessageContaining("cannot be abandoned now");
        assertThat(auditActions(run.id())).containsExactly("run.start", "run.abandon");
    }

    @Test
    void onlyTheNoticeMayBeSkippedAndOnlyWhenItIsNext() {
        Run run = wizard.startRun(hub().id(), "alice");
        assertThatThrownBy(() -> wizard.skipStep(run.id(), NOTIFY, "alice", OptionalInt.empty()))
                .isInstanceOf(WizardRefusal.class).hasMessageContaining("only when it is next");
        for (StepKind kind : StepKind.values()) {
            if (kind != NOTIFY) {
                assertThatThrownBy(() -> wizard.skipStep(run.id(), kind, "alice", OptionalInt.empty()))
                        .as(kind.name()).isInstanceOf(WizardRefusal.class).hasMessageContaining("cannot be skipped");
            }
        }
        passed(run.id(), PLAN, BACKUP);
        assertThatThrownBy(() -> wizard.skipStep(run.id(), SHUTDOWN, "alice", OptionalInt.empty()))
                .isInstanceOf(WizardRefusal.class);
        wizard.skipStep(run.id(), NOTIFY, "alice", OptionalInt.empty());

        assertThat(step(run.id(), NOTIFY).state()).isEqualTo(StepState.SKIPPED);
        assertThat(step(run.id(), PLAN).state()).isEqualTo(StepState.SUCCEEDED);
        assertThat(auditActions(run.id())).containsExactly("run.start", "step.skip");
    }

    @Test
    void rollbackIsOfferedOnlyAfterASuccessfulBackupAndIsRefusedBefore() {
        Run run = wizard.startRun(hub().id(), "alice");
        assertThat(wizard.view(run.id()).canRollBack()).isFalse();
        assertThatThrownBy(() -> wizard.rollback(run.id(), "alice", OptionalInt.empty()))
                .isInstanceOf(WizardRefusal.class).hasMessageContaining("needs a finished backup");
        passed(run.id(), PLAN);
        assertThat(wizard.view(run.id()).canRollBack()).isFalse();
        assertThatThrownBy(() -> wizard.rollback(run.id(), "alice", OptionalInt.empty()))
                .isInstanceOf(WizardRefusal.class);

        passed(run.id(), BACKUP);
        assertThat(wizard.view(run.id()).canRollBack()).isTrue();
        assertThat(wizard.view(run.id()).steps()).noneMatch(s -> s.kind() == StepKind.ROLLBACK);
        assertThat(auditActions(run.id())).containsExactly("run.start");
    }

    @Test
    void abandoningAfterTheHubWasStoppedNeedsTheConfirmation() {
        Run run = wizard.startRun(hub().id(), "alice");
        passed(run.id(), PLAN, BACKUP, NOTIFY);
        store.begin(run.id(), SHUTDOWN, StepState.PENDING, "{}", Instant.now());
        store.end(run.id(), SHUTDOWN, StepState.RUNNING, StepState.FAILED, null, null, "could not stop", Instant.now());

        assertThatThrownBy(() -> wizard.abandon(run.id(), "alice", false, OptionalInt.empty()))
                .isInstanceOfSatisfying(WizardRefusal.class, r -> assertThat(r.reason()).isEqualTo(Refusal.Reason.INVALID))
                .hasMessageContaining("tick the confirmation");
        assertThat(wizard.view(run.id()).run().state()).isEqualTo(RunState.ACTIVE);
        assertThat(auditActions(run.id())).containsExactly("run.start");

        wizard.abandon(run.id(), "alice", true, OptionalInt.empty());
        assertThat(wizard.view(run.id()).run().state()).isEqualTo(RunState.ABANDONED);
        assertThat(wizard.view(run.id()).run().finishedAt()).isNotNull();
        assertThat(jdbc.sql("SELECT detail FROM audit_events WHERE run_id = :r AND action = 'run.abandon'")
                .param("r", run.id()).query(String.class).single()).contains("acknowledged");
        assertThat(wizard.view(run.id()).canAbandon()).isFalse();
        assertThat(wizard.view(run.id()).next()).isEmpty();
    }

    @Test
    void abandoningBeforeShutdownNeedsNoConfirmation() {
        Run run = wizard.startRun(hub().id(), "alice");
        passed(run.id(), PLAN, BACKUP);
        wizard.abandon(run.id(), "alice", false, OptionalInt.empty());
        assertThat(wizard.view(run.id()).run().state()).isEqualTo(RunState.ABANDONED);
        assertThat(auditActions(run.id())).containsExactly("run.start", "run.abandon");
    }

    @Test
    void aTransitionAndItsAuditEventCommitTogetherOrNotAtAll() {
        Run run = wizard.startRun(hub().id(), "alice");
        Hub other = hub();
        jdbc.sql("CREATE TRIGGER test_audit_down BEFORE INSERT ON audit_events "
                + "BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END").update();
        try {
            assertThatThrownBy(() -> wizard.abandon(run.id(), "alice", false, OptionalInt.empty()))
                    .isInstanceOf(DataAccessException.class);
            assertThat(wizard.view(run.id()).run().state()).isEqualTo(RunState.ACTIVE);
            assertThat(wizard.view(run.id()).run().version()).isEqualTo(run.version());

            // the failure is reported as what it is, not as "has an active run already"
            assertThatThrownBy(() -> wizard.startRun(other.id(), "alice")).isInstanceOf(DataAccessException.class)
                    .hasMessageContaining("audit unavailable");
            assertThat(wizard.runs(Optional.of(other.id()), 10)).isEmpty();
        } finally {
            jdbc.sql("DROP TRIGGER test_audit_down").update();
        }
        assertThat(auditActions(run.id())).containsExactly("run.start");
    }

    @Test
    void finishExecutesOnTheStepExecutorAndClosesTheRunWithItsAuditEvents() throws Exception {
        Run run = wizard.startRun(hub().id(), "alice");
        passed(run.id(), PLAN, BACKUP);
        wizard.skipStep(run.id(), NOTIFY, "alice", OptionalInt.empty());
        passed(run.id(), SHUTDOWN, MIGRATE, RESTART);

        wizard.startStep(run.id(), FINISH, StepInput.none(), "alice", OptionalInt.empty());

        StepRecord finish = settled(run.id(), FINISH);
        assertThat(finish.state()).isEqualTo(StepState.SUCCEEDED);
        assertThat(finish.attempt()).isEqualTo(1);
        RunView view = wizard.view(run.id());
        assertThat(view.run().state()).isEqualTo(RunState.FINISHED);
        assertThat(view.canRollBack()).isFalse();
        assertThat(view.canAbandon()).isFalse();
        assertThat(auditActions(run.id()))
                .containsExactly("run.start", "step.skip", "step.start", "step.succeeded", "run.finished");
        assertThatThrownBy(() -> wizard.rollback(run.id(), "alice", OptionalInt.empty()))
                .isInstanceOf(WizardRefusal.class);
        // the hub is free for a new run
        assertThat(wizard.activeRun(run.hubId())).isEmpty();
    }

    @Test
    void aFailingPlanIsRecordedWithItsReasonAndOffersRetry() throws Exception {
        Run run = wizard.startRun(hub().id(), "alice");
        wizard.startStep(run.id(), PLAN, StepInput.none(), "alice", OptionalInt.empty());

        StepRecord plan = settled(run.id(), PLAN);
        assertThat(plan.state()).isEqualTo(StepState.FAILED);
        assertThat(plan.error()).contains("missing.sqlite").doesNotContain("\n");
        RunView view = wizard.view(run.id());
        assertThat(view.broken()).extracting(StepRecord::kind).containsExactly(PLAN);
        assertThat(view.next()).isEmpty();
        assertThat(view.canRollBack()).as("nothing backed up yet").isFalse();
        assertThat(auditActions(run.id())).containsExactly("run.start", "step.start", "step.failed");
        assertThatThrownBy(() -> wizard.startStep(run.id(), PLAN, StepInput.none(), "alice", OptionalInt.empty()))
                .isInstanceOf(WizardRefusal.class).hasMessageContaining("retry it");

        wizard.retryStep(run.id(), PLAN, Optional.empty(), "alice", OptionalInt.empty());
        StepRecord retried = settled(run.id(), PLAN);
        assertThat(retried.attempt()).isEqualTo(2);
        assertThat(retried.state()).isEqualTo(StepState.FAILED);
        assertThat(auditActions(run.id()))
                .containsExactly("run.start", "step.start", "step.failed", "step.retry", "step.failed");
    }

    @Test
    void auditRowsCannotBeUpdatedOrDeleted() {
        Run run = wizard.startRun(hub().id(), "alice");

        assertThatThrownBy(() -> jdbc.sql("UPDATE audit_events SET actor = 'mallory' WHERE run_id = :r")
                .param("r", run.id()).update()).isInstanceOf(DataAccessException.class)
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_events WHERE run_id = :r").param("r", run.id()).update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThat(jdbc.sql("SELECT actor FROM audit_events WHERE run_id = :r").param("r", run.id())
                .query(String.class).list()).containsExactly("alice");
    }
}
