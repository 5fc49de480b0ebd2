/**
 * Upgrade runs: a state machine persisted in the console's database. A run walks Plan → Backup → Notify →
 * Shutdown → Migrate → Restart → Finish, one step at a time, each started by an admin and executed off the
 * request thread; a failed step offers Retry and Roll back. Every transition appends an audit event in the same
 * transaction; progress is persisted and streamed to the page (SSE).
 */
package dev.hubconsole.wizard;
