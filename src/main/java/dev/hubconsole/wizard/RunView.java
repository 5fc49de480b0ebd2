package dev.hubconsole.wizard;

import java.util.List;
import java.util.Optional;

/**
 * A run with its steps, and what an admin may do next; what the run page and the API show.
 *
 * @param run         the run
 * @param hubName     its hub's name
 * @param steps       its steps in order
 * @param next        the step that may be started next, if any
 * @param canRollBack whether Roll back is offered
 * @param canAbandon  whether the run may be abandoned
 */
public record RunView(Run run, String hubName, List<StepRecord> steps, Optional<StepKind> next, boolean canRollBack,
                      boolean canAbandon) {

    /** The step of that kind. */
    public Optional<StepRecord> step(StepKind kind) {
        return steps.stream().filter(s -> s.kind() == kind).findFirst();
    }

    /** The step currently running, if any. */
    public Optional<StepRecord> running() {
        return steps.stream().filter(s -> s.state() == StepState.RUNNING).findFirst();
    }

    /** Steps that failed or were interrupted (they offer Retry). */
    public List<StepRecord> broken() {
        return steps.stream().filter(s -> s.state().broken()).toList();
    }
}
