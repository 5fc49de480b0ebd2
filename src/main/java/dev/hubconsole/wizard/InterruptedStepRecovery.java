package dev.hubconsole.wizard;

import dev.hubconsole.audit.AuditEntry;
import dev.hubconsole.audit.AuditLog;
import dev.hubconsole.audit.AuditOutcome;
import dev.hubconsole.security.CurrentUser;
import java.time.Clock;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At start-up, marks steps that were running when the console stopped as INTERRUPTED (audited). Nothing is
 * re-run silently: the admin decides to retry or roll back.
 */
@Component
class InterruptedStepRecovery implements ApplicationRunner {

    private final RunStore store;
    private final StepLog stepLog;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final Clock clock;

    InterruptedStepRecovery(RunStore store, StepLog stepLog, AuditLog audit, TransactionTemplate tx, Clock clock) {
        this.store = store;
        this.stepLog = stepLog;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (StepRecord step : store.stepsInState(StepState.RUNNING)) {
            long hubId = store.run(step.runId()).map(Run::hubId).orElse(0L);
            String reason = "the console stopped while this step was running; check the hub, then retry or roll back";
            tx.executeWithoutResult(status -> {
                if (store.end(step.runId(), step.kind(), StepState.RUNNING, StepState.INTERRUPTED, null, null, reason,
                        clock.instant())) {
                    audit.append(AuditEntry.of(clock.instant(), CurrentUser.SYSTEM, "step.interrupted", hubId,
                            step.runId(), AuditOutcome.FAILED, step.kind().slug() + ": " + reason));
                }
            });
            stepLog.append(step.runId(), step.kind(), step.attempt(), "INTERRUPTED: " + reason);
        }
    }
}
