package dev.hubconsole.hubdb;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a copy will do, shown by {@code migrate --dry-run} before anything is written.
 *
 * @param source         the source URL (password masked)
 * @param target         the target URL (password masked)
 * @param revision       the source's alembic revision
 * @param releases       the JupyterHub releases whose schema that is
 * @param ddl            the target DDL in execution order
 * @param rowCounts      rows per table to copy
 * @param findings       rows the target would reject (the copy stops when there are any, unless they are handled)
 * @param leftovers      known upgrade leftovers and whether they are dropped or kept
 * @param additions      the admin's own tables, columns and indexes carried across, with their mapped types
 * @param notes          other things the administrator should know (e.g. MySQL's whole-second datetimes)
 * @param existingTables tables already in the target
 * @param tablesToDrop   tables that will be dropped first (--replace-target, or a previous incomplete copy)
 * @param onViolation    what the copy does with the rows of the findings
 * @param handled        the rows skipped or changed because of the findings (and the rows depending on them), by
 *                       table and key; empty unless {@code onViolation} handles them
 */
public record CopyPlan(String source, String target, String revision, List<String> releases, List<String> ddl,
        Map<String, Long> rowCounts, List<CopyFinding> findings, List<String> leftovers, List<String> additions,
        List<String> notes, List<String> existingTables, List<String> tablesToDrop,
        CopyOptions.OnViolation onViolation, List<CopyHandledRow> handled) {

    /** Checks the invariants. */
    public CopyPlan {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(revision, "revision");
        releases = List.copyOf(releases);
        ddl = List.copyOf(ddl);
        rowCounts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rowCounts));
        findings = List.copyOf(findings);
        leftovers = List.copyOf(leftovers);
        additions = List.copyOf(additions);
        notes = List.copyOf(notes);
        existingTables = List.copyOf(existingTables);
        tablesToDrop = List.copyOf(tablesToDrop);
        Objects.requireNonNull(onViolation, "onViolation");
        handled = List.copyOf(handled);
    }

    /** Whether the findings stop the copy: schema findings always, rows the target would reject unless handled. */
    public boolean stopped() {
        return findings.stream().anyMatch(f -> f.kind() == CopyFinding.Kind.SCHEMA
                || onViolation == CopyOptions.OnViolation.STOP);
    }

    /** The number of rows left out ({@link CopyHandledRow.Action#SKIPPED}). */
    public long skippedRows() {
        return handled.stream().filter(h -> h.action() == CopyHandledRow.Action.SKIPPED).count();
    }

    /** The total number of rows to copy. */
    public long totalRows() {
        return rowCounts.values().stream().mapToLong(Long::longValue).sum();
    }
}
