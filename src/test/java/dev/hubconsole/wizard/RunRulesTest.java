package dev.hubconsole.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which actions a run offers, derived from its stored state alone. */
class RunRulesTest {

    @Test
    void theNextStepIsTheFirstOneNotPassed() {
        assertThat(view(RunState.ACTIVE, Map.of()).next()).contains(StepKind.PLAN);
        assertThat(view(RunState.ACTIVE, Map.of(StepKind.PLAN, StepState.SUCCEEDED)).next()).contains(StepKind.BACKUP);
        assertThat(view(RunState.ACTIVE, Map.of(StepKind.PLAN, StepState.SUCCEEDED, StepKind.BACKUP,
                StepState.SUCCEEDED, StepKind.NOTIFY, StepState.SKIPPED)).next()).contains(StepKind.SHUTDOWN);
    }

    @Test
    void nothingIsNextWhileAStepRunsOrIsBrokenOrTheRunIsOver() {
        assertThat(view(RunState.ACTIVE, Map.of(StepKind.PLAN, StepState.RUNNING)).next()).isEmpty();
        assertThat(view(RunState.ACTIVE, Map.of(StepKind.PLAN, StepState.FAILED)).next()).isEmpty();
        assertThat(view(RunState.ACTIVE, Map.of(StepKind.PLAN, StepState.INTERRUPTED)).next()).isEmpty();
        assertThat(view(RunState.ABANDONED, Map.of()).next()).isEmpty();
    }

    @Test
    void rollbackIsOfferedFromASuccessfulBackupUntilFinish() {
        Map<StepKind, StepState> backedUp = new EnumMap<>(Map.of(StepKind.PLAN, StepState.SUCCEEDED,
                StepKind.BACKUP, StepState.SUCCEEDED));
        assertThat(view(RunState.ACTIVE, Map.of()).canRollBack()).isFalse();
        assertThat(view(RunState.ACTIVE, Map.of(StepKind.PLAN, StepState.SUCCEEDED, StepKind.BACKUP,
                StepState.FAILED)).canRollBack()).isFalse();
        assertThat(view(RunState.ACTIVE, backedUp).canRollBack()).isTrue();

        backedUp.put(StepKind.NOTIFY, StepState.SKIPPED);
        backedUp.put(StepKind.SHUTDOWN, StepState.SUCCEEDED);
        backedUp.put(StepKind.MIGRATE, StepState.FAILED);
        assertThat(view(RunState.ACTIVE, backedUp).canRollBack()).as("after a failed migration").isTrue();
        backedUp.put(StepKind.MIGRATE, StepState.RUNNING);
        assertThat(view(RunState.ACTIVE, backedUp).canRollBack()).as("while a step runs").isFalse();
        backedUp.put(StepKind.MIGRATE, StepState.SUCCEEDED);
        backedUp.put(StepKind.RESTART, StepState.SUCCEEDED);
        backedUp.put(StepKind.FINISH, StepState.SUCCEEDED);
        assertThat(view(RunState.ACTIVE, backedUp).canRollBack()).as("after finish").isFalse();
        assertThat(view(RunState.FINISHED, backedUp).canRollBack()).isFalse();
    }

    @Test
    void aStartedRollbackIsNotOfferedAgainAndStopsTheSequence() {
        Map<StepKind, StepState> states = new EnumMap<>(Map.of(StepKind.PLAN, StepState.SUCCEEDED,
                StepKind.BACKUP, StepState.SUCCEEDED, StepKind.ROLLBACK, StepState.FAILED));
        RunView view = view(RunState.ACTIVE, states);
        assertThat(view.canRollBack()).isFalse();
        assertThat(view.next()).isEmpty();
        assertThat(view.broken()).extracting(StepRecord::kind).containsExactly(StepKind.ROLLBACK);
    }

    @Test
    void abandonIsOfferedForAnActiveRunWithNoStepRunning() {
        assertThat(view(RunState.ACTIVE, Map.of()).canAbandon()).isTrue();
        assertThat(view(RunState.ACTIVE, Map.of(StepKind.PLAN, StepState.RUNNING)).canAbandon()).isFalse();
        assertThat(view(RunState.ROLLED_BACK, Map.of()).canAbandon()).isFalse();
    }

    static RunView view(RunState state, Map<StepKind, StepState> states) {
        Run run = new Run(1, 1, state, "alice", Instant.EPOCH, null, 0);
        List<StepRecord> steps = new ArrayList<>();
        int position = 0;
        for (StepKind kind : StepKind.SEQUENCE) {
            steps.add(record(kind, position++, states.getOrDefault(kind, StepState.PENDING)));
        }
        if (states.containsKey(StepKind.ROLLBACK)) {
            steps.add(record(StepKind.ROLLBACK, position, states.get(StepKind.ROLLBACK)));
        }
        return RunRules.view(run, "hub", steps);
    }

    private static StepRecord record(StepKind kind, int position, StepState state) {
        return new StepRecord(1, kind, position, state, state == StepState.PENDING ? 0 : 1, null, null, null, null,
                null, null);
    }
}
