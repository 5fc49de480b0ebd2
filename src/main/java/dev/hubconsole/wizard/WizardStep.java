package dev.hubconsole.wizard;

/**
 * One step of a run. Each step is one implementation, found as a Spring bean by its {@link #kind()}. It runs on
 * the step executor, never on a request thread and never inside a transaction; it reports progress through the
 * context's log and returns what it found, or throws {@link StepFailure} with a one-line reason.
 */
public interface WizardStep {

    /** Which step this implements. */
    StepKind kind();

    /** Does the step's work. */
    StepOutcome execute(StepContext context) throws Exception;

    /**
     * Checks the admin's input before the step is started (on the request thread, changing nothing); throws
     * {@link StepFailure} naming what is missing. By default every input is accepted.
     */
    default void checkInput(StepInput input, StepContext.Facts facts) {
    }

    /**
     * The input fields that hold secrets (e.g. a database URL with a password): they are stored encrypted, never
     * shown, and redacted from the run's log. By default none.
     */
    default java.util.Set<String> secretInputs() {
        return java.util.Set.of();
    }
}
