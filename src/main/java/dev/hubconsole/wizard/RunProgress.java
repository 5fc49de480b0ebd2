package dev.hubconsole.wizard;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * What a run page (or an API client) reads about a run's progress: the persisted step results and log, the
 * status snapshot used when the live stream is unavailable, and the live stream itself.
 */
@Service
public class RunProgress {

    static final int LOG_PAGE = 5000;
    private final RunStore store;
    private final StepLog log;
    private final RunStream stream;
    private final Wizard wizard;

    RunProgress(RunStore store, StepLog log, RunStream stream, Wizard wizard) {
        this.store = store;
        this.log = log;
        this.stream = stream;
        this.wizard = wizard;
    }

    /**
     * A log line as pages and the API show it.
     *
     * @param id      increasing id; ask for lines after it
     * @param step    the step's slug
     * @param attempt which attempt
     * @param at      ISO-8601 time
     * @param line    text
     */
    public record LogLine(long id, String step, int attempt, String at, String line) {
    }

    /**
     * A run's state and the log lines after a given id.
     *
     * @param run   the run and its steps
     * @param log   new log lines
     */
    public record Status(RunView run, List<LogLine> log) {
    }

    /** The results each step recorded, by step. */
    public Map<StepKind, Map<String, Object>> results(long runId) {
        Map<StepKind, Map<String, Object>> results = new EnumMap<>(StepKind.class);
        store.steps(runId).stream().filter(s -> s.resultJson() != null)
                .forEach(s -> results.put(s.kind(), Json.object(s.resultJson())));
        return results;
    }

    /** Log lines after {@code afterId}, oldest first. */
    public List<LogLine> log(long runId, long afterId) {
        return log.after(runId, afterId, LOG_PAGE);
    }

    /** The status snapshot (fallback for the live stream, and the API's polling endpoint). */
    public Status status(long runId, long afterLogId) {
        return new Status(wizard.view(runId), log(runId, afterLogId));
    }

    /** The live stream of a run: {@code step}, {@code run} and {@code log} events plus heartbeats. */
    public SseEmitter subscribe(long runId) {
        return stream.subscribe(runId);
    }
}
