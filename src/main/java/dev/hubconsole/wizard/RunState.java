package dev.hubconsole.wizard;

/** Where a run stands; only one ACTIVE run per hub (enforced by a unique index). */
public enum RunState {
    ACTIVE, FINISHED, ROLLED_BACK, ABANDONED
}
