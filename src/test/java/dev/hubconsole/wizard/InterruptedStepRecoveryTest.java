package dev.hubconsole.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A step that was running when the console stopped is marked INTERRUPTED at start-up, audited, never re-run. */
class InterruptedStepRecoveryTest extends WizardFixture {

    @Autowired
    InterruptedStepRecovery recovery;
    @Autowired
    StepLog stepLog;

    @Test
    void aRunningStepBecomesInterruptedWithAnAuditEventAndIsNotRunAgain() throws Exception {
        Run run = wizard.startRun(hub().id(), "alice");
        passed(run.id(), StepKind.PLAN);
        // as if the console died while Backup was running: RUNNING in the database, nothing executing
        assertThat(store.begin(run.id(), StepKind.BACKUP, StepState.PENDING, "{}", Instant.now())).isTrue();

        recovery.run(null);

        StepRecord backup = step(run.id(), StepKind.BACKUP);
        assertThat(backup.state()).isEqualTo(StepState.INTERRUPTED);
        assertThat(backup.attempt()).isEqualTo(1);
        assertThat(backup.error()).contains("console stopped while this step was running");
        assertThat(auditActions(run.id())).containsExactly("run.start", "step.interrupted");
        assertThat(jdbc.sql("SELECT actor FROM audit_events WHERE run_id = :r AND action = 'step.interrupted'")
                .param("r", run.id()).query(String.class).single()).isEqualTo("system");
        assertThat(stepLog.after(run.id(), 0, 100)).extracting(RunProgress.LogLine::line)
                .containsExactly("INTERRUPTED: the console stopped while this step was running; check the hub, then "
                        + "retry or roll back");

        Thread.sleep(300);
        assertThat(step(run.id(), StepKind.BACKUP).state()).as("not re-run").isEqualTo(StepState.INTERRUPTED);
        RunView view = wizard.view(run.id());
        assertThat(view.broken()).extracting(StepRecord::kind).containsExactly(StepKind.BACKUP);
        assertThat(view.next()).isEmpty();
        assertThat(view.canAbandon()).isTrue();

        recovery.run(null);
        assertThat(auditActions(run.id())).as("a second start changes nothing").hasSize(2);
    }
}
