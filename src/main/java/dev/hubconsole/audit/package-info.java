/**
 * The append-only audit trail: who did what, when, to which hub and run, and with what outcome. The database
 * refuses updates and deletes of audit rows (see the V2 migrations).
 */
package dev.hubconsole.audit;
