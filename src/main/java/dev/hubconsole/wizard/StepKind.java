package dev.hubconsole.wizard;

import java.util.List;

/** The steps of a run, in order; {@link #ROLLBACK} is added only when an admin asks for it. */
public enum StepKind {
    PLAN, BACKUP, NOTIFY, SHUTDOWN, MIGRATE, RESTART, FINISH, ROLLBACK;

    /** The steps every run has, in order. */
    public static final List<StepKind> SEQUENCE = List.of(PLAN, BACKUP, NOTIFY, SHUTDOWN, MIGRATE, RESTART, FINISH);

    /** Steps an admin may skip (audited); every other step must succeed or skip itself. */
    public boolean skippable() {
        return this == NOTIFY;
    }

    /** Lower-case name for URLs and messages. */
    public String slug() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
