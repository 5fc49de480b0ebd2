package dev.hubconsole.wizard;

/**
 * Published after a run's new state is committed.
 *
 * @param runId the run
 * @param hubId its hub
 * @param state its new state
 */
public record RunStateChanged(long runId, long hubId, RunState state) {
}
