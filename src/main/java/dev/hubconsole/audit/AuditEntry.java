package dev.hubconsole.audit;

import java.time.Instant;

/**
 * One audit event.
 *
 * @param id      database id (0 before it is stored)
 * @param at      when
 * @param actor   the account, or {@code system}
 * @param action  what, as a stable dotted name ({@code run.start}, {@code step.retry}, {@code hub.register}, …)
 * @param hubId   the hub concerned, or null
 * @param runId   the run concerned, or null
 * @param outcome how it ended
 * @param detail  a human-readable line (never a secret)
 */
public record AuditEntry(long id, Instant at, String actor, String action, Long hubId, Long runId,
                         AuditOutcome outcome, String detail) {

    public AuditEntry {
        if (at == null || actor == null || actor.isBlank() || action == null || action.isBlank() || outcome == null) {
            throw new IllegalArgumentException("audit entry needs time, actor, action and outcome");
        }
        detail = detail == null ? "" : detail;
    }

    /** A new entry, not yet stored. */
    public static AuditEntry of(Instant at, String actor, String action, Long hubId, Long runId,
                                AuditOutcome outcome, String detail) {
        return new AuditEntry(0, at, actor, action, hubId, runId, outcome, detail);
    }
}
