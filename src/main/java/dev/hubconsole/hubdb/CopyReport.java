package dev.hubconsole.hubdb;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of a verified copy.
 *
 * @param plan       the plan that was carried out, with every row it skipped or changed ({@link CopyPlan#handled()})
 * @param tables     per table: rows, time and the checksum both sides agreed on
 * @param dropped    tables dropped from the target first
 * @param millis     the whole copy's duration, verification included
 * @param dbUrlLine  the line for {@code jupyterhub_config.py} (password masked: put the real one in)
 */
public record CopyReport(CopyPlan plan, List<TableResult> tables, List<String> dropped, long millis,
        String dbUrlLine) {

    /** Checks the invariants. */
    public CopyReport {
        Objects.requireNonNull(plan, "plan");
        tables = List.copyOf(tables);
        dropped = List.copyOf(dropped);
    }

    /** One copied and verified table. */
    public record TableResult(String table, long rows, long loadMillis, String checksum) {
    }

    /** The rows copied. */
    public long totalRows() {
        return tables.stream().mapToLong(TableResult::rows).sum();
    }
}
