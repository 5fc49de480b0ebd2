package dev.hubconsole.wizard;

import java.time.Instant;

/**
 * One step of a run as stored.
 *
 * @param runId      the run
 * @param kind       which step
 * @param position   order in the run
 * @param state      where it stands
 * @param attempt    1 for the first execution, incremented by each retry
 * @param startedAt  when the current attempt started, or null
 * @param finishedAt when it ended, or null
 * @param inputJson  what the admin gave the step (JSON object), or null
 * @param resultJson what the step found or made (JSON object), or null
 * @param summary    one line on how it ended, or null
 * @param error      why it failed, or null
 */
public record StepRecord(long runId, StepKind kind, int position, StepState state, int attempt, Instant startedAt,
                         Instant finishedAt, String inputJson, String resultJson, String summary, String error) {

    public StepRecord {
        if (kind == null || state == null) {
            throw new IllegalArgumentException("step needs kind and state");
        }
    }
}
