package dev.hubconsole.wizard;

/** Where a step stands. */
public enum StepState {
    PENDING, RUNNING, SUCCEEDED, FAILED, SKIPPED,
    /** Was running when the console stopped; never re-run silently. */
    INTERRUPTED;

    /** True when the step is done and the run may move past it. */
    public boolean passed() {
        return this == SUCCEEDED || this == SKIPPED;
    }

    /** True when the step ended badly and offers Retry and Roll back. */
    public boolean broken() {
        return this == FAILED || this == INTERRUPTED;
    }
}
