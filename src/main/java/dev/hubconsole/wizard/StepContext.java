package dev.hubconsole.wizard;

import dev.hubconsole.audit.AuditOutcome;
import dev.hubconsole.hub.Hub;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a step sees while it runs: the run, the hub, the admin's input, what earlier steps found, a log that is
 * persisted and streamed to the page, and the audit trail for decisions taken inside the step.
 */
public final class StepContext {

    private final Run run;
    private final Hub hub;
    private final StepKind kind;
    private final StepInput input;
    private final String actor;
    private final Facts facts;
    private final Consumer<String> log;
    private final Auditor auditor;

    StepContext(Run run, Hub hub, StepKind kind, StepInput input, String actor, Facts facts, Consumer<String> log,
                Auditor auditor) {
        this.run = run;
        this.hub = hub;
        this.kind = kind;
        this.input = input;
        this.actor = actor;
        this.facts = facts;
        this.log = log;
        this.auditor = auditor;
    }

    /** The run. */
    public Run run() {
        return run;
    }

    /** The hub being upgraded. */
    public Hub hub() {
        return hub;
    }

    /** The step being executed. */
    public StepKind kind() {
        return kind;
    }

    /** What the admin gave this step. */
    public StepInput input() {
        return input;
    }

    /** Who started this step. */
    public String actor() {
        return actor;
    }

    /** What earlier steps found. */
    public Facts facts() {
        return facts;
    }

    /** Appends a line to the step's log (persisted, streamed to the page). Never pass a secret. */
    public void log(String line) {
        log.accept(line);
    }

    /** The log as a line sink, for command output. */
    public Consumer<String> logSink() {
        return log;
    }

    /** Records a decision taken inside the step (e.g. an acknowledgement) in the audit trail. */
    public void audit(String action, AuditOutcome outcome, String detail) {
        auditor.audit(action, outcome, detail);
    }

    /** Appends audit events for a step. */
    @FunctionalInterface
    interface Auditor {
        void audit(String action, AuditOutcome outcome, String detail);
    }

    /**
     * Results and inputs of the run's steps so far.
     *
     * @param results step → result values
     * @param inputs  step → admin input
     */
    public record Facts(Map<StepKind, Map<String, Object>> results, Map<StepKind, StepInput> inputs) {

        public Facts {
            results = Map.copyOf(results);
            inputs = Map.copyOf(inputs);
        }

        /** A value an earlier step recorded. */
        public Optional<Object> value(StepKind step, String key) {
            return Optional.ofNullable(results.getOrDefault(step, Map.of()).get(key));
        }

        /** A string value an earlier step recorded. */
        public Optional<String> string(StepKind step, String key) {
            return value(step, key).map(Object::toString);
        }
    }
}
