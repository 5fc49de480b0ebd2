package dev.hubconsole.audit;

/** How an audited action ended. */
public enum AuditOutcome {
    /** Done as asked. */
    OK,
    /** Tried and failed. */
    FAILED,
    /** Not done: the request was invalid or not allowed in the current state. */
    REFUSED
}
