package dev.hubconsole.wizard;

/**
 * Published after a step's new state is committed (other features, such as the maintenance notice, follow
 * the run through it).
 *
 * @param runId   the run
 * @param hubId   its hub
 * @param kind    the step
 * @param state   its new state
 * @param summary one line: what happened
 */
public record StepStateChanged(long runId, long hubId, StepKind kind, StepState state, String summary) {
}
