package dev.hubconsole.wizard;

import java.util.List;
import java.util.Optional;

/** Derives, from a run's stored state alone, which actions it offers. */
final class RunRules {

    private RunRules() {
    }

    static RunView view(Run run, String hubName, List<StepRecord> steps) {
        boolean active = run.state() == RunState.ACTIVE;
        boolean running = steps.stream().anyMatch(s -> s.state() == StepState.RUNNING);
        boolean broken = steps.stream().anyMatch(s -> s.state().broken());
        boolean rollbackStarted = steps.stream().anyMatch(s -> s.kind() == StepKind.ROLLBACK);
        Optional<StepKind> next = Optional.empty();
        if (active && !running && !broken && !rollbackStarted) {
            next = steps.stream().filter(s -> s.kind() != StepKind.ROLLBACK && !s.state().passed())
                    .findFirst().filter(s -> s.state() == StepState.PENDING).map(StepRecord::kind);
        }
        boolean backedUp = state(steps, StepKind.BACKUP) == StepState.SUCCEEDED;
        boolean finished = state(steps, StepKind.FINISH) == StepState.SUCCEEDED;
        boolean canRollBack = active && !running && backedUp && !finished && !rollbackStarted;
        boolean canAbandon = active && !running;
        return new RunView(run, hubName, steps, next, canRollBack, canAbandon);
    }

    private static StepState state(List<StepRecord> steps, StepKind kind) {
        return steps.stream().filter(s -> s.kind() == kind).map(StepRecord::state).findFirst()
                .orElse(StepState.PENDING);
    }
}
